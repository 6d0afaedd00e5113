import type { PlatformRenderer } from '../chat/platform.js';
import { digestCard } from './backupCards.js';
import { card, text, type AdaptiveCard } from './cardKit.js';
import { approvalCard, renderOutcomeCard } from './cards.js';

/** Teams' side of the platform contract's rendering: Adaptive Cards, pure. */
export const teamsRenderer: PlatformRenderer<AdaptiveCard> = {
  outcome: renderOutcomeCard,
  error: (message) => card([text(message, { color: 'Attention' })]),
  approvalCard: (request) => approvalCard(request),
  digest: digestCard,
};
