import type { TurnContext } from 'botbuilder';
import type { Clock, Logger } from '../../src/ports/system.js';
import type { ProgressMessages, ProgressView } from '../chat/platform.js';
import { finishedBackup } from '../chat/jobResults.js';
import { endNotice, endText, percent, runningText, undoable } from '../chat/progressText.js';
import type { TeamsCloudAdapter } from './adapter.js';
import { backupOutcomeCard } from './backupCards.js';
import { cardMessage } from './bot.js';
import { card, escapeMessageText, execute, text, type AdaptiveCard } from './cardKit.js';
import { inConversation, postNew } from './proactive.js';

/**
 * Long operations in Teams: a card in the conversation the request came from, updated in place
 * (`updateActivity`) while it runs, at most every PROGRESS_UPDATE_SECONDS (Teams allows a few
 * updates a second per conversation), then the result with Undo; and a message in that
 * conversation telling the requester it ended, wherever they are looking.
 */
export class TeamsProgressMessages implements ProgressMessages {
  constructor(
    private readonly adapter: TeamsCloudAdapter,
    private readonly appId: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async post(target: { channelId: string; serviceUrl?: string }, view: ProgressView) {
    const { channelId, serviceUrl } = target;
    if (!channelId || !serviceUrl) return null;
    let messageId = '';
    await this.turn(serviceUrl, channelId, async (context) => {
      messageId = (await postNew(context, cardMessage(teamsProgressCard(view, this.clock.now()))))?.id ?? '';
    });
    if (!messageId) {
      this.logger.warn({ operationId: view.id }, 'connector returned no activity id; the progress card cannot be updated');
      return null;
    }
    return { platform: 'teams' as const, channelId, messageId, serviceUrl };
  }

  async update(ref: { channelId: string; messageId: string; serviceUrl?: string }, view: ProgressView) {
    if (!ref.serviceUrl) return;
    await this.turn(ref.serviceUrl, ref.channelId, async (context) => {
      await context.updateActivity({ ...cardMessage(teamsProgressCard(view, this.clock.now())), id: ref.messageId });
    });
  }

  async notifyRequester(view: ProgressView) {
    const { channelId, serviceUrl } = view.origin;
    if (view.origin.platform !== 'teams' || !channelId || !serviceUrl) return;
    // A message's text is markdown to Teams: the notice is escaped like every other.
    await this.turn(serviceUrl, channelId, async (context) => {
      await postNew(context, { type: 'message', text: escapeMessageText(`${view.requesterId}: ${endNotice(view)}`) });
    });
  }

  private turn(serviceUrl: string, conversationId: string, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    return inConversation(this.adapter, this.appId, serviceUrl, conversationId, logic);
  }
}

/** The progress card: while running, counts, rate, time left and Stop; once ended, the result and Undo. */
export function teamsProgressCard(view: ProgressView, now: Date): AdaptiveCard {
  const backup = finishedBackup(view);
  if (backup) return backupOutcomeCard({ kind: 'backup-created', backup }, now);
  if (view.status !== 'running') {
    const line = endText(view);
    const undo = undoable(view) ? [execute('Undo', { cmd: `undo ${view.id}` })] : [];
    return card([text(line, { weight: 'Bolder', color: view.status === 'done' ? 'Good' : 'Warning' })], undo, line);
  }
  const line = runningText(view, now);
  const stop = view.result?.stoppable === false ? [] : [execute('Stop', { cmd: `cancel ${view.id}` }, 'destructive')];
  return card([text(line, { weight: 'Bolder' }), text(`${percent(view)}% done`, { isSubtle: true, spacing: 'None' })], stop, line);
}
