import type { webApi } from '@slack/bolt';
import type { MessageRef } from '../../src/domain/approval.js';
import type { Clock } from '../../src/ports/system.js';
import { english, type Translator } from '../chat/i18n/index.js';
import type { ProgressMessages, ProgressView } from '../chat/platform.js';
import type { OperationReader } from '../chat/progress.js';
import { finishedBackup } from '../chat/jobResults.js';
import { endNotice, endText, runningText, undoable } from '../chat/progressText.js';
import { ACTION } from './actionIds.js';
import { backupBlocks } from './backupBlocks.js';
import type { SlackMessage } from './blocks.js';
import { actions, button, confirmDialog, escapeUserText, fallbackText, section, slackUserId } from './mrkdwn.js';

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

/** The progress message: while running, counts, rate, time left and Stop; once ended, the result and Undo. */
export function slackProgressMessage(view: ProgressView, now: Date, tr: Translator = english): SlackMessage {
  const { t } = tr;
  const backup = finishedBackup(view);
  if (backup) return { text: fallbackText(endText(view, tr)), blocks: backupBlocks({ kind: 'backup-created', backup }, now, tr) };
  if (view.status !== 'running') {
    const line = endText(view, tr);
    const icon = view.status === 'done' ? ':white_check_mark:' : view.status === 'cancelled' ? ':octagonal_sign:' : ':x:';
    return { text: fallbackText(line), blocks: [section(`${icon} ${escapeUserText(line)}`, undoable(view) ? button(t('card.undo'), ACTION.undoPlan, view.id) : undefined)] };
  }
  const line = runningText(view, now, tr);
  const dialog = confirmDialog(t('progress.stopTitle'), t('progress.stopText'), t('progress.stopConfirm'), t('slack.keepIt'));
  const stop = view.result?.stoppable === false ? [] : [actions(undefined, [button(t('progress.stop'), ACTION.cancelJob, view.id, { style: 'danger', confirm: dialog })])];
  return { text: fallbackText(line), blocks: [section(`:hourglass_flowing_sand: ${escapeUserText(line)}`), ...stop] };
}
