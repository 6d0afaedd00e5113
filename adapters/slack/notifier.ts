import type { ApprovalDecision } from '../../src/ports/system.js';
import { translatorFor, type Translator } from '../chat/i18n/index.js';
import type { Locale } from '../../src/domain/locale.js';
import { approvalSubject, decisionText } from '../chat/words.js';
import type { webApi } from '@slack/bolt';
import type { ApprovalRequest } from '../../src/domain/approval.js';
import type { ApprovalStore } from '../../src/ports/stores.js';
import type { Clock, Logger, Notifier, NotesEvent } from '../../src/ports/system.js';
import { channelSettingFor } from '../chat/channels.js';
import { actorLabel, escapeUserText, fallbackText, section, slackUserId } from './mrkdwn.js';
import { approvalCardMessage } from './views.js';

export interface SlackNotifierOptions {
  client: webApi.WebClient;
  approvals: Pick<ApprovalStore, 'attachMessage' | 'find'>;
  /** `APPROVAL_CHANNEL`; unset means the channel the request came from. */
  approvalChannel: string | undefined;
  clock: Clock;
  logger: Logger;
  /** A channel's language (`PlatformContext.channelLocale`): the card is read by everyone there. */
  channelLocale(channelId: string): Promise<Locale>;
  /** A person's language (their own setting, else their Slack locale, else the default). */
  personTranslator(userId: string, channelId: string | undefined): Promise<Translator>;
}

/**
 * Approval cards in Slack: posted when a request is made (its `ts` stored on the request so any
 * instance can update it later), updated in place once decided, and the requester told.
 */
export function createSlackNotifier(options: SlackNotifierOptions): Notifier {
  const { client, approvals, logger } = options;
  const trIn = async (channelId: string) => translatorFor(await options.channelLocale(channelId));

  async function postCard(request: ApprovalRequest) {
    // A setting naming another platform's chat (`feishu:oc_1`, `teams:19:...`) is not for Slack.
    const channel = channelSettingFor('slack', options.approvalChannel) ?? request.origin.channelId;
    if (!channel) {
      logger.warn({ requestId: request.id }, 'no APPROVAL_CHANNEL and no origin channel: approval card not posted');
      return;
    }
    const tr = await trIn(channel);
    const posted = await client.chat.postMessage({ channel, ...approvalCardMessage(request, options.clock.now(), tr) });
    if (!posted.ts) throw new Error(`chat.postMessage returned no ts for approval ${request.id}`);
    await approvals.attachMessage(request.id, { platform: 'slack', channelId: posted.channel ?? channel, messageId: posted.ts });
  }

  async function settleCard(request: ApprovalRequest, decision: ApprovalDecision) {
    // The request handed to the decider may predate attachMessage; the stored one has the ref.
    const message = request.message ?? (await approvals.find(request.id))?.message ?? null;
    if (message?.platform === 'slack') {
      // The card stays in its channel's language.
      const tr = await trIn(message.channelId);
      const card = approvalCardMessage(request, options.clock.now(), tr, decisionText(request, decision, tr));
      await client.chat.update({ channel: message.channelId, ts: message.messageId, ...card });
    }
    await tellRequester(request, decision);
  }

  function decidedText(request: ApprovalRequest, outcome: string, tr: Translator): string {
    const head = request.status === 'expired' ? tr.t('errors.approvalExpiredUndecided', { requestId: request.id }) : tr.t('approval.decided', { id: request.id, status: tr.t(`status.${request.status}`), by: request.decidedBy ?? '?' });
    return `${head} ${outcome}`;
  }

  async function tellRequester(request: ApprovalRequest, decision: ApprovalDecision) {
    const user = slackUserId(request.requesterId);
    if (!user) return;
    // A message to a person: in their own language, whatever the channel's.
    const tr = await options.personTranslator(user, request.origin.platform === 'slack' ? request.origin.channelId : undefined);
    const text = decidedText(request, decisionText(request, decision, tr), tr);
    const told = { requesterId: request.requesterId, id: request.id, subject: approvalSubject(request, tr), outcome: text, by: actorLabel(request.decidedBy) };
    const message = {
      text: fallbackText(text),
      // The subject quotes the note: escaped; the decider is a real mention.
      blocks: [section(`:bell: ${tr.t(request.status === 'expired' ? 'card.toldRequester' : 'card.toldRequesterBy', { ...told, subject: escapeUserText(told.subject), outcome: request.status === 'expired' ? tr.t('slack.expiredUndecidedLower') : tr.t(`status.${request.status}`) })}`)],
    };
    if (request.origin.platform === 'slack' && request.origin.channelId) {
      await client.chat.postEphemeral({ channel: request.origin.channelId, user, ...message });
    } else {
      await client.chat.postMessage({ channel: user, ...message });
    }
  }

  return {
    async publish(event: NotesEvent) {
      if (event.type === 'approval.requested') await postCard(event.request);
      else await settleCard(event.request, event.outcome);
    },
  };
}
