import type { Translator } from '../chat/i18n/index.js';

/**
 * The few card JSON 2.0 building blocks the Feishu renderers use. JSON 2.0 cards are always
 * shared (`update_multi: true`): an update shows to everyone who got the card, which is what an
 * approval decided in place needs. People's text only ever goes into `plain_text`, which Feishu
 * shows literally: a note cannot format itself, link, or mention (`<at id=all>`) anyone.
 */
export interface CardElement {
  tag: string;
  [property: string]: unknown;
}

export interface FeishuCard {
  schema: '2.0';
  config: { update_multi: true; summary?: { content: string } };
  header?: { title: PlainText; template: HeaderColour };
  body: { elements: CardElement[] };
}

export type HeaderColour = 'blue' | 'green' | 'orange' | 'red' | 'grey';

interface PlainText {
  tag: 'plain_text';
  content: string;
  text_size?: 'normal' | 'notation' | 'heading';
  text_color?: 'default' | 'grey' | 'red' | 'green' | 'orange';
}

/**
 * What a button sends back (`action.value`). `cmd` is run as if typed, through the grammar, so a
 * forged value is refused like typed text. With `view`, the button lives on a list: the outcome
 * is posted as a new message and the list is re-read from `view`.
 */
export interface ButtonValue {
  cmd: string;
  view?: string;
}

/** The multi-select of a list and the form it submits with "Delete selected". */
export const SELECT_FORM = 'notes_select';
export const SELECT_FIELD = 'note_ids';

export function card(title: string, elements: CardElement[], options: { colour?: HeaderColour; summary?: string } = {}): FeishuCard {
  return {
    schema: '2.0',
    config: { update_multi: true, ...(options.summary ? { summary: { content: options.summary } } : {}) },
    header: { title: plain(title), template: options.colour ?? 'blue' },
    body: { elements },
  };
}

export const plain = (content: string, style: Omit<PlainText, 'tag' | 'content'> = {}): PlainText => ({ tag: 'plain_text', content, ...style });

/** A paragraph shown literally (newlines kept). */
export const text = (content: string, style: Omit<PlainText, 'tag' | 'content'> = {}): CardElement => ({ tag: 'div', text: plain(content, style) });

export const subtle = (content: string): CardElement => text(content, { text_size: 'notation', text_color: 'grey' });

export const divider = (): CardElement => ({ tag: 'hr' });

export interface ButtonOptions {
  type?: 'primary' | 'danger' | 'default';
  /** A dialog Feishu shows before the click is sent: the native confirmation. */
  confirm?: { title: string; text: string };
  /** Set on the submit button of a form. */
  submit?: { name: string };
}

export function button(label: string, value: ButtonValue, options: ButtonOptions = {}): CardElement {
  return {
    tag: 'button',
    text: plain(label),
    type: options.type ?? 'default',
    behaviors: [{ type: 'callback', value }],
    ...(options.confirm ? { confirm: { title: plain(options.confirm.title), text: plain(options.confirm.text) } } : {}),
    ...(options.submit ? { name: options.submit.name, form_action_type: 'submit' } : {}),
  };
}

/** Buttons side by side. */
export function buttonRow(buttons: CardElement[]): CardElement {
  return { tag: 'column_set', columns: buttons.map((b) => ({ tag: 'column', width: 'auto', elements: [b] })) };
}

/** Text on the left, its buttons on the right: one note of a list. */
export function row(content: CardElement[], buttons: CardElement[]): CardElement {
  return {
    tag: 'column_set',
    columns: [
      { tag: 'column', width: 'weighted', weight: 4, elements: content },
      ...(buttons.length ? [{ tag: 'column', width: 'auto', vertical_align: 'center', elements: buttons }] : []),
    ],
  };
}

/** A multi-select of note ids and the submit button that sends the picked ones. */
export function selectForm(options: Array<{ label: string; value: string }>, placeholder: string, submit: CardElement): CardElement {
  return {
    tag: 'form',
    name: SELECT_FORM,
    elements: [
      {
        tag: 'multi_select_static',
        name: SELECT_FIELD,
        placeholder: plain(placeholder),
        options: options.map((o) => ({ text: plain(o.label), value: o.value })),
      },
      submit,
    ],
  };
}

/** Label / value pairs, values literal, joined as the reader's language writes them; empty values are left out. */
export function facts(pairs: Array<[string, string | null | undefined]>, tr: Translator): CardElement[] {
  return pairs.filter((pair): pair is [string, string] => Boolean(pair[1])).map(([label, value]) => text(tr.t('format.label', { label, value })));
}
