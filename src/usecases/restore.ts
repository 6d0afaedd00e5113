import { NotesError } from '../domain/errors.js';
import { newPlan, type DeletionPlan } from '../domain/plan.js';
import { planNotFound } from './bulkDelete.js';
import type { CoreDeps, RequestContext } from './context.js';
import { effectOf, settleNewEffect } from './noteEffects.js';
import { noteNotFound } from './notes.js';
import type { Outcome } from './outcomes.js';
import { runPlanOrStart } from './planOperations.js';
import { recordInParts, runPlan, type PlanExecutor } from './planRunner.js';

/**
 * `restore <noteId>`: the note comes back exactly as it was, with its id. Its audit and CRM entries
 * are written ahead with the restore, as for a delete (noteEffects.ts).
 */
export async function restoreNote(deps: CoreDeps, ctx: RequestContext, noteId: string): Promise<Outcome> {
  const effect = effectOf(deps, ctx, 'restore');
  const restored = await deps.notes.restore(noteId, effect.at, effect);
  if (!restored) {
    const note = await deps.notes.findById(noteId);
    if (!note) throw noteNotFound(noteId);
    // Still in the trash yet refused: the purge has marked it and is removing it for good.
    if (note.deletedAt !== null) throw new NotesError('NoteNotFound', 'notePurging', { noteId });
    throw new NotesError('NotDeleted', 'noteNotDeleted', { noteId });
  }
  await settleNewEffect(deps, restored, effect);
  return { kind: 'note-restored', note: restored };
}

/**
 * `undo <planId>`: restores every note that bulk delete removed and that is still in the trash.
 * The undo is a plan of its own (kind `undo`) over the notes the delete plan holds deleted now,
 * run in batches like the delete, so a crash mid-way resumes at the next start with exact counts
 * and every restored note audited once.
 */
export async function undoPlan(deps: CoreDeps, ctx: RequestContext, planId: string): Promise<Outcome> {
  const plan = await deps.plans.find(planId);
  if (!plan) throw planNotFound(planId);
  if (plan.kind !== 'delete') throw new NotesError('BadInput', 'planNotBulkDelete', { planId });
  // A plan cancelled mid-run deleted some notes: those can be undone like a finished plan's.
  const ranPartly = plan.status === 'cancelled' && plan.cursor > 0;
  if (plan.status !== 'done' && !ranPartly) {
    throw new NotesError('BadInput', 'planNotFinished', { planId, status: plan.status });
  }
  // Every note the delete went through (batches run in id order, so a stopped plan went through a
  // prefix). Asking which of them it still holds would scan them all inside the request; the undo's
  // batches ask instead, and a note restored or deleted again by someone meanwhile is skipped.
  const held = [...plan.noteIds].sort().slice(0, plan.cursor);
  const now = deps.clock.now();
  const undo = newPlan(
    { id: deps.ids.planId(), kind: 'undo', sourceId: plan.id, requesterId: ctx.actor.id, filter: {}, filterText: `undo ${plan.id}`, noteIds: held, status: 'executing' },
    now,
  );
  await deps.plans.insert(undo);
  await recordInParts(deps, ctx, 'plan.undo', [undo.id, plan.id], [], { planId: undo.id, undoes: plan.id, noteCount: held.length });
  const executor = undoExecutor(deps);
  return runPlanOrStart(deps, ctx, undo, executor, async () => {
    const finished = await runPlan(deps, ctx, undo.id, executor);
    return { kind: 'plan-undone', plan, restored: finished.deletedCount };
  });
}

/**
 * Undo plans: restore what the delete plan still holds deleted, stamping `updatedAt` with the
 * undo's own instant, which is how a re-run batch tells what this undo restored.
 */
export function undoExecutor(deps: CoreDeps): PlanExecutor {
  const undone = (plan: DeletionPlan): string => {
    if (!plan.sourceId) throw new Error(`undo plan ${plan.id} names no delete plan`);
    return plan.sourceId;
  };
  return {
    action: 'plan.undo',
    countKey: 'restored',
    crmChange: 'restore',
    apply: (plan, ids) => deps.notes.restoreByPlan(ids, undone(plan), plan.frozenAt),
    details: (plan) => ({ undoes: undone(plan), requesterId: plan.requesterId }),
    summaryTargets: (plan) => [undone(plan)],
  };
}
