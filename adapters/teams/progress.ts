import type { TurnContext } from 'botbuilder';
import type { Clock, Logger } from '../../src/ports/system.js';
import { english, type Translator } from '../chat/i18n/index.js';
import type { ProgressMessages, ProgressView } from '../chat/platform.js';
import type { OperationReader } from '../chat/progress.js';
import { endNotice } from '../chat/progressText.js';
import { progressView } from '../chat/views/index.js';
import type { TeamsCloudAdapter } from './adapter.js';
import { cardMessage } from './bot.js';
import { escapeMessageText, type AdaptiveCard } from './cardKit.js';
import { renderCard } from './viewCard.js';
import { inConversation, postNew } from './proactive.js';
import type { ServiceUrlBook } from './serviceUrls.js';

/**
 * Long operations in Teams: a card in the conversation the request came from, updated in place
 * (`updateActivity`) while it runs, at most every PROGRESS_UPDATE_SECONDS (Teams allows a few
 * updates a second per conversation), then the result with Undo; and a message in that
 * conversation telling the requester it ended, wherever they are looking. All of it speaks the
 * requester's language (their own `lang`, else DEFAULT_LOCALE: Teams reports a locale only inside
 * a turn). Each conversation is reached through its own service URL (ServiceUrlBook), looked up
 * when posting: a request from the ingestion API carries none, and the stored ref names only the
 * conversation and the activity.
 */
export class TeamsProgressMessages implements ProgressMessages {
  constructor(
    private readonly adapter: TeamsCloudAdapter,
    private readonly appId: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly readerOf: OperationReader,
    private readonly serviceUrls: Pick<ServiceUrlBook, 'forRequest'>,
  ) {}

  async post(target: { channelId: string }, view: ProgressView) {
    const { channelId } = target;
    if (!channelId) return null;
    let messageId = '';
    const tr = await this.readerOf(view);
    await this.turn(view, channelId, async (context) => {
      messageId = (await postNew(context, cardMessage(teamsProgressCard(view, this.clock.now(), tr))))?.id ?? '';
    });
    if (!messageId) {
      this.logger.warn({ operationId: view.id }, 'connector returned no activity id; the progress card cannot be updated');
      return null;
    }
    return { platform: 'teams' as const, channelId, messageId };
  }

  async update(ref: { channelId: string; messageId: string }, view: ProgressView) {
    const tr = await this.readerOf(view);
    await this.turn(view, ref.channelId, async (context) => {
      await context.updateActivity({ ...cardMessage(teamsProgressCard(view, this.clock.now(), tr)), id: ref.messageId });
    });
  }

  async notifyRequester(view: ProgressView) {
    const { channelId } = view.origin;
    if (view.origin.platform !== 'teams' || !channelId) return;
    const tr = await this.readerOf(view);
    const notice = tr.t('progress.toldRequester', { requester: view.requesterId, notice: endNotice(view, tr) });
    // A message's text is markdown to Teams: the notice is escaped like every other.
    await this.turn(view, channelId, async (context) => {
      await postNew(context, { type: 'message', text: escapeMessageText(notice) });
    });
  }

  private async turn(view: ProgressView, conversationId: string, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const serviceUrl = await this.serviceUrls.forRequest(conversationId, view.origin);
    await inConversation(this.adapter, this.appId, serviceUrl, conversationId, logic);
  }
}

/** The progress card, from the shared progress view; its plain text is the card's preview. */
export function teamsProgressCard(view: ProgressView, now: Date, tr: Translator = english): AdaptiveCard {
  const shown = progressView(view, { tr, now });
  return { ...renderCard(shown, tr), fallbackText: shown.text };
}
