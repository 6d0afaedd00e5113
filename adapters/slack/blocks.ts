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
  const message = slackMessage(outcomeView(outcome, { tr, now }), tr, { people: [...new Set(peopleIn(outcome))] });
  // The notification text is the shared plain rendering of the outcome itself: a decided approval's
  // view text is its card, but the decider's notification should say what their click did.
  return { ...message, text: fallbackText(renderText(outcome, tr)) };
}

/** Fields of the core's data that hold a person (never people's text): who may be mentioned. */
const PERSON_FIELDS = new Set(['authorId', 'deletedBy', 'requesterId', 'decidedBy', 'cancelledBy']);

/** Every person an outcome names in those fields, whatever its kind. */
export function peopleIn(value: unknown, depth = 0): string[] {
  if (depth > 4 || !value || typeof value !== 'object' || value instanceof Date) return [];
  if (Array.isArray(value)) return value.flatMap((item) => peopleIn(item, depth + 1));
  return Object.entries(value).flatMap(([key, child]) => (PERSON_FIELDS.has(key) && typeof child === 'string' ? [child] : peopleIn(child, depth + 1)));
}
