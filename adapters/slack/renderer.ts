import type { PlatformRenderer } from '../chat/platform.js';
import { renderOutcome, type SlackMessage } from './blocks.js';
import { digestMessage } from './digestPoster.js';
import { slackProgressMessage } from './progress.js';
import { errorMessage } from './reply.js';
import { approvalCardMessage } from './views.js';

/** Slack's side of the platform contract's rendering: Block Kit messages, pure. */
export const slackRenderer: PlatformRenderer<SlackMessage> = {
  outcome: renderOutcome,
  error: errorMessage,
  approvalCard: (request, now) => approvalCardMessage(request, now),
  digest: digestMessage,
  progress: slackProgressMessage,
};
