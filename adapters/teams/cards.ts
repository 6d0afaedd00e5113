import type { ApprovalRequest } from '../../src/domain/approval.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import { english, type Translator } from '../chat/i18n/index.js';
import { approvalCardView, outcomeView } from '../chat/views/index.js';
import type { AdaptiveCard } from './cardKit.js';
import { renderCard } from './viewCard.js';

/**
 * The Teams cards for answers and approvals: the shared views (adapters/chat/views/) decide the
 * words and buttons for every platform; viewCard.ts lays them out as an Adaptive Card.
 */
export function outcomeCard(outcome: Outcome, now: Date, tr: Translator = english): AdaptiveCard {
  return renderCard(outcomeView(outcome, { tr, now }), tr);
}

/**
 * The approval card in the approval conversation: Approve / Reject while pending; once decided it
 * is updated in place to say who decided, when, and why. In the channel's language.
 */
export function approvalCard(request: ApprovalRequest, now: Date, tr: Translator = english): AdaptiveCard {
  return renderCard(approvalCardView(request, { tr, now }), tr);
}
