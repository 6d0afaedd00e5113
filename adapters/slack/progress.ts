import type { webApi } from '@slack/bolt';
import type { MessageRef } from '../../src/domain/approval.js';
import type { Operation } from '../../src/domain/operation.js';
import type { Clock, ProgressBoard } from '../../src/ports/system.js';
import { endNotice, endText, runningText, undoable } from '../chat/progressText.js';
import { ACTION } from './actionIds.js';
import type { SlackMessage } from './blocks.js';
import { actions, button, confirmDialog, escapeUserText, fallbackText, section, slackUserId } from './mrkdwn.js';

/**
 * Long operations in Slack: a message in the channel the request came from (a direct message when
 * there is none), updated in place with `chat.update` while it runs (at most every
 * PROGRESS_UPDATE_SECONDS, well inside Slack's per-channel limit), then the result with Undo.
 * The requester also gets a direct message when it ends, wherever they are looking.
 */
export function createSlackProgressBoard(client: webApi.WebClient, clock: Clock): ProgressBoard {
  return {
    async open(op) {
      const channel = op.origin.channelId ?? slackUserId(op.requesterId);
      if (!channel) return null;
      const posted = await client.chat.postMessage({ channel, ...runningMessage(op, clock.now()) });
      if (!posted.ts) return null;
      return { platform: 'slack', channelId: posted.channel ?? channel, messageId: posted.ts } satisfies MessageRef;
    },
    async update(op) {
      if (op.message?.platform !== 'slack') return;
      await client.chat.update({ channel: op.message.channelId, ts: op.message.messageId, ...runningMessage(op, clock.now()) });
    },
    async finish(op) {
      if (op.message?.platform === 'slack') {
        await client.chat.update({ channel: op.message.channelId, ts: op.message.messageId, ...endMessage(op) });
      }
      const user = slackUserId(op.requesterId);
      if (user) await client.chat.postMessage({ channel: user, text: fallbackText(endNotice(op)), blocks: [section(`:bell: ${escapeUserText(endNotice(op))}`)] });
    },
  };
}

function runningMessage(op: Operation, now: Date): SlackMessage {
  const line = runningText(op, now);
  const stop =
    op.result?.stoppable === false
      ? []
      : [actions(undefined, [button('Stop', ACTION.cancelJob, op.id, { style: 'danger', confirm: confirmDialog('Stop this job?', 'It stops after the batch it is on; what it did so far stays, and can be undone.', 'Stop it') })])];
  return { text: fallbackText(line), blocks: [section(`:hourglass_flowing_sand: ${escapeUserText(line)}`), ...stop] };
}

function endMessage(op: Operation): SlackMessage {
  const line = endText(op);
  const icon = op.status === 'done' ? ':white_check_mark:' : op.status === 'cancelled' ? ':octagonal_sign:' : ':x:';
  return {
    text: fallbackText(line),
    blocks: [section(`${icon} ${escapeUserText(line)}`, undoable(op) ? button('Undo', ACTION.undoPlan, op.id) : undefined)],
  };
}
