import type { ApprovalKind, ApprovalRequest, ApprovalSubject } from '../domain/approval.js';
import { NotesError } from '../domain/errors.js';
import { cleanReason } from '../domain/input.js';
import { minutesFrom, record, requireRole, type CoreDeps, type RequestContext } from './context.js';
import type { Outcome } from './outcomes.js';

interface ApprovalDraft {
  kind: ApprovalKind;
  targetId: string;
  subject: ApprovalSubject;
  reason: string | null;
  noteCount: number;
}

/** Stores a pending request and tells the approval channel. */
export async function requestApproval(deps: CoreDeps, ctx: RequestContext, draft: ApprovalDraft): Promise<ApprovalRequest> {
  const now = deps.clock.now();
  const request: ApprovalRequest = {
    id: deps.ids.approvalId(),
    ...draft,
    requesterId: ctx.actor.id,
    status: 'pending',
    createdAt: now,
    expiresAt: minutesFrom(now, deps.settings.approvalTtlMinutes),
    decidedBy: null,
    decidedAt: null,
    decisionReason: null,
    origin: ctx.origin,
    message: null,
  };
  await deps.approvals.insert(request);
  await record(deps, ctx, 'approval.request', [request.id, draft.targetId], {
    kind: draft.kind,
    subject: draft.subject,
    reason: draft.reason,
    noteCount: draft.noteCount,
  });
  await publishSafely(deps, { type: 'approval.requested', request });
  return request;
}

export async function listApprovals(deps: CoreDeps): Promise<Outcome> {
  return { kind: 'approval-list', requests: await deps.approvals.listPending(deps.clock.now()) };
}

/**
 * Approve or reject. The approver's role is checked now (not when the card was posted), the
 * requester may not decide their own request, and the first decision wins: later deciders are
 * told who decided and how.
 */
export async function decideApproval(
  deps: CoreDeps,
  ctx: RequestContext,
  requestId: string,
  decision: 'approved' | 'rejected',
  rawReason: string | null,
  handlers: {
    onApproved: (request: ApprovalRequest) => Promise<Outcome>;
    /** Also called when the request turns out to have expired: nothing it asked for may run. */
    onRejected: (request: ApprovalRequest) => Promise<void>;
  },
): Promise<Outcome> {
  const reason = cleanReason(rawReason, 'reject');
  await requireRole(deps, ctx.actor, 'admin', 'decide');
  const request = await deps.approvals.find(requestId);
  if (!request) throw new NotesError('ApprovalNotFound', 'approvalNotFound', { requestId });
  if (request.status !== 'pending') throw alreadyDecided(request);
  if (request.requesterId === ctx.actor.id) {
    throw new NotesError('SelfApproval', 'selfApproval');
  }
  const now = deps.clock.now();
  if (request.expiresAt <= now) {
    const expired = await expire(deps, ctx, request);
    if (expired) await handlers.onRejected(expired);
    throw new NotesError('ApprovalExpired', 'approvalExpiredOn', { requestId, at: request.expiresAt.toISOString() });
  }
  const decided = await deps.approvals.decide(requestId, { status: decision, decidedBy: ctx.actor.id, decidedAt: now, reason }, now);
  if (!decided) {
    const current = await deps.approvals.find(requestId);
    throw current && current.status !== 'pending' ? alreadyDecided(current) : new NotesError('ApprovalExpired', 'approvalExpired', { requestId });
  }
  await recordDecision(deps, ctx, decided);
  let result: Outcome | null = null;
  if (decision === 'approved') result = await handlers.onApproved(decided);
  else await handlers.onRejected(decided);
  // The reason travels on the request; each reader's renderer words the outcome.
  await publishSafely(deps, { type: 'approval.decided', request: decided, outcome: decision });
  return { kind: 'approval-decided', request: decided, result };
}

/**
 * The decision's audit entry, appended once per request (keyed): the decider writes it, and a
 * start-up that finds a decision whose effect a crash cut short writes it only if it is missing.
 */
export async function recordDecision(deps: CoreDeps, ctx: RequestContext, decided: ApprovalRequest): Promise<void> {
  await record(
    deps,
    ctx,
    decided.status === 'approved' ? 'approval.approve' : 'approval.reject',
    [decided.id, decided.targetId],
    {
      kind: decided.kind,
      requesterId: decided.requesterId,
      ...(decided.kind === 'bulk-plan' ? { planId: decided.targetId } : { noteId: decided.targetId }),
      reason: decided.decisionReason,
    },
    `approval-decision:${decided.id}`,
  );
}

async function expire(deps: CoreDeps, ctx: RequestContext, request: ApprovalRequest): Promise<ApprovalRequest | null> {
  const now = deps.clock.now();
  const expired = await deps.approvals.decide(
    request.id,
    { status: 'expired', decidedBy: 'system:expiry', decidedAt: now, reason: null },
    new Date(0), // deciding "expired" must not itself be refused for being expired
  );
  if (expired) {
    await record(deps, ctx, 'approval.expire', [request.id, request.targetId], { kind: request.kind });
    await publishSafely(deps, { type: 'approval.decided', request: expired, outcome: 'expired' });
  }
  return expired;
}

function alreadyDecided(request: ApprovalRequest): NotesError {
  if (request.status === 'expired') return new NotesError('ApprovalExpired', 'approvalExpiredUndecided', { requestId: request.id });
  const decided = { requestId: request.id, status: request.status, by: request.decidedBy ?? '?' };
  // An ISO instant: the renderer shows it in the reader's language and format.
  if (request.decidedAt) return new NotesError('AlreadyDecided', 'approvalAlreadyDecidedAt', { ...decided, at: request.decidedAt.toISOString() });
  return new NotesError('AlreadyDecided', 'approvalAlreadyDecided', decided);
}

/** A chat platform being down must not undo a decision already stored: log and carry on. */
export async function publishSafely(deps: CoreDeps, event: Parameters<CoreDeps['notifier']['publish']>[0]) {
  try {
    await deps.notifier.publish(event);
  } catch (error) {
    deps.logger.error({ err: error, event: event.type, requestId: event.request.id }, 'could not publish approval event');
  }
}
