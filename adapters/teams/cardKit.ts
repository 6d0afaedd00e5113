/**
 * The few Adaptive Card building blocks the Teams renderers use. Schema 1.5 is the newest version
 * Teams renders on every client (desktop, web, mobile); Action.Execute needs 1.4 or later.
 */
export const CARD_VERSION = '1.5';

/** Every button of ours carries this verb; `data.cmd` is a command line in the chat grammar. */
export const NOTES_VERB = 'notes';

/** Toggle inputs of a list are named `sel_<noteId>`; Teams merges their values into `data`. */
export const SELECT_PREFIX = 'sel_';

export interface CardElement {
  type: string;
  [property: string]: unknown;
}

export interface CardAction {
  type: 'Action.Execute';
  title: string;
  verb: string;
  data: CardActionData;
  style?: 'positive' | 'destructive';
}

/**
 * What a button sends back. `cmd` is run as if typed. With `view`, the button lives on a list:
 * the outcome is posted as a new message and the list card is re-rendered from `view`.
 */
export interface CardActionData {
  cmd: string;
  view?: string;
}

/** A type alias, not an interface: botbuilder wants card JSON as `Record<string, unknown>`. */
export type AdaptiveCard = {
  type: 'AdaptiveCard';
  $schema: string;
  version: string;
  body: CardElement[];
  actions?: CardAction[];
  /** Shown where the card cannot be rendered (notification previews, old clients). */
  fallbackText?: string;
};

export function card(body: CardElement[], actions: CardAction[] = [], fallbackText?: string): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    body,
    ...(actions.length ? { actions } : {}),
    ...(fallbackText ? { fallbackText } : {}),
  };
}

/** Part of a line: a run of literal text, optionally bold. */
export interface Run {
  text: string;
  bold?: boolean;
}

const BLOCK_OPTIONS = new Set(['spacing', 'separator', 'horizontalAlignment', 'id', 'isVisible', 'height']);

/**
 * A line of text, shown literally. A TextBlock renders markdown (`**bold**`, `[x](url)`, lists),
 * so people's text could format itself or pose as a link; a RichTextBlock's TextRuns are never
 * parsed. `options` mixes the block's layout (spacing, separator) and the runs' style (color,
 * size, weight, isSubtle).
 */
export function text(value: string | Run[], options: Record<string, unknown> = {}): CardElement {
  const block: Record<string, unknown> = {};
  const style: Record<string, unknown> = {};
  for (const [key, option] of Object.entries(options)) (BLOCK_OPTIONS.has(key) ? block : style)[key] = option;
  const runs = typeof value === 'string' ? [{ text: value }] : value;
  return {
    type: 'RichTextBlock',
    inlines: runs.map((run) => ({ type: 'TextRun', text: run.text, ...style, ...(run.bold ? { weight: 'Bolder' } : {}) })),
    ...block,
  };
}

export const heading = (value: string) => text(value, { weight: 'Bolder', size: 'Medium' });
export const subtle = (value: string) => text(value, { isSubtle: true, spacing: 'None', size: 'Small' });

/** Multi-line plain text: one block per line, since Teams folds single newlines. */
export function lines(value: string): CardElement[] {
  return value.split('\n').map((line, i) => text(line === '' ? ' ' : line, i === 0 ? {} : { spacing: 'None' }));
}

/**
 * Text for a card field Teams parses as markdown (a toggle's title): the marks are
 * escaped with a backslash, so no text can format itself or pose as a link.
 */
export function escapeMarkdown(value: string): string {
  return value.replace(/[\\`*_~[\]]/g, '\\$&');
}

/** Text of a plain message, which Teams reads as markdown with HTML: `& < >` as entities too, so nothing is read as `<at>` or a tag. */
export function escapeMessageText(value: string): string {
  return escapeMarkdown(value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

export function container(items: CardElement[], options: Record<string, unknown> = {}): CardElement {
  return { type: 'Container', items, separator: true, spacing: 'Medium', ...options };
}

export function actionSet(actions: CardAction[]): CardElement {
  return { type: 'ActionSet', actions };
}

export function execute(title: string, data: CardActionData, style?: CardAction['style']): CardAction {
  return { type: 'Action.Execute', title, verb: NOTES_VERB, data, ...(style ? { style } : {}) };
}
