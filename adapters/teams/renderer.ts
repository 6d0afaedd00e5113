import type { Locale } from '../../src/domain/locale.js';
import type { PlatformRenderer } from '../chat/platform.js';
import { translatorFor } from '../chat/i18n/index.js';
import { errorView } from '../chat/views/index.js';
import { digestCard } from './backupCards.js';
import type { AdaptiveCard } from './cardKit.js';
import { approvalCard, outcomeCard } from './cards.js';
import { teamsProgressCard } from './progress.js';
import { renderCard } from './viewCard.js';

/** Teams' side of the platform contract's rendering: Adaptive Cards, pure, in one language. */
export function teamsRenderer(locale: Locale): PlatformRenderer<AdaptiveCard> {
  const tr = translatorFor(locale);
  return {
    outcome: (outcome, now) => outcomeCard(outcome, now, tr),
    error: (message) => renderCard(errorView(message), tr),
    approvalCard: (request, now) => approvalCard(request, now, tr),
    // A digest carries its own language (the channel's).
    digest: digestCard,
    progress: (view, now) => teamsProgressCard(view, now, tr),
  };
}
