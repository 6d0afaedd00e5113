import type { CardElement, FeishuCard } from './cardKit.js';

/**
 * Feishu's documented card limits:
 * - error 300305 "The number of card components exceeds 200": in card JSON 2.0 a card holds at
 *   most 200 elements (a `plain_text` text counts) or components;
 * - the send / reply / update message APIs take a card message of at most 30 KB.
 * Cards are built to stay well inside both; `fitCard` is the last guard for what the bot cannot
 * bound in advance (a long audit trail, a note of 4,000 Chinese characters plus its details).
 */
export const MAX_CARD_ELEMENTS = 200;
export const MAX_CARD_BYTES = 30 * 1024;

/** Every object with a `tag`, the header's title included: what Feishu counts. */
export function countElements(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + countElements(item), 0);
  if (!value || typeof value !== 'object') return 0;
  const own = 'tag' in value ? 1 : 0;
  return own + Object.values(value).reduce((sum: number, child) => sum + countElements(child), 0);
}

/** The card as the message API carries it: a JSON string inside the request's JSON. */
export const cardBytes = (card: FeishuCard): number => Buffer.byteLength(JSON.stringify(JSON.stringify(card)), 'utf8');

export const withinLimits = (card: FeishuCard): boolean => countElements(card) <= MAX_CARD_ELEMENTS && cardBytes(card) <= MAX_CARD_BYTES;

/**
 * Makes a card fit: long texts are shortened first, then trailing elements dropped (the last
 * element, usually the buttons, is kept) with a line saying how many were left out. The number
 * kept is found by bisection, so a card of a thousand elements costs a dozen measurements.
 */
export function fitCard(card: FeishuCard, cutNote: (dropped: number) => string): FeishuCard {
  if (withinLimits(card)) return card;
  const shortened: FeishuCard = { ...card, body: { elements: card.body.elements.map((e) => shortenTexts(e, 1500)) } };
  if (withinLimits(shortened)) return shortened;
  const elements = shortened.body.elements;
  const last = elements[elements.length - 1];
  const keeping = (kept: number): FeishuCard => {
    const note: CardElement = { tag: 'div', text: { tag: 'plain_text', content: cutNote(elements.length - 1 - kept), text_size: 'notation', text_color: 'grey' } };
    return { ...shortened, body: { elements: [...elements.slice(0, kept), note, last] } };
  };
  let fits = 0;
  let tooMany = elements.length - 1;
  while (tooMany - fits > 1) {
    const middle = Math.floor((fits + tooMany) / 2);
    if (withinLimits(keeping(middle))) fits = middle;
    else tooMany = middle;
  }
  return keeping(fits);
}

function shortenTexts(value: CardElement, max: number): CardElement {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) => (key === 'content' && typeof v === 'string' && v.length > max ? `${v.slice(0, max - 1)}…` : v)),
  ) as CardElement;
}
