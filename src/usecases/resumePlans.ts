import { systemActor, toActor } from '../domain/actor.js';
import type { DeletionPlan } from '../domain/plan.js';
import type { BackupStore } from '../ports/backups.js';
import { backupRestoreExecutor } from './backups.js';
import { recordDecision } from './approvals.js';
import { closePlan, deleteExecutor, startApprovedPlan } from './bulkDelete.js';
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
  await carryOutDecidedPlans(deps);
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

/**
 * A decision is claimed before it is acted on: a crash between the two leaves a bulk plan
 * `awaiting-approval` under a request that says approved (or rejected). At start-up such plans
 * are carried out (or closed) in the decider's name, and the decision's audit entry, keyed per
 * request, is written if the crash came before it. A decider still at work in another process
 * meets the plan's own claimed transition, so the plan still runs once.
 */
async function carryOutDecidedPlans(deps: CoreDeps): Promise<void> {
  for (const plan of await deps.plans.listByStatus('awaiting-approval')) {
    const request = plan.approvalId ? await deps.approvals.find(plan.approvalId) : null;
    if (!request || request.status === 'pending' || !request.decidedBy) continue;
    const decider: RequestContext = { actor: toActor(request.decidedBy), origin: { platform: 'system' } };
    const log = deps.logger.child({ planId: plan.id, approvalId: request.id, status: request.status });
    try {
      if (request.status !== 'expired') await recordDecision(deps, decider, request);
      if (request.status === 'approved') {
        log.warn('approved plan never started (a crash after the decision): starting it');
        await startApprovedPlan(deps, decider, plan.id);
      } else {
        await closePlan(deps, decider, plan.id, request.status === 'expired' ? 'expired' : 'rejected');
      }
    } catch (error) {
      log.error({ err: error }, 'decided plan could not be carried out; it is tried again at the next start');
    }
  }
}
