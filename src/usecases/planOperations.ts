import { operationKindOfPlan, type Operation } from '../domain/operation.js';
import type { DeletionPlan } from '../domain/plan.js';
import type { CoreDeps, LongWork, RequestContext } from './context.js';
import { runsInBackground, startOperation, type OperationEnd, type OperationWork } from './operations.js';
import type { Outcome } from './outcomes.js';
import { runPlan, type PlanExecutor } from './planRunner.js';

/**
 * Runs an `executing` plan: in the background as a tracked operation when it can touch more than
 * a page of notes (the request is answered "started" at once), else inside the request, whose
 * answer is then the result itself.
 */
export async function runPlanOrStart(
  deps: CoreDeps,
  ctx: RequestContext,
  plan: DeletionPlan,
  executor: PlanExecutor,
  inline: () => Promise<Outcome>,
): Promise<Outcome> {
  if (!runsInBackground(deps) || plan.noteIds.length <= deps.settings.pageSize) return inline();
  const operation = await startOperation(deps, ctx, {
    kind: operationKindOfPlan(plan.kind),
    planId: plan.id,
    // Told when it ends: who asked for the plan, also when a second admin's approval starts it.
    requesterId: plan.requesterId,
    total: planTotal(plan),
    stoppable: true,
    work: planWork(deps, ctx, plan.id, executor),
  });
  return { kind: 'operation-started', operation };
}

/** Notes a plan goes through, counting those a restore's freeze already left alone. */
export const planTotal = (plan: DeletionPlan): number => Math.max(plan.noteIds.length, plan.kind === 'backup-restore' ? (plan.backup?.inScope ?? 0) : 0);

/** The counts of a plan as an operation shows them. */
export function planCounts(plan: DeletionPlan) {
  return { done: plan.deletedCount, skipped: plan.skippedCount, total: planTotal(plan) };
}

/** The work of a plan-backed operation: the plan runner, told of stop requests and reporting each batch. */
export function planWork(deps: CoreDeps & { longWork: LongWork }, ctx: RequestContext, planId: string, executor: PlanExecutor): OperationWork {
  return async (tracker) => {
    const base = await deps.plans.find(planId);
    const total = base ? planTotal(base) : tracker.op.total;
    const plan = await runPlan(deps, ctx, planId, executor, {
      async check() {
        if (await tracker.superseded()) return { stop: 'yield' };
        const by = await tracker.stopRequested();
        return by ? { stop: 'cancel', by } : null;
      },
      onBatch: ({ plan: now }) => tracker.report({ done: now.deletedCount, skipped: now.skippedCount, total }),
    });
    return planEnd(plan, total);
  };
}

/** How a plan that left `executing` ends its operation; null while it still runs. */
export function planEnd(plan: DeletionPlan, total = planTotal(plan)): OperationEnd | null {
  if (plan.status === 'executing') return null;
  return {
    status: plan.status === 'done' ? 'done' : 'cancelled',
    counts: { done: plan.deletedCount, skipped: plan.skippedCount, total },
    result: { planKind: plan.kind, sourceId: plan.sourceId, notReached: plan.noteIds.length - plan.cursor },
  };
}

/** The operation of a plan, if the plan runs as one. */
export async function operationOfPlan(deps: CoreDeps, planId: string): Promise<Operation | null> {
  return deps.longWork ? deps.longWork.operations.find(planId) : null;
}
