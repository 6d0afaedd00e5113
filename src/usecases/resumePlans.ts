import { systemActor } from '../domain/actor.js';
import type { DeletionPlan } from '../domain/plan.js';
import type { BackupStore } from '../ports/backups.js';
import { backupRestoreExecutor } from './backups.js';
import { deleteExecutor } from './bulkDelete.js';
import type { CoreDeps, RequestContext } from './context.js';
import { runPlan, type PlanExecutor } from './planRunner.js';
import { undoExecutor } from './restore.js';

/** The executor of a plan's kind; null for a backup restore when backups are not configured. */
export function executorFor(deps: CoreDeps, plan: DeletionPlan, backups?: BackupStore): PlanExecutor | null {
  switch (plan.kind) {
    case 'delete':
      return deleteExecutor(deps);
    case 'undo':
      return undoExecutor(deps);
    case 'backup-restore':
      return backups ? backupRestoreExecutor(deps, backups) : null;
  }
}

/** A resumed plan is finished by the system, and audited as such. */
const resumer: RequestContext = { actor: systemActor, origin: { platform: 'system' } };

/**
 * At start-up: finish the plans of every kind that a crash (or a shutdown between two batches)
 * left `executing`. One plan that cannot finish now (its backup file gone, say) is logged and
 * left for the next start; it does not keep the others, or the app, from starting.
 */
export async function resumeInterruptedPlans(deps: CoreDeps, options: { backups?: BackupStore } = {}): Promise<DeletionPlan[]> {
  const resumed: DeletionPlan[] = [];
  for (const plan of await deps.plans.listByStatus('executing')) {
    const log = deps.logger.child({ planId: plan.id, kind: plan.kind });
    const executor = executorFor(deps, plan, options.backups);
    if (!executor) {
      log.warn('interrupted plan left for later: backups are not configured here');
      continue;
    }
    log.warn({ cursor: plan.cursor, of: plan.noteIds.length }, 'resuming interrupted plan');
    try {
      resumed.push(await runPlan(deps, resumer, plan.id, executor));
    } catch (error) {
      log.error({ err: error }, 'interrupted plan could not finish; it resumes at the next start');
    }
  }
  return resumed;
}
