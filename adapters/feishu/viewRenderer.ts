import type { Translator } from '../chat/i18n/index.js';
import { commandLine, inlineText, plainText, type Inline, type MessageView, type Tone, type ViewAction, type ViewBlock } from '../chat/view.js';
import { button, buttonRow, card, facts, row, selectForm, subtle, text, type ButtonOptions, type CardElement, type FeishuCard, type HeaderColour } from './cardKit.js';
import { fitCard } from './limits.js';

/**
 * The shared message view (adapters/chat/view.ts) as a card JSON 2.0: the one place Feishu turns
 * what a message says and offers into its own format. Every word and every button was decided by
 * adapters/chat/views/; this file only chooses Feishu's elements. People's text only ever goes into
 * `plain_text` (cardKit.ts), so it is shown literally and cannot format, link or mention.
 */

/** What a card cut to fit says in place of what it left out, in the reader's language. */
export const cutNote = (tr: Translator) => (count: number) => tr.t('feishu.cutItems', { count });

/** Feishu's header templates for the view's tones. */
export const HEADER_COLOUR: Record<Tone, HeaderColour> = { neutral: 'blue', good: 'green', warning: 'orange', attention: 'red', muted: 'grey' };

const TEXT_COLOUR = { neutral: 'default', good: 'green', warning: 'orange', attention: 'red', muted: 'grey' } as const satisfies Record<Tone, string>;

/** The summary Feishu shows in the chat list; a whole audit trail would not help there. */
const SUMMARY_CHARS = 120;

/**
 * A paragraph longer than this is shown a line per element, so a card too big for Feishu (a long
 * audit trail) loses whole lines at its end and says how many, instead of being cut mid-sentence.
 */
const SPLIT_CHARS = 1500;

export function renderViewCard(view: MessageView, tr: Translator): FeishuCard {
  const elements = view.blocks.flatMap((block) => blockElements(block, tr));
  if (view.actions.length) elements.push(buttonRow(view.actions.map((action) => actionButton(action))));
  const summary = view.title.length > SUMMARY_CHARS ? `${view.title.slice(0, SUMMARY_CHARS - 1)}…` : view.title;
  return fitCard(card(view.title, elements, { colour: HEADER_COLOUR[view.tone], summary }), cutNote(tr));
}

function blockElements(block: ViewBlock, tr: Translator): CardElement[] {
  switch (block.type) {
    case 'text':
      return paragraphs(plainText(block.text)).map((line) => styledText(line, block.style, block.tone));
    case 'facts':
      return facts(block.facts.map((fact) => [fact.label, plainText(fact.value)]), tr);
    case 'body':
      // One element, newlines kept: a person's text is not re-shaped; fitCard shortens it if it must.
      return block.text ? [text(block.text)] : [];
    case 'item': {
      const content = [text(headingText(block.heading)), ...(block.detail ? [subtle(plainText(block.detail))] : [])];
      // A row without buttons needs no columns: fewer elements, so a long help fits one card.
      return block.actions.length ? [row(content, block.actions.map((action) => actionButton(action)))] : content;
    }
    case 'selection': {
      // The submit button sends the form, so the click carries the ticked ids (payloads.ts selectedNoteIds).
      return [selectForm(block.options, block.placeholder, actionButton(block.submit, { submit: { name: 'delete_selected' } }))];
    }
  }
}

function paragraphs(value: string): string[] {
  if (value.length <= SPLIT_CHARS) return value.trim() ? [value] : [];
  return value.split('\n').filter((line) => line.trim() !== '');
}

function styledText(value: string, style: 'subtle' | 'strong' | undefined, tone: Tone | undefined): CardElement {
  if (style === 'subtle') return subtle(value);
  return text(value, { ...(style === 'strong' ? { text_size: 'heading' as const } : {}), ...(tone ? { text_color: TEXT_COLOUR[tone] } : {}) });
}

/**
 * Cards here carry plain text only: ids, people and emphasis are shown as their words (a person as
 * their actor id: an `<at>` would need markdown, where a person's text could format itself).
 */
export const headingText = (runs: Inline[]): string => runs.map(inlineText).join('');

/**
 * A button sends the command line it stands for (run through the grammar, so a forged value is
 * refused like typed text); a list's buttons also name the list to re-read after the click.
 * Feishu's confirm dialog has its own OK / Cancel, so the view's yes / no labels are not shown.
 */
export function actionButton(action: ViewAction, extra: Pick<ButtonOptions, 'submit'> = {}): CardElement {
  return button(
    action.label,
    { cmd: commandLine(action.intent), ...(action.refresh ? { view: action.refresh } : {}) },
    { type: action.style ?? 'default', ...extra, ...(action.confirm ? { confirm: { title: action.confirm.title, text: action.confirm.text } } : {}) },
  );
}
