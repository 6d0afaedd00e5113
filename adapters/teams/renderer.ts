import type { PlatformRenderer } from '../chat/platform.js';
import { english } from '../chat/i18n/index.js';
import { errorView } from '../chat/views/index.js';
import { digestCard } from './backupCards.js';
import type { AdaptiveCard } from './cardKit.js';
import { approvalCard, outcomeCard } from './cards.js';
import { teamsProgressCard } from './progress.js';
import { renderCard } from './viewCard.js';

/** Teams' side of the platform contract's rendering: Adaptive Cards, pure. */
export const teamsRenderer: PlatformRenderer<AdaptiveCard> = {
  outcome: outcomeCard,
  error: (message) => renderCard(errorView(message), english),
  approvalCard: (request, now) => approvalCard(request, now),
  digest: digestCard,
  progress: teamsProgressCard,
};
