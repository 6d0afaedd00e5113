import type { Locale } from '../../src/domain/locale.js';
import { translatorFor } from '../chat/i18n/index.js';
import type { PlatformRenderer } from '../chat/platform.js';
import type { FeishuCard } from './cardKit.js';
import { approvalCard, errorCard, renderOutcomeCard } from './cards.js';
import { digestCard } from './digestPoster.js';
import { feishuProgressCard } from './progress.js';

/** Feishu's side of the platform contract's rendering: the shared views as card JSON 2.0, pure, in one language. */
export function feishuRenderer(locale: Locale): PlatformRenderer<FeishuCard> {
  const tr = translatorFor(locale);
  return {
    outcome: (outcome, now) => renderOutcomeCard(outcome, { tr, now }),
    error: (text) => errorCard(text, tr),
    approvalCard: (request, now) => approvalCard(request, { tr, now }),
    digest: (digest) => digestCard(digest, tr),
    progress: (view, now) => feishuProgressCard(view, now, tr),
  };
}
