import type { Outcome } from '../../src/usecases/outcomes.js';
import { english, type Translator } from '../chat/i18n/index.js';
import { renderText } from '../chat/renderText.js';
import { outcomeView } from '../chat/views/index.js';
import { fallbackText } from './mrkdwn.js';
import { slackMessage, type SlackMessage } from './viewRenderer.js';

/**
 * Outcome -> Block Kit message: the shared view of the outcome (adapters/chat/views/), rendered
 * by Slack's one view renderer. Every message also carries `text` (the shared plain-text
 * rendering, escaped: Slack parses it) for notifications and screen readers.
 */
export { ACTION, SELECT_BLOCK } from './actionIds.js';
export { encodePage } from './viewButtons.js';
export type { SlackMessage } from './viewRenderer.js';

/** `now` is the injected clock's time: expiry texts count from it, never from the wall clock. */
export function renderOutcome(outcome: Outcome, now: Date, tr: Translator = english): SlackMessage {
  // People are mentioned where the view names them (its `{ actor }` runs), and nowhere else.
  const message = slackMessage(outcomeView(outcome, { tr, now }), tr);
  // The notification text is the shared plain rendering of the outcome itself: a decided approval's
  // view text is its card, but the decider's notification should say what their click did.
  return { ...message, text: fallbackText(renderText(outcome, tr)) };
}
