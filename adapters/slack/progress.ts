import type { webApi } from '@slack/bolt';
import type { MessageRef } from '../../src/domain/approval.js';
import type { Clock } from '../../src/ports/system.js';
import { english, type Translator } from '../chat/i18n/index.js';
import type { ProgressMessages, ProgressView } from '../chat/platform.js';
import type { OperationReader } from '../chat/progress.js';
import { endNotice } from '../chat/progressText.js';
import { progressView } from '../chat/views/index.js';
import { escapeUserText, fallbackText, section, slackUserId } from './mrkdwn.js';
import { slackMessage, type SlackMessage } from './viewRenderer.js';

/**
 * Long operations in Slack: a message in the channel the request came from (a direct message when
 * there is none), updated in place with `chat.update` while it runs (at most every
 * PROGRESS_UPDATE_SECONDS, inside Slack's per-channel limit of about one update a second), then
 * the result with Undo. The requester also gets a direct message when it ends. All of it speaks the
 * requester's language.
 */
export function createSlackProgressMessages(client: webApi.WebClient, clock: Clock, readerOf: OperationReader): ProgressMessages {
  return {
    async post(target, view) {
      const channel = target.channelId || slackUserId(view.requesterId);
      if (!channel) return null;
      const posted = await client.chat.postMessage({ channel, ...slackProgressMessage(view, clock.now(), await readerOf(view)) });
      if (!posted.ts) return null;
      return { platform: 'slack', channelId: posted.channel ?? channel, messageId: posted.ts } satisfies MessageRef;
    },
    async update(ref, view) {
      await client.chat.update({ channel: ref.channelId, ts: ref.messageId, ...slackProgressMessage(view, clock.now(), await readerOf(view)) });
    },
    async notifyRequester(view) {
      const user = slackUserId(view.requesterId);
      if (!user) return;
      const notice = endNotice(view, await readerOf(view));
      await client.chat.postMessage({ channel: user, text: fallbackText(notice), blocks: [section(`:bell: ${escapeUserText(notice)}`)] });
    },
  };
}

/** The progress message (the shared progress view): while running, counts, rate, time left and Stop; once ended, the result and Undo. */
export function slackProgressMessage(view: ProgressView, now: Date, tr: Translator = english): SlackMessage {
  return slackMessage(progressView(view, { tr, now }), tr);
}
