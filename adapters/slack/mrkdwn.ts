import type { types } from '@slack/bolt';
import { LIMITS } from './limits.js';

/** Small Block Kit builders shared by the message, modal and approval-card renderers. */
export type Block = types.KnownBlock;
export type ButtonElement = types.Button;

/** User text goes into mrkdwn escaped, so a note saying `<!channel>` pings nobody. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A Slack actor shows as a mention (Slack renders the name); others as their id. */
export function actorLabel(actorId: string | null): string {
  if (!actorId) return 'unknown';
  const slack = /^slack:([A-Z0-9]+)$/i.exec(actorId);
  return slack ? `<@${slack[1]}>` : escapeMrkdwn(actorId);
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

/** Label/value pairs shown side by side (two columns on desktop). */
export function fields(markdown: string[], accessory?: ButtonElement): types.SectionBlock {
  return {
    type: 'section',
    fields: markdown.slice(0, LIMITS.sectionFields).map((text) => ({ type: 'mrkdwn', text: clip(text, LIMITS.fieldText) })),
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

/** Long text (a 4000-character note, an audit trail) split over as many sections as it needs. */
export function sections(markdown: string, maxBlocks: number): types.SectionBlock[] {
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
  return chunks.map((chunk) => section(chunk));
}

/** Plain text from `renderText` shown verbatim (no mrkdwn surprises) in code blocks. */
export function preformatted(text: string, maxBlocks: number): types.SectionBlock[] {
  const room = LIMITS.sectionText - 8;
  const lines = escapeMrkdwn(text).split('\n');
  const chunks: string[] = [];
  let current = '';
  for (const line of lines) {
    const piece = clip(line, room);
    if (current.length + piece.length + 1 > room) {
      chunks.push(current);
      current = '';
    }
    current = current ? `${current}\n${piece}` : piece;
  }
  if (current) chunks.push(current);
  const kept = chunks.slice(0, maxBlocks);
  if (chunks.length > maxBlocks) kept[kept.length - 1] = `${clip(kept[kept.length - 1], room - 20)}\n… (more not shown)`;
  return kept.map((chunk) => section(`\`\`\`${chunk}\`\`\``));
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
