import type { PlatformRenderer } from '../chat/platform.js';
import { renderOutcome, type SlackMessage } from './blocks.js';
import { digestMessage } from './digestPoster.js';
import { fallbackText } from './mrkdwn.js';
import { errorMessage } from './reply.js';
import { approvalCardBlocks, approvalCardText, decidedCardBlocks } from './views.js';

/** Slack's side of the platform contract's rendering: Block Kit messages, pure. */
export const slackRenderer: PlatformRenderer<SlackMessage> = {
  outcome: renderOutcome,
  error: errorMessage,
  approvalCard(request, now) {
    if (request.status === 'pending') return { text: approvalCardText(request), blocks: approvalCardBlocks(request, now) };
    return { text: fallbackText(`Request ${request.id} ${request.status}`), blocks: decidedCardBlocks(request, request.decisionReason ?? '') };
  },
  digest: digestMessage,
};
