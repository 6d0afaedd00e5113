import type { types } from '@slack/bolt';
import { z } from 'zod';
import type { ApprovalRequest } from '../../src/domain/approval.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import { english, type Translator } from '../chat/i18n/index.js';
import { approvalCardView, outcomeView, textView as plainTextView } from '../chat/views/index.js';
import { LIMITS } from './limits.js';
import { clip, section, type Block } from './mrkdwn.js';
import { slackBlocks, slackMessage, type SlackMessage } from './viewRenderer.js';

/**
 * Modals (the bulk-delete preview and its placeholders) and the approval card, all rendered from
 * the shared views. A modal's `private_metadata` carries where to report back, because a view
 * submission has no response_url.
 */
export const PLAN_VIEW = 'plan.confirm';

export const viewMetadata = z.object({
  /** Confirmation token the submit confirms and the close cancels. */
  c: z.string().max(200).optional(),
  /** Channel the request came from. */
  ch: z.string().max(50),
  /** response_url of the command or click that opened the modal. */
  r: z.url().max(2_000).optional(),
  /** The list command to read the list again with once the submit is done ("Delete selected" on a list). */
  v: z.string().min(1).max(LIMITS.buttonValue).optional(),
});
export type ViewMetadata = z.infer<typeof viewMetadata>;

const plain = (text: string, max: number): types.PlainTextElement => ({ type: 'plain_text', text: clip(text, max), emoji: true });

function modal(title: string, blocks: Block[], tr: Translator, extra: Partial<types.ModalView> = {}): types.ModalView {
  return {
    type: 'modal',
    title: plain(title, LIMITS.modalTitle),
    close: plain(tr.t('slack.close'), LIMITS.modalButton),
    blocks: blocks.slice(0, LIMITS.modalBlocks),
    ...extra,
  };
}

/** Opened first, inside the 3 s the trigger_id lives; the real content replaces it. */
export function loadingView(title: string, tr: Translator = english): types.ModalView {
  return modal(title, [section(tr.t('slack.working'))], tr);
}

/**
 * The bulk-delete preview: the confirm-plan view in a modal. Its confirm button becomes the
 * modal's Submit and its cancel the Close (which Slack reports, so closing cancels).
 */
export function planPreviewView(
  outcome: Extract<Outcome, { kind: 'confirm-plan' }>,
  meta: Omit<ViewMetadata, 'c'>,
  now: Date,
  tr: Translator = english,
): types.ModalView {
  const view = outcomeView(outcome, { tr, now });
  const [submit, close] = view.actions;
  const metadata: ViewMetadata = { ...meta, c: outcome.confirmationId };
  return modal(tr.t('slack.modalTitle'), slackBlocks(view, tr, { surface: 'modal', withoutActions: true }), tr, {
    callback_id: PLAN_VIEW,
    submit: plain(submit?.label ?? tr.t('card.delete'), LIMITS.modalButton),
    close: plain(close?.label ?? tr.t('card.cancel'), LIMITS.modalButton),
    notify_on_close: true,
    private_metadata: JSON.stringify(metadata),
  });
}

/** Anything else (an error, an approval request sent) shown where the preview would have been. */
export function textView(title: string, text: string, tr: Translator = english): types.ModalView {
  return modal(title, slackBlocks(plainTextView(text), tr, { surface: 'modal' }), tr);
}

/**
 * The card an admin acts on, posted to APPROVAL_CHANNEL or the request's channel, in its
 * language: Approve / Reject while pending; once decided (`resultText` says what happened), who
 * decided and no buttons. The requester and the decider are mentioned (the view's actor runs).
 */
export function approvalCardMessage(request: ApprovalRequest, now: Date, tr: Translator = english, resultText?: string): SlackMessage {
  return slackMessage(approvalCardView(request, { tr, now }, resultText), tr);
}
