import type { Digest } from '../chat/digestPublisher.js';
import { digestText } from '../chat/digestPublisher.js';
import { translatorFor } from '../chat/i18n/index.js';
import { card, container, heading, lines, text, type AdaptiveCard } from './cardKit.js';

/**
 * A roles review lists every grant and change; Teams refuses cards above ~28 KB, so long digests
 * are cut: at most this many lines, of at most this many characters, and of this many UTF-8 bytes
 * in all (a Chinese character is three), leaving room for each line's card markup.
 */
export const MAX_DIGEST_LINES = 60;
const MAX_DIGEST_LINE_CHARS = 300;
const MAX_DIGEST_BYTES = 12 * 1024;
/** The preview (notifications, clients without cards) needs the gist, not a second copy of the card. */
const MAX_FALLBACK_CHARS = 1_000;

const clip = (line: string, max: number) => (line.length > max ? `${line.slice(0, max - 1)}…` : line);

/**
 * A job digest (backup, failure, purge, roles review) as a card: red container for a failure.
 * `fallbackText` carries its first words as plain text for previews and clients without cards.
 */
export function digestCard(digest: Digest): AdaptiveCard {
  const tr = translatorFor(digest.locale ?? 'en');
  const kept: string[] = [];
  let bytes = Buffer.byteLength(digest.title, 'utf8');
  for (const line of digest.lines.slice(0, MAX_DIGEST_LINES)) {
    const shortened = clip(line, MAX_DIGEST_LINE_CHARS);
    bytes += Buffer.byteLength(shortened, 'utf8');
    if (bytes > MAX_DIGEST_BYTES) break;
    kept.push(shortened);
  }
  const cut = digest.lines.length - kept.length;
  const shown: Digest = { ...digest, lines: cut > 0 ? [...kept, tr.t('digest.moreLines', { count: cut })] : kept };
  return card(
    [
      container([heading(shown.title), ...(shown.lines.length ? lines(shown.lines.join('\n')) : [])], {
        style: digest.ok ? 'default' : 'attention',
        separator: false,
      }),
      ...(digest.ok ? [] : [text(tr.t('digest.needsAttention'), { color: 'Attention', weight: 'Bolder' })]),
    ],
    [],
    clip(digestText(shown), MAX_FALLBACK_CHARS),
  );
}
