import type { ApprovalRequest } from '../../../src/domain/approval.js';
import type { Outcome } from '../../../src/usecases/outcomes.js';
import { untilText } from '../format.js';
import type { Translator } from '../i18n/index.js';
import { plainText, type MessageView, type RichText, type Tone, type ViewAction, type ViewBlock } from '../view.js';
import { person, withActors } from './actors.js';
import { approvalSubject, statusWord } from '../words.js';
import type { Built, ViewContext } from './context.js';

/** Approvals (the two-person rule): the card admins decide on, the list of pending requests, the requester's answer. */

export const decisionActions = (requestId: string, tr: Translator): ViewAction[] => [
  { label: tr.t('card.approve'), intent: { do: 'approve', requestId }, style: 'primary' },
  { label: tr.t('card.reject'), intent: { do: 'reject', requestId }, style: 'danger' },
];

const toneOf = (status: ApprovalRequest['status']): Tone =>
  status === 'pending' ? 'warning' : status === 'approved' ? 'good' : status === 'rejected' ? 'attention' : 'muted';

/**
 * The card in the approval channel, in the channel's language: Approve / Reject while pending;
 * once decided it is updated in place to say who decided, when, why, and what happened
 * (`resultText`, the result's own words without its buttons: undo belongs to the decider's answer).
 */
export function approvalCardView(request: ApprovalRequest, { tr, now }: ViewContext, resultText?: string): MessageView {
  const { t } = tr;
  const pending = request.status === 'pending';
  const blocks: ViewBlock[] = [
    { type: 'text', text: approvalSubject(request, tr) },
    {
      type: 'facts',
      facts: [
        { label: t('card.fact.request'), value: request.id },
        { label: t('card.fact.askedBy'), value: [{ actor: request.requesterId }] },
        { label: t('card.fact.notes'), value: String(request.noteCount) },
        ...(request.reason ? [{ label: t('card.reason'), value: request.reason }] : []),
      ],
    },
  ];
  if (pending) {
    const left = untilText(request.expiresAt, now, tr);
    const waiting = withActors(tr, 'card.waiting', { requesterId: { actor: request.requesterId }, expires: tr.minute(request.expiresAt), left });
    blocks.push({ type: 'text', text: waiting, style: 'subtle' });
  } else {
    const decided: RichText =
      request.status === 'expired'
        ? t('card.statusTitle.expired')
        : withActors(tr, request.decidedAt ? 'card.decidedAt' : 'card.decided', {
            status: t(`card.statusTitle.${request.status}`),
            by: person(request.decidedBy),
            ...(request.decidedAt ? { at: tr.minute(request.decidedAt) } : {}),
          });
    blocks.push({ type: 'text', text: decided, style: 'strong', tone: toneOf(request.status) });
    if (request.decisionReason) blocks.push({ type: 'text', text: t('note.reason', { reason: request.decisionReason }), style: 'subtle' });
    if (resultText) blocks.push({ type: 'text', text: resultText });
  }
  const title = pending ? t('card.approvalNeeded') : t('card.requestStatus', { id: request.id, status: statusWord(request.status, tr) });
  const text = [title, ...blocks.map((b) => (b.type === 'facts' ? b.facts.map((f) => t('format.label', { label: f.label, value: plainText(f.value) })).join(' · ') : b.type === 'text' ? plainText(b.text) : ''))].join('\n');
  return { title, tone: toneOf(request.status), blocks, actions: pending ? decisionActions(request.id, tr) : [], text };
}

export function approvalRequestedView(request: ApprovalRequest, { tr }: ViewContext): Built {
  return {
    title: tr.t('card.approvalRequested', { id: request.id, expires: tr.minute(request.expiresAt) }),
    tone: 'warning',
    blocks: [{ type: 'text', text: approvalSubject(request, tr) }],
  };
}

export function approvalListView(requests: ApprovalRequest[], { tr }: ViewContext): Built {
  const { t } = tr;
  if (requests.length === 0) return { title: t('approval.none'), tone: 'muted' };
  return {
    title: t('approval.pending', { count: requests.length }),
    tone: 'warning',
    blocks: requests.map((r) => ({
      type: 'item',
      key: r.id,
      heading: [{ id: r.id }, ` ${approvalSubject(r, tr)}`],
      detail: withActors(tr, 'card.askedBy', { requesterId: { actor: r.requesterId }, expires: tr.minute(r.expiresAt) }),
      actions: decisionActions(r.id, tr),
    })),
  };
}

/**
 * The decider's answer: the card as it now stands, with the result's own words. No buttons: on
 * Teams and Feishu the answer replaces the card everyone in the approval channel sees, and Undo
 * there would be offered to all of them; the result's words say how to undo.
 */
export function approvalDecidedView(outcome: Extract<Outcome, { kind: 'approval-decided' }>, ctx: ViewContext, result: MessageView | null): MessageView {
  return approvalCardView(outcome.request, ctx, result ? result.text : undefined);
}
