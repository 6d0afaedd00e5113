import type { Confirmation } from '../domain/confirmation.js';
import { NotesError } from '../domain/errors.js';
import { closePlan, confirmPlan } from './bulkDelete.js';
import { requireRole, type CoreDeps, type RequestContext } from './context.js';
import { performDelete } from './deleteNote.js';
import type { Outcome } from './outcomes.js';

/** Runs the confirmed action of a backup restore; provided by the backup module when present. */
export type BackupRestoreRunner = (
  ctx: RequestContext,
  action: Extract<Confirmation['action'], { type: 'restore-backup' }>,
) => Promise<Outcome>;

/**
 * The "yes" of a confirm step. Only the person who was asked may answer; their role is checked
 * again now; and the token acts once however many times it is clicked.
 */
export async function confirm(
  deps: CoreDeps,
  ctx: RequestContext,
  confirmationId: string,
  runBackupRestore?: BackupRestoreRunner,
): Promise<Outcome> {
  const pending = await claimable(deps, ctx, confirmationId);
  await requireRole(deps, ctx.actor, 'admin', 'carryOut');
  const settled = await deps.confirmations.settle(confirmationId, 'confirmed');
  if (!settled) throw alreadyUsed();
  const action = pending.action;
  switch (action.type) {
    case 'delete-note':
      return { kind: 'note-deleted', note: await performDelete(deps, ctx, action.noteId, action.reason) };
    case 'run-plan':
      return confirmPlan(deps, ctx, action.planId);
    case 'restore-backup':
      if (!runBackupRestore) throw new NotesError('Unavailable', 'backupsUnavailable');
      return runBackupRestore(ctx, action);
  }
}

/** The "no": nothing changes, and the token cannot be confirmed afterwards. */
export async function cancel(deps: CoreDeps, ctx: RequestContext, confirmationId: string): Promise<Outcome> {
  const pending = await claimable(deps, ctx, confirmationId, { allowExpired: true });
  const settled = await deps.confirmations.settle(confirmationId, 'cancelled');
  if (!settled) throw alreadyUsed();
  if (pending.action.type === 'run-plan') {
    await closePlan(deps, ctx, pending.action.planId, 'cancelled');
  }
  return { kind: 'cancelled', action: pending.action };
}

async function claimable(
  deps: CoreDeps,
  ctx: RequestContext,
  id: string,
  options: { allowExpired?: boolean } = {},
): Promise<Confirmation> {
  const found = await deps.confirmations.find(id);
  if (!found) throw new NotesError('ConfirmationNotFound', 'confirmationNotFound');
  if (found.actorId !== ctx.actor.id) {
    throw new NotesError('NotPermitted', 'onlyAsker', { actorId: found.actorId });
  }
  if (found.status !== 'pending') throw alreadyUsed(found.status);
  if (!options.allowExpired && found.expiresAt <= deps.clock.now()) {
    throw new NotesError('ConfirmationExpired', 'confirmationExpired');
  }
  return found;
}

const alreadyUsed = (status?: string) =>
  new NotesError('ConfirmationNotFound', 'confirmationUsed', { status: status ?? 'used' });
