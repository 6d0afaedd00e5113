import { NotesError } from '../domain/errors.js';
import { planNotFound } from './bulkDelete.js';
import { record, type CoreDeps, type RequestContext } from './context.js';
import { noteNotFound } from './notes.js';
import type { Outcome } from './outcomes.js';

/** `restore <noteId>`: the note comes back exactly as it was, with its id. */
export async function restoreNote(deps: CoreDeps, ctx: RequestContext, noteId: string): Promise<Outcome> {
  const restored = await deps.notes.restore(noteId, deps.clock.now());
  if (!restored) {
    const note = await deps.notes.findById(noteId);
    if (!note) throw noteNotFound(noteId);
    throw new NotesError('NotDeleted', `Note ${noteId} is not deleted; there is nothing to restore.`);
  }
  await record(deps, ctx, 'note.restore', [noteId, restored.recordId], { recordId: restored.recordId });
  return { kind: 'note-restored', note: restored };
}

/** `undo <planId>`: restores every note that plan deleted and that is still in the trash. */
export async function undoPlan(deps: CoreDeps, ctx: RequestContext, planId: string): Promise<Outcome> {
  const plan = await deps.plans.find(planId);
  if (!plan) throw planNotFound(planId);
  if (plan.status !== 'done') {
    throw new NotesError('BadInput', `Plan ${planId} is ${plan.status.replace('-', ' ')}; only a finished plan can be undone.`);
  }
  const restored = await deps.notes.restoreByPlan(planId, deps.clock.now());
  await record(deps, ctx, 'plan.undo', [planId, ...plan.noteIds], { planId, restored });
  return { kind: 'plan-undone', plan, restored };
}
