import type { TurnContext } from 'botbuilder';
import type { MessageRef } from '../../src/domain/approval.js';
import type { Operation } from '../../src/domain/operation.js';
import type { Clock, Logger, ProgressBoard } from '../../src/ports/system.js';
import { endNotice, endText, percent, runningText, undoable } from '../chat/progressText.js';
import type { TeamsCloudAdapter } from './adapter.js';
import { cardMessage } from './bot.js';
import { card, escapeMessageText, execute, text, type AdaptiveCard } from './cardKit.js';
import { inConversation, postNew } from './proactive.js';

/**
 * Long operations in Teams: a card in the conversation the request came from, updated in place
 * (`updateActivity`) while it runs, at most every PROGRESS_UPDATE_SECONDS (Teams allows a few
 * updates a second per conversation), then the result with Undo; and a message in that
 * conversation that tells the requester it ended, wherever they are looking.
 */
export class TeamsProgressBoard implements ProgressBoard {
  constructor(
    private readonly adapter: TeamsCloudAdapter,
    private readonly appId: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async open(op: Operation): Promise<MessageRef | null> {
    const { channelId, serviceUrl } = op.origin;
    if (!channelId || !serviceUrl) return null;
    let messageId = '';
    await this.turn(serviceUrl, channelId, async (context) => {
      messageId = (await postNew(context, cardMessage(runningCard(op, this.clock.now()))))?.id ?? '';
    });
    if (!messageId) {
      this.logger.warn({ operationId: op.id }, 'connector returned no activity id; the progress card cannot be updated');
      return null;
    }
    return { platform: 'teams', channelId, messageId, serviceUrl };
  }

  async update(op: Operation): Promise<void> {
    await this.replace(op, runningCard(op, this.clock.now()));
  }

  async finish(op: Operation): Promise<void> {
    await this.replace(op, endCard(op));
    const { channelId, serviceUrl } = op.origin;
    if (op.origin.platform !== 'teams' || !channelId || !serviceUrl) return;
    // A message's text is markdown to Teams: the notice is escaped like every other.
    await this.turn(serviceUrl, channelId, async (context) => {
      await postNew(context, { type: 'message', text: escapeMessageText(`${op.requesterId}: ${endNotice(op)}`) });
    });
  }

  private async replace(op: Operation, next: AdaptiveCard): Promise<void> {
    const posted = op.message;
    if (posted?.platform !== 'teams' || !posted.serviceUrl) return;
    await this.turn(posted.serviceUrl, posted.channelId, async (context) => {
      await context.updateActivity({ ...cardMessage(next), id: posted.messageId });
    });
  }

  private turn(serviceUrl: string, conversationId: string, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    return inConversation(this.adapter, this.appId, serviceUrl, conversationId, logic);
  }
}

function runningCard(op: Operation, now: Date): AdaptiveCard {
  const line = runningText(op, now);
  const stop = op.result?.stoppable === false ? [] : [execute('Stop', { cmd: `cancel ${op.id}` }, 'destructive')];
  return card([text(line, { weight: 'Bolder' }), text(`${percent(op)}% done`, { isSubtle: true, spacing: 'None' })], stop, line);
}

function endCard(op: Operation): AdaptiveCard {
  const line = endText(op);
  const undo = undoable(op) ? [execute('Undo', { cmd: `undo ${op.id}` })] : [];
  return card([text(line, { weight: 'Bolder', color: op.status === 'done' ? 'Good' : 'Warning' })], undo, line);
}
