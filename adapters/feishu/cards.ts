import type { ApprovalRequest } from '../../src/domain/approval.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import type { Translator } from '../chat/i18n/index.js';
import { approvalCardView, errorView, outcomeView } from '../chat/views/index.js';
import type { FeishuCard } from './cardKit.js';
import { renderViewCard } from './viewRenderer.js';

/**
 * Everything Feishu answers goes through the shared views (adapters/chat/views/): they decide
 * the words, their order and the buttons; viewRenderer.ts only draws them as a card JSON 2.0
 * within Feishu's limits. Nothing here looks at an outcome's kind.
 */

/** Rendering context: the reader's language and the time questions expire against. */
export interface RenderContext {
  tr: Translator;
  now: Date;
}

export const renderOutcomeCard = (outcome: Outcome, ctx: RenderContext): FeishuCard => renderViewCard(outcomeView(outcome, ctx), ctx.tr);

/** The approval card in the approval chat: Approve / Reject while pending, who decided once decided. */
export const approvalCard = (request: ApprovalRequest, ctx: RenderContext): FeishuCard => renderViewCard(approvalCardView(request, ctx), ctx.tr);

/** A refusal or failure: its first line the (red) title, the rest under it. */
export const errorCard = (message: string, tr: Translator): FeishuCard => renderViewCard(errorView(message), tr);

