import type { ApprovalRequest, MessageRef } from '../../src/domain/approval.js';
import type { Logger, Notifier, NotesEvent } from '../../src/ports/system.js';
import type { ApprovalStore } from '../../src/ports/stores.js';
import { channelSettingFor } from '../chat/channels.js';
import type { FeishuApi } from './api.js';
import { card } from './cardKit.js';
import { approvalCard } from './cards.js';
import type { Translator } from '../chat/i18n/index.js';

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
 * update). The requester is told the outcome in the chat they asked from. Channel posts speak
 * DEFAULT_LOCALE.
 */
export class FeishuApprovalNotifier implements Notifier {
  constructor(
    private readonly deps: { api: FeishuApi; approvals: Pick<ApprovalStore, 'attachMessage'>; approvalChannel?: string | undefined; tr: Translator; logger: Logger },
  ) {}

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
    const messageId = await this.deps.api.sendCard(chatId, approvalCard(request, this.deps.tr));
    if (!messageId) {
      this.deps.logger.warn({ requestId: request.id }, 'the open platform returned no message id; the approval card cannot be updated later');
      return;
    }
    const ref: MessageRef = { platform: 'feishu', channelId: chatId, messageId };
    await this.deps.approvals.attachMessage(request.id, ref);
  }

  private async showDecision(request: ApprovalRequest): Promise<void> {
    const { tr } = this.deps;
    if (request.message?.platform === 'feishu') await this.deps.api.updateCard(request.message.messageId, approvalCard(request, tr));
    const { platform, channelId } = request.origin;
    if (platform === 'feishu' && channelId && request.status !== 'pending') {
      // The bot's own decisions (an expiry) name nobody.
      const by = request.decidedBy?.startsWith('system:') ? '' : (request.decidedBy ?? '');
      const told = by ? tr.t(`feishu.toldBy.${request.status}`, { id: request.id, by }) : tr.t(`feishu.told.${request.status}`, { id: request.id });
      await this.deps.api.sendCard(channelId, card(told, [], { colour: request.status === 'approved' ? 'green' : 'red' }));
    }
  }
}
