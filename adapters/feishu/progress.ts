import type { MessageRef } from '../../src/domain/approval.js';
import type { Clock, Logger } from '../../src/ports/system.js';
import type { Translator } from '../chat/i18n/index.js';
import type { ProgressMessages, ProgressView } from '../chat/platform.js';
import type { OperationReader } from '../chat/progress.js';
import { endNotice, endText, percent, runningText, undoable } from '../chat/progressText.js';
import type { FeishuApi } from './api.js';
import { button, buttonRow, card, text, type FeishuCard } from './cardKit.js';
import { cutNote } from './cards.js';
import { fitCard } from './limits.js';

/**
 * Long operations on Feishu: a card in the chat the request came from, updated in place with the
 * SDK's message patch (JSON 2.0 cards are shared, so everyone sees the update) at most every
 * PROGRESS_UPDATE_SECONDS, then the result with Undo; and a card in that chat naming the
 * requester when it ends. All of it speaks the requester's language (their own `lang`, else
 * DEFAULT_LOCALE: Feishu reports a locale only with an event).
 */
export function createFeishuProgressMessages(deps: { api: FeishuApi; readerOf: OperationReader; clock: Clock; logger: Logger }): ProgressMessages {
  const { api, readerOf, clock, logger } = deps;
  return {
    async post(target, view) {
      if (!target.channelId) return null;
      const messageId = await api.sendCard(target.channelId, feishuProgressCard(view, clock.now(), await readerOf(view)));
      if (!messageId) {
        logger.warn({ operationId: view.id }, 'the open platform returned no message id; the progress card cannot be updated');
        return null;
      }
      return { platform: 'feishu', channelId: target.channelId, messageId } satisfies MessageRef;
    },
    async update(ref, view) {
      await api.updateCard(ref.messageId, feishuProgressCard(view, clock.now(), await readerOf(view)));
    },
    async notifyRequester(view) {
      const chatId = view.origin.platform === 'feishu' ? view.origin.channelId : undefined;
      if (!chatId) return;
      const tr = await readerOf(view);
      const told = tr.t('progress.jobEndedNotice', { requester: view.requesterId, id: view.id });
      await api.sendCard(chatId, card(tr.t(`progress.jobEnded.${view.status}`, { id: view.id }), [text(told), text(endNotice(view, tr))], { colour: colourOf(view) }));
    },
  };
}

const colourOf = (view: ProgressView) => (view.status === 'done' ? 'green' : view.status === 'running' ? 'blue' : view.status === 'cancelled' ? 'orange' : 'red');

/** The progress card: while running, counts, rate, time left and Stop; once ended, the result and Undo. */
export function feishuProgressCard(view: ProgressView, now: Date, tr: Translator): FeishuCard {
  const { t } = tr;
  if (view.status !== 'running') {
    const undo = undoable(view) ? [buttonRow([button(t('card.undo'), { cmd: `undo ${view.id}` })])] : [];
    return fitCard(card(t(`progress.jobEnded.${view.status}`, { id: view.id }), [text(endText(view, tr)), ...undo], { colour: colourOf(view) }), cutNote(tr));
  }
  const confirm = { title: t('feishu.confirmTitle'), text: t('progress.stopText') };
  const stop = view.result?.stoppable === false ? [] : [buttonRow([button(t('progress.stop'), { cmd: `cancel ${view.id}` }, { type: 'danger', confirm })])];
  return fitCard(card(t('progress.jobRunning', { id: view.id, percent: percent(view) }), [text(runningText(view, now, tr)), ...stop], { colour: 'blue' }), cutNote(tr));
}
