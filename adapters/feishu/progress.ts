import type { MessageRef } from '../../src/domain/approval.js';
import type { Clock, Logger } from '../../src/ports/system.js';
import type { Translator } from '../chat/i18n/index.js';
import type { ProgressMessages, ProgressView } from '../chat/platform.js';
import type { OperationReader } from '../chat/progress.js';
import { endNotice } from '../chat/progressText.js';
import type { MessageView } from '../chat/view.js';
import { progressView } from '../chat/views/index.js';
import type { FeishuApi } from './api.js';
import type { FeishuCard } from './cardKit.js';
import { renderViewCard } from './viewRenderer.js';

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
      const lines = [tr.t('progress.jobEndedNotice', { requester: view.requesterId, id: view.id }), endNotice(view, tr)];
      // A message of its own that names the requester, in the progress view's mood; no buttons (they are on the progress card).
      const { tone } = progressView(view, { tr, now: clock.now() });
      const notice: MessageView = {
        title: tr.t(`progress.jobEnded.${view.status}`, { id: view.id }),
        tone,
        blocks: lines.map((line) => ({ type: 'text', text: line })),
        actions: [],
        text: lines.join('\n'),
      };
      await api.sendCard(chatId, renderViewCard(notice, tr));
    },
  };
}

/** The progress card: the shared progress view (counts, rate, time left and Stop; once ended, the result and Undo). */
export function feishuProgressCard(view: ProgressView, now: Date, tr: Translator): FeishuCard {
  return renderViewCard(progressView(view, { tr, now }), tr);
}
