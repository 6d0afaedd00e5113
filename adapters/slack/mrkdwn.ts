import type { types } from '@slack/bolt';
import { LIMITS } from './limits.js';

/** Small Block Kit builders and Slack's escaping, shared by the view renderer, the modals and the digests. */
export type Block = types.KnownBlock;
export type ButtonElement = types.Button;

/**
 * Slack's own escaping of its control characters: with `&`, `<` and `>` escaped no text can form a
 * `<!channel>`, `<@U…>` or `<url|label>`. Enough for ids and other text with a fixed alphabet.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// Slack has no escape for its formatting marks. A zero-width space on each side leaves the mark
// visible but never at a word boundary, whichever way a client classifies that space, so it can
// neither open nor close bold, italic, strike or code.
const FORMATTING_MARK = /[*_~`]/g;

/**
 * Text people typed (a note, a reason, a filter, a line of plain output), made literal for any
 * mrkdwn field: no mention, no link, no formatting, no escape from a code span.
 */
export function escapeUserText(text: string): string {
  return escapeMrkdwn(text).replace(FORMATTING_MARK, (mark) => `\u200B${mark}\u200B`);
}

/**
 * The top-level `text` of a message (notifications, screen readers, clients without blocks).
 * Slack parses it as mrkdwn, so the plain text is escaped like user text; clipped first, since
 * escaping can make it up to four times longer (`<` becomes `&lt;`).
 */
export function fallbackText(text: string): string {
  return escapeUserText(clip(text, LIMITS.messageText / 4));
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A Slack actor shows as a mention (Slack renders the name); others as their id. */
export function actorLabel(actorId: string | null): string {
  if (!actorId) return 'unknown';
  const slack = /^slack:([A-Z0-9]+)$/i.exec(actorId);
  return slack ? `<@${slack[1]}>` : escapeUserText(actorId);
}

/** The Slack user id of a `slack:` actor, for DMs and ephemeral messages. */
export function slackUserId(actorId: string): string | null {
  const slack = /^slack:([A-Z0-9]+)$/i.exec(actorId);
  return slack ? slack[1] : null;
}

export function section(markdown: string, accessory?: ButtonElement): types.SectionBlock {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: clip(markdown, LIMITS.sectionText) },
    ...(accessory ? { accessory } : {}),
  };
}

/** Text shown exactly as typed: Slack renders plain_text literally (no mentions, links or formatting). */
export function plainSection(text: string, accessory?: ButtonElement): types.SectionBlock {
  return {
    type: 'section',
    text: { type: 'plain_text', text: clip(text, LIMITS.sectionText), emoji: false },
    ...(accessory ? { accessory } : {}),
  };
}

/** A bold title line; Slack allows only plain text here. */
export function header(text: string): types.HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: clip(text, LIMITS.headerText), emoji: true } };
}

export function context(markdown: string): types.ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: clip(markdown, LIMITS.sectionText) }] };
}

/**
 * Long text (a 4000-character note, an audit trail) split over as many sections as it needs;
 * `plain` sections show it literally.
 */
export function sections(markdown: string, maxBlocks: number, plain = false): types.SectionBlock[] {
  const chunks: string[] = [];
  let rest = markdown;
  while (rest.length > 0 && chunks.length < maxBlocks) {
    const room = LIMITS.sectionText - 2;
    if (rest.length <= room) {
      chunks.push(rest);
      break;
    }
    const cut = rest.lastIndexOf('\n', room) > room / 2 ? rest.lastIndexOf('\n', room) : room;
    chunks.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, '');
    if (chunks.length === maxBlocks && rest.length > 0) chunks[chunks.length - 1] = clip(chunks[chunks.length - 1], room - 1) + '…';
  }
  return chunks.map((chunk) => (plain ? plainSection(chunk) : section(chunk)));
}

export function button(
  text: string,
  actionId: string,
  value: string,
  options: { style?: 'primary' | 'danger'; confirm?: types.ConfirmationDialog } = {},
): ButtonElement {
  return {
    type: 'button',
    text: { type: 'plain_text', text: clip(text, LIMITS.buttonText), emoji: true },
    action_id: actionId,
    value: value.slice(0, LIMITS.buttonValue),
    ...(options.style ? { style: options.style } : {}),
    ...(options.confirm ? { confirm: options.confirm } : {}),
  };
}

export function confirmDialog(title: string, text: string, yes: string, no = 'Keep it'): types.ConfirmationDialog {
  return {
    title: { type: 'plain_text', text: clip(title, LIMITS.confirmTitle) },
    text: { type: 'plain_text', text: clip(text, LIMITS.confirmText) },
    confirm: { type: 'plain_text', text: clip(yes, LIMITS.confirmButton) },
    deny: { type: 'plain_text', text: clip(no, LIMITS.confirmButton) },
    style: 'danger',
  };
}

export function actions(blockId: string | undefined, elements: types.ActionsBlock['elements']): types.ActionsBlock {
  return { type: 'actions', ...(blockId ? { block_id: blockId } : {}), elements };
}
