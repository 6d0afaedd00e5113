import { toActor } from '../domain/actor.js';
import type { ApprovalExecutionOutcome, ApprovalRequest } from '../domain/approval.js';
import { isNotesError } from '../domain/errors.js';
import type { Note } from '../domain/note.js';
import { publishSafely, recordDecision } from './approvals.js';
import type { CoreDeps, RequestContext } from './context.js';
import { performDelete } from './deleteNote.js';
import type { Outcome } from './outcomes.js';

/**
 * Approved single-note deletes. A decision is stored (claimed) before its delete runs, so a
 * process killed between the two leaves a request that says approved over a live note. Each
 * approved request therefore gets its execution recorded once (`ApprovalStore.recordExecution`),
 * and the reconciler carries out those that have none: at start-up and every minute.
 *
 * What "carried out" means: the approval authorised deleting the note as it was when decided.
 * Deleted under this approval (by the decider or the reconciler) is `deleted`; deleted by another
 * path first is `already-deleted`; purged is `gone`; live but changed after the decision (a
 * restore undid the delete whose record the crash lost) is `changed` and is not deleted again.
 */

/** A note-delete request's approval, carried out live by the decider. */
export async function deleteApprovedNote(deps: CoreDeps, ctx: RequestContext, request: ApprovalRequest): Promise<Outcome> {
  await deps.runs?.hooks.approvalDecided?.(request.id);
  let note: Note;
  try {
    note = await performDelete(deps, ctx, request.targetId, request.reason, { requestedBy: request.requesterId, approvalId: request.id });
  } catch (error) {
    if (!isNotesError(error, 'AlreadyDeleted') && !isNotesError(error, 'NoteNotFound')) throw error; // left for the reconciler
    const now = await deps.notes.findById(request.targetId);
    const { execution } = await deps.approvals.recordExecution(request.id, { outcome: outcomeOfMissedDelete(request, now), at: deps.clock.now(), recovered: false });
    // The reconciler of another process got there first, under this same approval: done.
    if (execution.outcome === 'deleted' && now) return { kind: 'note-deleted', note: now };
    throw error;
  }
  try {
    await deps.approvals.recordExecution(request.id, { outcome: 'deleted', at: deps.clock.now(), recovered: false });
  } catch (error) {
    // The delete stands; the reconciler finds it done under this approval and records it then.
    deps.logger.error({ err: error, approvalId: request.id }, 'approved delete done, its record on the request not yet');
  }
  return { kind: 'note-deleted', note };
}

/**
 * The reconciler: carries out every approved note delete whose execution is not recorded, in the
 * decider's name, with the same audit entry the decider would have written (approver, requester,
 * approval id; keyed, so once). The first to record an execution publishes the decision, which a
 * crash before the delete kept from being published: the card is updated and the requester told.
 * `decidedBefore` leaves alone decisions so recent that their decider may still be at work.
 * Returns how many requests it carried out; one that fails is logged and tried at the next run.
 */
export async function carryOutApprovedDeletes(deps: CoreDeps, options: { decidedBefore?: Date } = {}): Promise<number> {
  let done = 0;
  for (const request of await deps.approvals.listUnexecutedDeletes()) {
    if (!request.decidedBy || !request.decidedAt) continue;
    if (options.decidedBefore && request.decidedAt > options.decidedBefore) continue;
    const log = deps.logger.child({ approvalId: request.id, noteId: request.targetId });
    const decider: RequestContext = { actor: toActor(request.decidedBy), origin: { platform: 'system' } };
    try {
      await recordDecision(deps, decider, request);
      const outcome = await carryOut(deps, decider, request);
      const { execution, first } = await deps.approvals.recordExecution(request.id, { outcome, at: deps.clock.now(), recovered: true });
      log.warn({ outcome: execution.outcome }, 'approved delete a crash had cut short: carried out');
      if (first) await publishSafely(deps, { type: 'approval.decided', request: { ...request, execution }, outcome: 'approved' });
      done += 1;
    } catch (error) {
      log.error({ err: error }, 'approved delete could not be carried out; tried again at the next run');
    }
  }
  return done;
}

async function carryOut(deps: CoreDeps, decider: RequestContext, request: ApprovalRequest): Promise<ApprovalExecutionOutcome> {
  const before = await deps.notes.findById(request.targetId);
  if (!before || before.deletedAt || before.updatedAt > request.decidedAt!) return outcomeOfMissedDelete(request, before);
  try {
    await performDelete(deps, decider, request.targetId, request.reason, { requestedBy: request.requesterId, approvalId: request.id });
    return 'deleted';
  } catch (error) {
    if (!isNotesError(error, 'AlreadyDeleted') && !isNotesError(error, 'NoteNotFound')) throw error;
    return outcomeOfMissedDelete(request, await deps.notes.findById(request.targetId));
  }
}

/**
 * Why a delete under `request` found nothing to do, from the note as it is now. A delete under an
 * approval marks the note deleted by the requester, after the decision, outside any plan: a note
 * so marked was deleted under it (by another runner); any other deleted note by another path.
 */
function outcomeOfMissedDelete(request: ApprovalRequest, note: Note | null): ApprovalExecutionOutcome {
  if (!note) return 'gone';
  if (!note.deletedAt) return 'changed';
  const underThisApproval =
    note.deletedBy === request.requesterId && note.deletionPlanId === null && request.decidedAt !== null && note.deletedAt >= request.decidedAt;
  return underThisApproval ? 'deleted' : 'already-deleted';
}
