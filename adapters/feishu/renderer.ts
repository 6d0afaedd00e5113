import type { PlatformRenderer } from '../chat/platform.js';
import type { FeishuCard } from './cardKit.js';
import { approvalCard, errorCard, renderOutcomeCard } from './cards.js';
import { digestCard } from './digestPoster.js';
import { feishuProgressCard } from './progress.js';
import { stringsFor, type Locale } from './strings.js';

/** Feishu's side of the platform contract's rendering: card JSON 2.0, pure, in one language. */
export function feishuRenderer(locale: Locale): PlatformRenderer<FeishuCard> {
  const t = stringsFor(locale);
  return {
    outcome: (outcome, now) => renderOutcomeCard(outcome, { t, now }),
    error: errorCard,
    approvalCard: (request) => approvalCard(request, t),
    digest: (digest) => digestCard(digest, t),
    progress: (view, now) => feishuProgressCard(view, now, t),
  };
}
