import type { webApi } from '@slack/bolt';
import type { MessageRef } from '../../src/domain/approval.js';
import type { Clock } from '../../src/ports/system.js';
import type { ProgressMessages, ProgressView } from '../chat/platform.js';
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
 * the result with Undo. The requester also gets a direct message when it ends.
 */
export function createSlackProgressMessages(client: webApi.WebClient, clock: Clock): ProgressMessages {
  return {
    async post(target, view) {
      const channel = target.channelId || slackUserId(view.requesterId);
      if (!channel) return null;
      const posted = await client.chat.postMessage({ channel, ...slackProgressMessage(view, clock.now()) });
      if (!posted.ts) return null;
      return { platform: 'slack', channelId: posted.channel ?? channel, messageId: posted.ts } satisfies MessageRef;
    },
    async update(ref, view) {
      await client.chat.update({ channel: ref.channelId, ts: ref.messageId, ...slackProgressMessage(view, clock.now()) });
    },
    async notifyRequester(view) {
      const user = slackUserId(view.requesterId);
      if (!user) return;
      await client.chat.postMessage({ channel: user, text: fallbackText(endNotice(view)), blocks: [section(`:bell: ${escapeUserText(endNotice(view))}`)] });
    },
  };
}

/** The progress message: while running, counts, rate, time left and Stop; once ended, the result and Undo. */
export function slackProgressMessage(view: ProgressView, now: Date): SlackMessage {
  const backup = finishedBackup(view);
  if (backup) return { text: fallbackText(endText(view)), blocks: backupBlocks({ kind: 'backup-created', backup }, now) };
  if (view.status !== 'running') {
    const line = endText(view);
    const icon = view.status === 'done' ? ':white_check_mark:' : view.status === 'cancelled' ? ':octagonal_sign:' : ':x:';
    return { text: fallbackText(line), blocks: [section(`${icon} ${escapeUserText(line)}`, undoable(view) ? button('Undo', ACTION.undoPlan, view.id) : undefined)] };
  }
  const line = runningText(view, now);
  const stop =
    view.result?.stoppable === false
      ? []
      : [actions(undefined, [button('Stop', ACTION.cancelJob, view.id, { style: 'danger', confirm: confirmDialog('Stop this job?', 'It stops after the batch it is on; what it did so far stays, and can be undone.', 'Stop it') })])];
  return { text: fallbackText(line), blocks: [section(`:hourglass_flowing_sand: ${escapeUserText(line)}`), ...stop] };
}
