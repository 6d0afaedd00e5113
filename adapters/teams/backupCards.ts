import type { Digest } from '../chat/digestPublisher.js';
import { digestText } from '../chat/digestPublisher.js';
import { translatorFor } from '../chat/i18n/index.js';
import { card, container, heading, lines, text, type AdaptiveCard } from './cardKit.js';

/** A roles review lists every grant and change; Teams refuses cards above ~28 KB, so long digests are cut. */
export const MAX_DIGEST_LINES = 60;
const MAX_DIGEST_LINE_CHARS = 300;

/**
 * A job digest (backup, failure, purge, roles review) as a card: red container for a failure.
 * `fallbackText` carries the same words as plain text for previews and clients without cards.
 */
export function digestCard(digest: Digest): AdaptiveCard {
  const tr = translatorFor(digest.locale ?? 'en');
  const kept = digest.lines.slice(0, MAX_DIGEST_LINES).map((line) => (line.length > MAX_DIGEST_LINE_CHARS ? `${line.slice(0, MAX_DIGEST_LINE_CHARS - 1)}…` : line));
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
    digestText(shown),
  );
}
