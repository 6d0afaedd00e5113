import type { types } from '@slack/bolt';
import { z } from 'zod';
import type { ApprovalRequest } from '../../src/domain/approval.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import { noteLine, untilText } from '../chat/format.js';
import { english, type Translator } from '../chat/i18n/index.js';
import { approvalSubject, planFilterLabel } from '../chat/words.js';
import { approvalButtons } from './blocks.js';
import { LIMITS } from './limits.js';
import { actorLabel, clip, context, escapeUserText, fallbackText, preformatted, section, type Block } from './mrkdwn.js';

/**
 * Modals (the bulk-delete preview and its placeholders) and the approval card. A modal's
 * `private_metadata` carries where to report back, because a view submission has no response_url.
 */
export const PLAN_VIEW = 'plan.confirm';

export const viewMetadata = z.object({
  /** Confirmation token the submit confirms and the close cancels. */
  c: z.string().max(200).optional(),
  /** Channel the request came from. */
  ch: z.string().max(50),
  /** response_url of the command or click that opened the modal. */
  r: z.url().max(2_000).optional(),
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

/** The bulk-delete preview: count, filter, a sample; Submit confirms, Close cancels. */
export function planPreviewView(
  outcome: Extract<Outcome, { kind: 'confirm-plan' }>,
  meta: Omit<ViewMetadata, 'c'>,
  now: Date,
  tr: Translator = english,
): types.ModalView {
  const { t } = tr;
  const { plan } = outcome;
  const count = plan.noteIds.length;
  const more = count - outcome.sample.length;
  const blocks: Block[] = [
    section(t('slack.planHead', { planId: plan.id, count, filter: escapeUserText(clip(planFilterLabel(plan, tr), 1_000)) })),
    ...outcome.sample.map((n) => section(escapeUserText(noteLine(n, 200, tr)))),
  ];
  if (more > 0) blocks.push(context(t('slack.more', { count: more })));
  if (outcome.needsApproval) blocks.push(section(t('slack.aboveThreshold')));
  blocks.push(context(t('slack.snapshot', { until: untilText(outcome.expiresAt, now, tr) })));
  const metadata: ViewMetadata = { ...meta, c: outcome.confirmationId };
  return modal(t('slack.modalTitle'), blocks, tr, {
    callback_id: PLAN_VIEW,
    submit: plain(outcome.needsApproval ? t('card.requestApproval') : t('card.deleteCount', { count }), LIMITS.modalButton),
    close: plain(t('card.cancel'), LIMITS.modalButton),
    notify_on_close: true,
    private_metadata: JSON.stringify(metadata),
  });
}

/** Anything else (an error, an approval request sent) shown where the preview would have been. */
export function textView(title: string, text: string, tr: Translator = english): types.ModalView {
  return modal(title, preformatted(text, 20), tr);
}

/** The card's notification text, escaped: the summary quotes the note. */
export function approvalCardText(request: ApprovalRequest, tr: Translator = english): string {
  return fallbackText(tr.t('slack.approvalNeededText', { subject: approvalSubject(request, tr), requesterId: request.requesterId }));
}

/** The card an admin acts on, posted to APPROVAL_CHANNEL or the request's channel, in its language. */
export function approvalCardBlocks(request: ApprovalRequest, now: Date, tr: Translator = english): Block[] {
  return [
    ...cardHead(request, tr),
    context(tr.t('slack.decideBefore', { expires: tr.minute(request.expiresAt), until: untilText(request.expiresAt, now, tr) })),
    approvalButtons(request.id, tr),
  ];
}

/** The same card once decided: who decided, the outcome, and no buttons left to click. */
export function decidedCardBlocks(request: ApprovalRequest, outcome: string, tr: Translator = english): Block[] {
  const { t } = tr;
  const icon = request.status === 'approved' ? ':white_check_mark:' : request.status === 'rejected' ? ':no_entry:' : ':hourglass:';
  const who = request.status === 'expired' ? t('slack.expiredUndecided') : t('slack.decidedBy', { status: t(`card.statusTitle.${request.status}`), by: actorLabel(request.decidedBy) });
  const when = request.decidedAt ? t('slack.decidedAt', { at: tr.minute(request.decidedAt) }) : '';
  return [...cardHead(request, tr), section(`${icon} *${who}*${when}: ${escapeUserText(outcome)}`)];
}

function cardHead(request: ApprovalRequest, tr: Translator): Block[] {
  const { t } = tr;
  const reason = request.reason ? `\n${t('slack.reason', { reason: escapeUserText(request.reason) })}` : '';
  return [
    section(t('slack.cardTitle', { id: request.id })),
    section(`${escapeUserText(approvalSubject(request, tr))}\n${t('slack.askedBy', { requester: actorLabel(request.requesterId), count: request.noteCount })}${reason}`),
  ];
}
