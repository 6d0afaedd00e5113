import type { Locale } from '../../src/domain/locale.js';
import { translatorFor } from '../chat/i18n/index.js';
import type { PlatformRenderer } from '../chat/platform.js';
import { renderOutcome, type SlackMessage } from './blocks.js';
import { digestMessage } from './digestPoster.js';
import { slackProgressMessage } from './progress.js';
import { errorMessage } from './reply.js';
import { approvalCardMessage } from './views.js';

/** Slack's side of the platform contract's rendering: Block Kit messages, pure, in one language. */
export function slackRenderer(locale: Locale): PlatformRenderer<SlackMessage> {
  const tr = translatorFor(locale);
  return {
    outcome: (outcome, now) => renderOutcome(outcome, now, tr),
    error: (text) => errorMessage(text, tr),
    approvalCard: (request, now) => approvalCardMessage(request, now, tr),
    // A digest carries its own language (the channel's).
    digest: digestMessage,
    progress: (view, now) => slackProgressMessage(view, now, tr),
  };
}
