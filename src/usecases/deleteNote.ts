import { NotesError } from '../domain/errors.js';
import { cleanReason } from '../domain/input.js';
import { excerpt, type Note } from '../domain/note.js';
import { requestApproval } from './approvals.js';
import { minutesFrom, roleOf, type CoreDeps, type RequestContext } from './context.js';
import { effectOf, settleNewEffect } from './noteEffects.js';
import { noteNotFound } from './notes.js';
import type { Outcome } from './outcomes.js';

/**
 * `delete <noteId>`: an admin gets a confirmation to click or type; a member's request becomes an
 * approval request for an admin. Nothing is deleted here.
 */
export async function requestDelete(
  deps: CoreDeps,
  ctx: RequestContext,
  noteId: string,
  rawReason: string | null,
): Promise<Outcome> {
  // Checked before anything else: an over-long reason is refused even for a note that is gone.
  const reason = cleanReason(rawReason, 'delete');
  const note = await liveNote(deps, noteId);
  const role = await roleOf(deps, ctx.actor.id);
  if (role !== 'admin') {
    // A double click, or two members asking about the same note, must not file two requests.
    const pending = (await deps.approvals.listPending(deps.clock.now())).find(
      (r) => r.kind === 'note-delete' && r.targetId === note.id,
    );
    if (pending) return { kind: 'approval-requested', request: pending };
    const request = await requestApproval(deps, ctx, {
      kind: 'note-delete',
      targetId: note.id,
      subject: { recordId: note.recordId, excerpt: excerpt(note.body, 80) },
      reason,
      noteCount: 1,
    });
    return { kind: 'approval-requested', request };
  }
  const now = deps.clock.now();
  const expiresAt = minutesFrom(now, deps.settings.confirmTtlMinutes);
  const confirmationId = deps.ids.confirmationId();
  await deps.confirmations.insert({
    id: confirmationId,
    actorId: ctx.actor.id,
    action: { type: 'delete-note', noteId: note.id, reason },
    status: 'pending',
    createdAt: now,
    expiresAt,
  });
  return { kind: 'confirm-delete', confirmationId, note, expiresAt };
}

/**
 * The soft delete itself, once confirmed or approved. Compare-and-set: a second call finds it gone.
 * Its audit entry and CRM outbox entry are written ahead onto the note in the same atomic step
 * (noteEffects.ts), so a crash right after the delete leaves them pending, never lost.
 */
export async function performDelete(
  deps: CoreDeps,
  ctx: RequestContext,
  noteId: string,
  reason: string | null,
  extra: { requestedBy?: string; approvalId?: string } = {},
): Promise<Note> {
  const effect = effectOf(deps, ctx, 'delete', { reason, ...extra });
  const deleted = await deps.notes.softDelete(
    noteId,
    { deletedAt: effect.at, deletedBy: extra.requestedBy ?? ctx.actor.id, reason, planId: null },
    effect,
  );
  if (!deleted) {
    await liveNote(deps, noteId); // throws the precise reason: gone, or already deleted
    throw new NotesError('AlreadyDeleted', 'noteDeletedJustNow', { noteId });
  }
  await settleNewEffect(deps, deleted, effect);
  return deleted;
}

async function liveNote(deps: CoreDeps, noteId: string): Promise<Note> {
  const note = await deps.notes.findById(noteId);
  if (!note) throw noteNotFound(noteId);
  if (note.deletedAt) {
    throw new NotesError('AlreadyDeleted', 'noteAlreadyDeleted', { noteId, by: note.deletedBy ?? '?', on: note.deletedAt.toISOString() });
  }
  return note;
}
