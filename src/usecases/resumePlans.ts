import { systemActor, toActor } from '../domain/actor.js';
import type { DeletionPlan } from '../domain/plan.js';
import type { BackupStore } from '../ports/backups.js';
import { backupRestoreExecutor } from './backups.js';
import { recordDecision } from './approvals.js';
import { carryOutApprovedDeletes } from './approvedDeletes.js';
import { closePlan, deleteExecutor, startApprovedPlan } from './bulkDelete.js';
import type { CoreDeps, LongWork, RequestContext } from './context.js';
import { runsInBackground, runTracked, type OperationWork } from './operations.js';
import { planEnd, planWork } from './planOperations.js';
import { runPlan, type PlanExecutor } from './planRunner.js';
import type { Operation, OperationKind } from '../domain/operation.js';
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
export async function resumeInterruptedPlans(deps: CoreDeps, options: ResumeOptions = {}): Promise<DeletionPlan[]> {
  // Single-note deletes approved just before a crash, then bulk plans decided just before one.
  await carryOutApprovedDeletes(deps);
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
    // A plan that ran as a tracked operation resumes as one, in the background, updating the
    // same progress message to the end.
    const op = runsInBackground(deps) ? await deps.longWork.operations.find(plan.id) : null;
    if (op && runsInBackground(deps)) {
      const tracked = deps;
      deps.longWork.background.launch(op.id, () => runTracked(tracked, op, planWork(tracked, resumer, plan.id, executor)));
      continue;
    }
    try {
      resumed.push(await runPlan(deps, resumer, plan.id, executor));
    } catch (error) {
      log.error({ err: error }, 'interrupted plan could not finish; it resumes at the next start');
    }
  }
  await resumeOperations(deps, options);
  return resumed;
}

export interface ResumeOptions {
  backups?: BackupStore;
  /** How to resume a long operation that no plan backs (an import), by kind. */
  resumers?: Partial<Record<OperationKind, (op: Operation) => OperationWork>>;
}

/**
 * Operations a crash left `running` whose plan is not running any more (the crash came between
 * the plan's end and the operation's) are ended now, showing the result on their message; those
 * no plan backs resume through their kind's resumer, else end `failed` (interrupted) so nobody
 * waits on them.
 */
async function resumeOperations(deps: CoreDeps, options: ResumeOptions): Promise<void> {
  if (!runsInBackground(deps)) return;
  const tracked = deps;
  for (const op of await deps.longWork.operations.listRunning()) {
    if (deps.longWork.background.ids.includes(op.id)) continue;
    const plan = op.planId ? await deps.plans.find(op.planId) : null;
    if (op.planId && plan?.status === 'executing') continue; // resumed above (or left for later)
    const { work } = await resumedWork(tracked, op, options);
    if (work) deps.longWork.background.launch(op.id, () => runTracked(tracked, op, work));
  }
}

/**
 * How a running operation whose run is gone goes on, at start-up or when another instance takes
 * it over (takeOver.ts): a plan still `executing` runs on from its cursor; an ended plan only
 * ends its operation; an operation no plan backs resumes through its kind's resumer, else is
 * ended `failed` (interrupted) here. No work when it cannot go on now (it is left for later).
 */
export async function resumedWork(deps: CoreDeps & { longWork: LongWork }, op: Operation, options: ResumeOptions): Promise<{ work: OperationWork | null }> {
  const log = deps.logger.child({ operationId: op.id, kind: op.kind });
  const plan = op.planId ? await deps.plans.find(op.planId) : null;
  if (plan?.status === 'executing') {
    const executor = executorFor(deps, plan, options.backups);
    if (!executor) log.warn('interrupted job left for later: backups are not configured here');
    return { work: executor ? planWork(deps, resumer, plan.id, executor) : null };
  }
  if (plan) return { work: async () => planEnd(plan) };
  const resume = op.planId ? undefined : options.resumers?.[op.kind];
  if (resume) return { work: resume(op) };
  log.warn('interrupted job cannot resume: ended as failed');
  const ended = await deps.longWork.operations.finish(op.id, 'failed', { result: { ...op.result, failure: 'Interrupted' } }, deps.clock.now());
  if (ended) await deps.longWork.progress.finish(ended).catch((err: unknown) => log.warn({ err }, 'could not show an interrupted job'));
  return { work: null };
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
