import type { MessageRef } from '../../src/domain/approval.js';
import type { Clock, Logger } from '../../src/ports/system.js';
import type { ProgressMessages, ProgressView } from '../chat/platform.js';
import { endNotice, endText, percent, runningText, undoable } from '../chat/progressText.js';
import type { FeishuApi } from './api.js';
import { button, buttonRow, card, text, type FeishuCard } from './cardKit.js';
import { fitCard } from './limits.js';
import type { FeishuStrings } from './strings.js';

/**
 * Long operations on Feishu: a card in the chat the request came from, updated in place with the
 * SDK's message patch (JSON 2.0 cards are shared, so everyone sees the update) at most every
 * PROGRESS_UPDATE_SECONDS, then the result with Undo; and a card in that chat naming the
 * requester when it ends. Channel posts speak DEFAULT_LOCALE; the counts line is the shared one.
 */
export function createFeishuProgressMessages(deps: { api: FeishuApi; t: FeishuStrings; clock: Clock; logger: Logger }): ProgressMessages {
  const { api, t, clock, logger } = deps;
  return {
    async post(target, view) {
      if (!target.channelId) return null;
      const messageId = await api.sendCard(target.channelId, feishuProgressCard(view, clock.now(), t));
      if (!messageId) {
        logger.warn({ operationId: view.id }, 'the open platform returned no message id; the progress card cannot be updated');
        return null;
      }
      return { platform: 'feishu', channelId: target.channelId, messageId } satisfies MessageRef;
    },
    async update(ref, view) {
      await api.updateCard(ref.messageId, feishuProgressCard(view, clock.now(), t));
    },
    async notifyRequester(view) {
      const chatId = view.origin.platform === 'feishu' ? view.origin.channelId : undefined;
      if (!chatId) return;
      await api.sendCard(chatId, card(t.jobEnded(view.id, view.status), [text(t.jobEndedNotice(view.requesterId, view.id)), text(endNotice(view))], { colour: colourOf(view) }));
    },
  };
}

const colourOf = (view: ProgressView) => (view.status === 'done' ? 'green' : view.status === 'running' ? 'blue' : view.status === 'cancelled' ? 'orange' : 'red');

/** The progress card: while running, counts, rate, time left and Stop; once ended, the result and Undo. */
export function feishuProgressCard(view: ProgressView, now: Date, t: FeishuStrings): FeishuCard {
  if (view.status !== 'running') {
    const undo = undoable(view) ? [buttonRow([button(t.undo, { cmd: `undo ${view.id}` })])] : [];
    return fitCard(card(t.jobEnded(view.id, view.status), [text(endText(view)), ...undo], { colour: colourOf(view) }), t.cutItems);
  }
  const stop =
    view.result?.stoppable === false
      ? []
      : [buttonRow([button(t.stopJob, { cmd: `cancel ${view.id}` }, { type: 'danger', confirm: { title: t.confirmTitle, text: t.stopJobDialog } })])];
  return fitCard(card(t.jobRunning(view.id, percent(view)), [text(runningText(view, now)), ...stop], { colour: 'blue' }), t.cutItems);
}
