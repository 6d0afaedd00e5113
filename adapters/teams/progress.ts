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

/**
 * Long operations in Teams: a card in the conversation the request came from, updated in place
 * (`updateActivity`) while it runs, at most every PROGRESS_UPDATE_SECONDS (Teams allows a few
 * updates a second per conversation), then the result with Undo; and a message in that
 * conversation telling the requester it ended, wherever they are looking. All of it speaks the
 * requester's language (their own `lang`, else DEFAULT_LOCALE: Teams reports a locale only inside
 * a turn).
 */
export class TeamsProgressMessages implements ProgressMessages {
  constructor(
    private readonly adapter: TeamsCloudAdapter,
    private readonly appId: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly readerOf: OperationReader,
  ) {}

  async post(target: { channelId: string; serviceUrl?: string }, view: ProgressView) {
    const { channelId, serviceUrl } = target;
    if (!channelId || !serviceUrl) return null;
    let messageId = '';
    const tr = await this.readerOf(view);
    await this.turn(serviceUrl, channelId, async (context) => {
      messageId = (await postNew(context, cardMessage(teamsProgressCard(view, this.clock.now(), tr))))?.id ?? '';
    });
    if (!messageId) {
      this.logger.warn({ operationId: view.id }, 'connector returned no activity id; the progress card cannot be updated');
      return null;
    }
    return { platform: 'teams' as const, channelId, messageId, serviceUrl };
  }

  async update(ref: { channelId: string; messageId: string; serviceUrl?: string }, view: ProgressView) {
    if (!ref.serviceUrl) return;
    const tr = await this.readerOf(view);
    await this.turn(ref.serviceUrl, ref.channelId, async (context) => {
      await context.updateActivity({ ...cardMessage(teamsProgressCard(view, this.clock.now(), tr)), id: ref.messageId });
    });
  }

  async notifyRequester(view: ProgressView) {
    const { channelId, serviceUrl } = view.origin;
    if (view.origin.platform !== 'teams' || !channelId || !serviceUrl) return;
    const tr = await this.readerOf(view);
    const notice = tr.t('progress.toldRequester', { requester: view.requesterId, notice: endNotice(view, tr) });
    // A message's text is markdown to Teams: the notice is escaped like every other.
    await this.turn(serviceUrl, channelId, async (context) => {
      await postNew(context, { type: 'message', text: escapeMessageText(notice) });
    });
  }

  private turn(serviceUrl: string, conversationId: string, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    return inConversation(this.adapter, this.appId, serviceUrl, conversationId, logic);
  }
}

/** The progress card, from the shared progress view; its plain text is the card's preview. */
export function teamsProgressCard(view: ProgressView, now: Date, tr: Translator = english): AdaptiveCard {
  const shown = progressView(view, { tr, now });
  return { ...renderCard(shown, tr), fallbackText: shown.text };
}
