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
 * element, usually the buttons, is kept) with a line saying how many were left out.
 */
export function fitCard(card: FeishuCard, cutNote: (dropped: number) => string): FeishuCard {
  if (withinLimits(card)) return card;
  let fitted: FeishuCard = { ...card, body: { elements: card.body.elements.map((e) => shortenTexts(e, 1500)) } };
  const elements = fitted.body.elements;
  let dropped = 0;
  while (!withinLimits(fitted) && elements.length > 2) {
    elements.splice(elements.length - 2, 1);
    dropped += 1;
    const note: CardElement = { tag: 'div', text: { tag: 'plain_text', content: cutNote(dropped), text_size: 'notation', text_color: 'grey' } };
    fitted = { ...fitted, body: { elements: [...elements.slice(0, -1), note, elements[elements.length - 1]] } };
  }
  return fitted;
}

function shortenTexts(value: CardElement, max: number): CardElement {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) => (key === 'content' && typeof v === 'string' && v.length > max ? `${v.slice(0, max - 1)}…` : v)),
  ) as CardElement;
}
