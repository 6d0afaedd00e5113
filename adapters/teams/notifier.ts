import type { ApprovalDecision } from '../../src/ports/system.js';
import { translatorFor } from '../chat/i18n/index.js';
import type { Locale } from '../../src/domain/locale.js';
import { approvalSubject, decisionText } from '../chat/words.js';
import type { TurnContext } from 'botbuilder';
import type { ApprovalRequest, MessageRef } from '../../src/domain/approval.js';
import type { ApprovalStore } from '../../src/ports/stores.js';
import type { Clock, Logger, Notifier, NotesEvent } from '../../src/ports/system.js';
import { channelSettingFor } from '../chat/channels.js';
import type { TeamsCloudAdapter } from './adapter.js';
import type { ServiceUrlBook } from './serviceUrls.js';
import { cardMessage } from './bot.js';
import { escapeMessageText } from './cardKit.js';
import { approvalCard } from './cards.js';
import { inConversation, isTeamsConversationId, postNew } from './proactive.js';

/**
 * Approval events on Teams: the card goes to the approval conversation (APPROVAL_CHANNEL, else
 * the conversation the request came from) and its activity id is stored with the request, so the
 * decision can update that same card in place later, from any process. The requester is told the
 * outcome in the conversation they asked from. Each conversation is reached through its own service
 * URL (ServiceUrlBook), never the requester's: the approval conversation may be served elsewhere,
 * and a request from the ingestion API carries no URL at all.
 */
export class TeamsApprovalNotifier implements Notifier {
  constructor(
    private readonly options: {
      approvals: Pick<ApprovalStore, 'attachMessage'>;
      /** APPROVAL_CHANNEL; a non-Teams id there means "the request's own conversation". */
      approvalChannel: string | undefined;
      appId: string;
      /** Expiry on the card ("expires in 58 minutes") counts from this clock. */
      clock: Clock;
      /** A conversation's language for the bot's posts there (`PlatformContext.channelLocale`). */
      channelLocale(conversationId: string): Promise<Locale>;
      /** The requester's own language: the outcome is told to them. */
      personLocale(request: ApprovalRequest): Promise<Locale>;
      serviceUrls: Pick<ServiceUrlBook, 'forRequest'>;
    },
    private readonly adapter: TeamsCloudAdapter,
    private readonly logger: Logger,
  ) {}

  async publish(event: NotesEvent): Promise<void> {
    if (event.type === 'approval.requested') await this.postApprovalCard(event.request);
    else await this.showDecision(event.request, event.outcome);
  }

  private async postApprovalCard(request: ApprovalRequest): Promise<void> {
    const configured = this.options.approvalChannel;
    // APPROVAL_CHANNEL is shared with Slack: a Slack id there means "not for Teams".
    const own = channelSettingFor('teams', configured);
    const channelId = isTeamsConversationId(own) ? own : request.origin.platform === 'teams' ? request.origin.channelId : undefined;
    if (!channelId) {
      this.logger.warn({ requestId: request.id }, 'approval request has no Teams conversation to post to; admins can still use "approvals"');
      return;
    }
    let messageId = '';
    const tr = translatorFor(await this.options.channelLocale(channelId));
    await this.inConversation(request, channelId, async (context) => {
      messageId = (await postNew(context, cardMessage(approvalCard(request, this.options.clock.now(), tr))))?.id ?? '';
    });
    if (!messageId) {
      this.logger.warn({ requestId: request.id }, 'connector returned no activity id; the approval card cannot be updated later');
      return;
    }
    const ref: MessageRef = { platform: 'teams', channelId, messageId };
    await this.options.approvals.attachMessage(request.id, ref);
  }

  private async showDecision(request: ApprovalRequest, decision: ApprovalDecision): Promise<void> {
    const posted = request.message;
    if (posted?.platform === 'teams') {
      // The card stays in its conversation's language.
      const cardTr = translatorFor(await this.options.channelLocale(posted.channelId));
      await this.inConversation(request, posted.channelId, async (context) => {
        await context.updateActivity({ ...cardMessage(approvalCard(request, this.options.clock.now(), cardTr)), id: posted.messageId });
      });
    }
    const { channelId } = request.origin;
    if (request.origin.platform === 'teams' && channelId) {
      const bySystem = !request.decidedBy || request.decidedBy.startsWith('system:');
      // Told to the requester: in their own language.
      const tr = translatorFor(await this.options.personLocale(request));
      const outcome = decisionText(request, decision, tr);
      await this.inConversation(request, channelId, async (context) => {
        // A message's text is markdown to Teams, and the summary and outcome quote people's words.
        const told = { requesterId: request.requesterId, id: request.id, subject: approvalSubject(request, tr), outcome, by: request.decidedBy ?? '' };
        const text = tr.t(bySystem ? 'card.toldRequester' : 'card.toldRequesterBy', told);
        await postNew(context, { type: 'message', text: escapeMessageText(text) });
      });
    }
  }

  private async inConversation(request: ApprovalRequest, conversationId: string, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const serviceUrl = await this.options.serviceUrls.forRequest(conversationId, request.origin);
    await inConversation(this.adapter, this.options.appId, serviceUrl, conversationId, logic);
  }
}
