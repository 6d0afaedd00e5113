import type { ApprovalRequest, MessageRef } from '../../src/domain/approval.js';
import type { Clock, Logger, Notifier, NotesEvent } from '../../src/ports/system.js';
import type { ApprovalStore } from '../../src/ports/stores.js';
import { channelSettingFor } from '../chat/channels.js';
import type { FeishuApi } from './api.js';
import { card, type FeishuCard } from './cardKit.js';
import { approvalCard } from './cards.js';
import { translatorFor, type Translator } from '../chat/i18n/index.js';
import type { Locale } from '../../src/domain/locale.js';

/**
 * A Feishu chat named by a setting shared with other platforms (APPROVAL_CHANNEL,
 * BACKUP_DIGEST_CHANNEL): `feishu:<chat_id>`, or a bare chat id (`oc_...`). Anything else means
 * "not for Feishu". Returns the chat id, or undefined.
 */
export function feishuChatOf(setting: string | undefined): string | undefined {
  const own = channelSettingFor('feishu', setting);
  if (!own) return undefined;
  return setting?.startsWith('feishu:') || /^oc_[A-Za-z0-9]+$/.test(own) ? own : undefined;
}

/**
 * Approval events on Feishu: the card goes to the approval chat (APPROVAL_CHANNEL, else the chat
 * the request came from) and its message id is stored with the request, so the decision updates
 * that same card in place later, from any process (JSON 2.0 cards are shared: everyone sees the
 * update). The card speaks the chat's language (`lang channel`, else DIGEST_LOCALE, else
 * DEFAULT_LOCALE); the requester is told the outcome in the chat they asked from, in their own.
 */
export class FeishuApprovalNotifier implements Notifier {
  constructor(
    private readonly deps: {
      api: FeishuApi;
      approvals: Pick<ApprovalStore, 'attachMessage'>;
      approvalChannel?: string | undefined;
      /** A chat's language for the bot's posts there (`PlatformContext.channelLocale`). */
      channelLocale(chatId: string): Promise<Locale>;
      /** The requester's own language (their `lang`, else the default). */
      requesterWords(request: ApprovalRequest): Promise<Translator>;
      clock: Clock;
      logger: Logger;
    },
  ) {}

  /** The approval card in a chat's language, its expiry counted from now. */
  private async cardIn(chatId: string, request: ApprovalRequest): Promise<FeishuCard> {
    return approvalCard(request, { tr: translatorFor(await this.deps.channelLocale(chatId)), now: this.deps.clock.now() });
  }

  async publish(event: NotesEvent): Promise<void> {
    if (event.type === 'approval.requested') await this.postApprovalCard(event.request);
    else await this.showDecision(event.request);
  }

  private async postApprovalCard(request: ApprovalRequest): Promise<void> {
    const chatId = feishuChatOf(this.deps.approvalChannel) ?? (request.origin.platform === 'feishu' ? request.origin.channelId : undefined);
    if (!chatId) {
      this.deps.logger.warn({ requestId: request.id }, 'approval request has no Feishu chat to post to; admins can still use "approvals"');
      return;
    }
    const messageId = await this.deps.api.sendCard(chatId, await this.cardIn(chatId, request));
    if (!messageId) {
      this.deps.logger.warn({ requestId: request.id }, 'the open platform returned no message id; the approval card cannot be updated later');
      return;
    }
    const ref: MessageRef = { platform: 'feishu', channelId: chatId, messageId };
    await this.deps.approvals.attachMessage(request.id, ref);
  }

  private async showDecision(request: ApprovalRequest): Promise<void> {
    const message = request.message;
    if (message?.platform === 'feishu') await this.deps.api.updateCard(message.messageId, await this.cardIn(message.channelId, request));
    const { platform, channelId } = request.origin;
    if (platform === 'feishu' && channelId && request.status !== 'pending') {
      // The bot's own decisions (an expiry) name nobody.
      const by = request.decidedBy?.startsWith('system:') ? '' : (request.decidedBy ?? '');
      const tr = await this.deps.requesterWords(request);
      const told = by ? tr.t(`feishu.toldBy.${request.status}`, { id: request.id, by }) : tr.t(`feishu.told.${request.status}`, { id: request.id });
      await this.deps.api.sendCard(channelId, card(told, [], { colour: request.status === 'approved' ? 'green' : 'red' }));
    }
  }
}
