import { english } from '../chat/i18n/index.js';
import { approvalSubject } from '../chat/words.js';
import type { types } from '@slack/bolt';
import { z } from 'zod';
import type { ApprovalRequest } from '../../src/domain/approval.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import { minute, noteLine, plural, untilText } from '../chat/format.js';
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

function modal(title: string, blocks: Block[], extra: Partial<types.ModalView> = {}): types.ModalView {
  return {
    type: 'modal',
    title: plain(title, LIMITS.modalTitle),
    close: plain('Close', LIMITS.modalButton),
    blocks: blocks.slice(0, LIMITS.modalBlocks),
    ...extra,
  };
}

/** Opened first, inside the 3 s the trigger_id lives; the real content replaces it. */
export function loadingView(title: string): types.ModalView {
  return modal(title, [section(':hourglass_flowing_sand: Working on it…')]);
}

/** The bulk-delete preview: count, filter, a sample; Submit confirms, Close cancels. */
export function planPreviewView(outcome: Extract<Outcome, { kind: 'confirm-plan' }>, meta: Omit<ViewMetadata, 'c'>, now: Date): types.ModalView {
  const { plan } = outcome;
  const count = plural(plan.noteIds.length, 'note');
  const more = plan.noteIds.length - outcome.sample.length;
  const blocks: Block[] = [
    section(`:warning: *Bulk delete \`${plan.id}\`*: ${count} match \`${escapeUserText(clip(plan.filterText, 1_000))}\`.`),
    ...outcome.sample.map((n) => section(escapeUserText(noteLine(n, 200)))),
  ];
  if (more > 0) blocks.push(context(`… and ${more} more.`));
  if (outcome.needsApproval) {
    blocks.push(section(':busts_in_silhouette: More than the approval threshold: after you confirm, *a second admin must approve*.'));
  }
  blocks.push(context(`A snapshot of these notes is written before anything is deleted. Expires in ${untilText(outcome.expiresAt, now)}.`));
  const metadata: ViewMetadata = { ...meta, c: outcome.confirmationId };
  return modal('Bulk delete', blocks, {
    callback_id: PLAN_VIEW,
    submit: plain(outcome.needsApproval ? 'Request approval' : `Delete ${count}`, LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    notify_on_close: true,
    private_metadata: JSON.stringify(metadata),
  });
}

/** Anything else (an error, an approval request sent) shown where the preview would have been. */
export function textView(title: string, text: string): types.ModalView {
  return modal(title, preformatted(text, 20));
}

/** The card's notification text, escaped: the summary quotes the note. */
export function approvalCardText(request: ApprovalRequest): string {
  return fallbackText(`Approval needed: ${approvalSubject(request, english)} (asked by ${request.requesterId})`);
}

/** The card an admin acts on, posted to APPROVAL_CHANNEL or the request's channel. */
export function approvalCardBlocks(request: ApprovalRequest, now: Date): Block[] {
  return [
    ...cardHead(request),
    context(`Another admin than the requester must decide before ${minute(request.expiresAt)} (${untilText(request.expiresAt, now)}).`),
    approvalButtons(request.id),
  ];
}

/** The same card once decided: who decided, the outcome, and no buttons left to click. */
export function decidedCardBlocks(request: ApprovalRequest, outcome: string): Block[] {
  const icon = request.status === 'approved' ? ':white_check_mark:' : request.status === 'rejected' ? ':no_entry:' : ':hourglass:';
  const who = request.status === 'expired' ? 'Expired without a decision' : `${capitalise(request.status)} by ${actorLabel(request.decidedBy)}`;
  const when = request.decidedAt ? ` at ${minute(request.decidedAt)}` : '';
  return [...cardHead(request), section(`${icon} *${who}*${when}: ${escapeUserText(outcome)}`)];
}

function cardHead(request: ApprovalRequest): Block[] {
  const reason = request.reason ? `\nReason: ${escapeUserText(request.reason)}` : '';
  return [
    section(`:rotating_light: *Delete approval* \`${request.id}\``),
    section(`${escapeUserText(approvalSubject(request, english))}\nAsked by ${actorLabel(request.requesterId)} · ${plural(request.noteCount, 'note')}${reason}`),
  ];
}

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
