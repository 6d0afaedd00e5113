import type { Translator } from '../chat/i18n/index.js';
import { commandLine, plainText, runsOf, type Fact, type Inline, type MessageView, type Tone, type ViewAction, type ViewBlock } from '../chat/view.js';
import {
  actionSet,
  card,
  container,
  escapeMarkdown,
  execute,
  SELECT_PREFIX,
  subtle,
  text,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  type Run,
} from './cardKit.js';

/**
 * Teams refuses an activity above ~28 KB; the card is most of it, the envelope (ids, service URL,
 * attachment wrapper) the rest. A card is cut to this many bytes of JSON.
 */
export const MAX_CARD_BYTES = 26 * 1024;

/** Lines a long paragraph or body keeps when a card is over the limit, tried in this order. */
const LINE_CAPS = [200, 80, 30, 10, 3, 1];

const COLOR: Record<Tone, string> = { neutral: 'Default', muted: 'Default', good: 'Good', warning: 'Warning', attention: 'Attention' };
/** A coloured container says the mood of the whole card; neutral and muted cards have none. */
const CONTAINER_STYLE: Partial<Record<Tone, string>> = { good: 'good', warning: 'warning', attention: 'attention' };
const BUTTON_STYLE = { primary: 'positive', danger: 'destructive' } as const;

/** How much of a view a card shows: items kept (from the top), lines kept per paragraph. */
interface Limits {
  items: number;
  lines: number;
}

/**
 * MessageView -> Adaptive Card. Every word is the view's; this only lays it out. All text is in
 * RichTextBlock TextRuns, which Teams never parses, so people's words cannot format themselves,
 * mention anyone or pose as a link; the one place Teams may read markdown, a toggle's title, is
 * escaped. A view too big for Teams loses list items from the bottom, then lines of long
 * paragraphs, and says how many it left out.
 */
export function renderCard(view: MessageView, tr: Translator): AdaptiveCard {
  const items = view.blocks.filter((block) => block.type === 'item').length;
  const whole = build(view, tr, { items, lines: Infinity });
  if (fits(whole)) return whole;
  // The most items that fit, by bisection: a backup list may hold hundreds.
  let low = 0;
  let high = items;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(build(view, tr, { items: middle, lines: Infinity }))) low = middle;
    else high = middle - 1;
  }
  if (low > 0) return build(view, tr, { items: low, lines: Infinity });
  for (const lines of LINE_CAPS) {
    const shorter = build(view, tr, { items: 0, lines });
    if (fits(shorter)) return shorter;
  }
  return card([heading(view.title, view.tone), subtle(tr.t('format.more', { count: view.blocks.length }))]);
}

const fits = (built: AdaptiveCard): boolean => Buffer.byteLength(JSON.stringify(built), 'utf8') <= MAX_CARD_BYTES;

function build(view: MessageView, tr: Translator, limits: Limits): AdaptiveCard {
  const body: CardElement[] = [heading(view.title, view.tone)];
  const shownKeys = new Set<string>();
  let shown = 0;
  let left = 0;
  for (const block of view.blocks) {
    if (block.type === 'item') {
      if (shown < limits.items) {
        shown += 1;
        shownKeys.add(block.key);
        body.push(item(block));
      } else {
        // Said once, where the first left-out item would have been.
        if (left === 0) body.push(subtle(tr.t('format.more', { count: view.blocks.filter((b) => b.type === 'item').length - shown })));
        left += 1;
      }
      continue;
    }
    body.push(...element(block, tr, limits, left > 0 ? shownKeys : null));
  }
  const style = CONTAINER_STYLE[view.tone];
  return card(style ? [container(body, { style, separator: false, spacing: 'None' })] : body, view.actions.map(button));
}

/** Every block but an item. `shownKeys`: the items still on the card, when some were cut. */
function element(block: Exclude<ViewBlock, { type: 'item' }>, tr: Translator, limits: Limits, shownKeys: Set<string> | null): CardElement[] {
  switch (block.type) {
    case 'text': {
      const options = { ...(block.style === 'subtle' ? SUBTLE : {}), ...(block.style === 'strong' ? { weight: 'Bolder' } : {}), ...(block.tone ? { color: COLOR[block.tone] } : {}) };
      // A person is shown as their id in a run of its own, like the rest of the line: plain text.
      return paragraph(plainText(block.text), options, limits.lines, tr);
    }
    case 'body':
      return paragraph(block.text, {}, limits.lines, tr);
    case 'facts':
      return block.facts.map(factRow);
    case 'selection': {
      // A note whose item was cut cannot be ticked either.
      const options = shownKeys ? block.options.filter((option) => shownKeys.has(option.value)) : block.options;
      if (options.length === 0) return [];
      return [
        container([
          subtle(block.placeholder),
          ...options.map((option) => ({
            type: 'Input.Toggle',
            id: `${SELECT_PREFIX}${option.value}`,
            // Teams renders a toggle's title as markdown, and the label quotes the note's text.
            title: escapeMarkdown(option.label),
            value: 'false',
            valueOn: 'true',
            valueOff: 'false',
          })),
          actionSet([button(block.submit)]),
        ]),
      ];
    }
  }
}

function item(block: Extract<ViewBlock, { type: 'item' }>): CardElement {
  return container([
    text(block.heading.map(run)),
    ...(block.detail ? [text(runsOf(block.detail).map(run), SUBTLE)] : []),
    ...(block.actions.length ? [actionSet(block.actions.map(button))] : []),
  ]);
}

/** Ids and emphasis in bold; a person's id plain (a card cannot mention without an entity, and should not). */
const run = (part: Inline): Run =>
  typeof part === 'string' ? { text: part } : 'id' in part ? { text: part.id, bold: true } : 'strong' in part ? { text: part.strong, bold: true } : { text: part.actor };

/** Label and value side by side in literal runs: a FactSet would parse a value (a reason, a record id) as markdown. */
function factRow(fact: Fact): CardElement {
  return {
    type: 'ColumnSet',
    spacing: 'None',
    columns: [
      { type: 'Column', width: 2, items: [text([{ text: fact.label, bold: true }])] },
      { type: 'Column', width: 5, items: [text(fact.value === '' ? ' ' : runsOf(fact.value).map(run))] },
    ],
  };
}

/** The action's `data`: the typed command it stands for, and the list to read again after it. */
export function button(action: ViewAction): CardAction {
  return execute(action.label, { cmd: commandLine(action.intent), ...(action.refresh ? { view: action.refresh } : {}) }, action.style && BUTTON_STYLE[action.style]);
}

const SUBTLE = { isSubtle: true, size: 'Small', spacing: 'None' };

function heading(title: string, tone: Tone): CardElement {
  return text(title, { weight: 'Bolder', size: 'Medium', ...(tone === 'muted' ? { isSubtle: true } : tone === 'neutral' ? {} : { color: COLOR[tone] }) });
}

/** One block per line (Teams folds single newlines), at most `cap` lines, then how many more. */
function paragraph(value: string, options: Record<string, unknown>, cap: number, tr: Translator): CardElement[] {
  const all = value.split('\n');
  const kept = all.slice(0, cap);
  const blocks = kept.map((line, i) => text(line === '' ? ' ' : line, i === 0 ? options : { ...options, spacing: 'None' }));
  return all.length > kept.length ? [...blocks, subtle(tr.t('format.more', { count: all.length - kept.length }))] : blocks;
}
