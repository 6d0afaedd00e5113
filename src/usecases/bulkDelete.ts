import { NotesError } from '../domain/errors.js';
import { isEmptyFilter, type NoteFilter } from '../domain/filter.js';
import { newPlan, type DeletionPlan } from '../domain/plan.js';
import { requestApproval } from './approvals.js';
import { minutesFrom, record, type CoreDeps, type RequestContext } from './context.js';
import type { Outcome } from './outcomes.js';
import { runPlanOrStart } from './planOperations.js';
import { recordInParts, runPlan, type PlanExecutor } from './planRunner.js';

const SAMPLE_SIZE = 5;

/**
 * `bulk-delete <filter>`: match, freeze the matched ids into a plan and ask for confirmation.
 * Nothing is deleted yet; what the preview shows is exactly what the plan will delete.
 */
export async function previewBulkDelete(
  deps: CoreDeps,
  ctx: RequestContext,
  filter: NoteFilter,
  filterText: string,
): Promise<Outcome> {
  if (isEmptyFilter(filter)) {
    throw new NotesError('EmptyFilter', 'emptyFilter', {}, { usage: 'bulk-delete' });
  }
  const { bulkMax } = deps.settings;
  const ids = await deps.notes.matchIds({ ...filter, state: 'live' }, bulkMax + 1);
  if (ids.length > bulkMax) {
    throw new NotesError('PlanTooLarge', 'planTooLarge', { bulkMax, filter: filterText });
  }
  return freezePlan(deps, ctx, ids, filter, filterText);
}

/** The "Delete selected" action of a list: a plan over exactly the ticked notes. */
export async function previewSelected(deps: CoreDeps, ctx: RequestContext, noteIds: string[]): Promise<Outcome> {
  const unique = [...new Set(noteIds)];
  if (unique.length === 0) throw new NotesError('BadInput', 'noneSelected', {}, { usage: 'delete-selected' });
  if (unique.length > deps.settings.bulkMax) {
    throw new NotesError('PlanTooLarge', 'selectionTooLarge', { selected: unique.length, bulkMax: deps.settings.bulkMax });
  }
  const live = (await deps.notes.findByIds(unique)).filter((n) => n.deletedAt === null).map((n) => n.id);
  const order = new Map(unique.map((id, i) => [id, i]));
  live.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  // No filter text: the plan's note ids are the selection, and readers see it named in their language.
  return freezePlan(deps, ctx, live, {}, '');
}

async function freezePlan(
  deps: CoreDeps,
  ctx: RequestContext,
  noteIds: string[],
  filter: NoteFilter,
  filterText: string,
): Promise<Outcome> {
  if (noteIds.length === 0) {
    throw filterText
      ? new NotesError('NothingMatched', 'nothingMatched', { filter: filterText })
      : new NotesError('NothingMatched', 'nothingSelectedMatched');
  }
  const now = deps.clock.now();
  const plan = newPlan({ id: deps.ids.planId(), kind: 'delete', sourceId: null, requesterId: ctx.actor.id, filter, filterText, noteIds, status: 'previewed' }, now);
  await deps.plans.insert(plan);
  await recordInParts(deps, ctx, 'plan.create', [plan.id], noteIds, { planId: plan.id, filter: filterText, noteCount: noteIds.length });
  const confirmationId = deps.ids.confirmationId();
  const expiresAt = minutesFrom(now, deps.settings.confirmTtlMinutes);
  await deps.confirmations.insert({
    id: confirmationId,
    actorId: ctx.actor.id,
    action: { type: 'run-plan', planId: plan.id },
    status: 'pending',
    createdAt: now,
    expiresAt,
  });
  const sample = await deps.notes.findByIds(noteIds.slice(0, SAMPLE_SIZE));
  sample.sort((a, b) => noteIds.indexOf(a.id) - noteIds.indexOf(b.id));
  return {
    kind: 'confirm-plan',
    confirmationId,
    plan,
    sample,
    needsApproval: needsApproval(deps, plan),
    expiresAt,
  };
}

const needsApproval = (deps: CoreDeps, plan: DeletionPlan) => plan.noteIds.length > deps.settings.bulkApprovalThreshold;

/** The requester confirmed: run now, or above the threshold wait for a second admin. */
export async function confirmPlan(deps: CoreDeps, ctx: RequestContext, planId: string): Promise<Outcome> {
  const plan = await deps.plans.find(planId);
  if (!plan) throw planNotFound(planId);
  if (needsApproval(deps, plan)) {
    const waiting = await deps.plans.transition(planId, 'previewed', 'awaiting-approval');
    if (!waiting) throw planMoved(plan);
    await record(deps, ctx, 'plan.confirm', [planId], { noteCount: plan.noteIds.length, needsApproval: true });
    const request = await requestApproval(deps, ctx, {
      kind: 'bulk-plan',
      targetId: planId,
      subject: { filterText: plan.filterText },
      reason: plan.reason,
      noteCount: plan.noteIds.length,
    });
    await deps.plans.transition(planId, 'awaiting-approval', 'awaiting-approval', { approvalId: request.id });
    return { kind: 'approval-requested', request };
  }
  const started = await deps.plans.transition(planId, 'previewed', 'executing');
  if (!started) throw planMoved(plan);
  await record(deps, ctx, 'plan.confirm', [planId], { noteCount: plan.noteIds.length, needsApproval: false });
  return runDeletePlan(deps, ctx, started);
}

/** A second admin approved: the plan leaves the waiting room and runs. */
export async function startApprovedPlan(deps: CoreDeps, ctx: RequestContext, planId: string): Promise<Outcome> {
  const started = await deps.plans.transition(planId, 'awaiting-approval', 'executing');
  if (!started) {
    const plan = await deps.plans.find(planId);
    if (!plan) throw planNotFound(planId);
    throw planMoved(plan);
  }
  return runDeletePlan(deps, ctx, started);
}

/** More than a page of notes runs in the background (the answer is "started"); fewer, right here. */
function runDeletePlan(deps: CoreDeps, ctx: RequestContext, plan: DeletionPlan): Promise<Outcome> {
  return runPlanOrStart(deps, ctx, plan, deleteExecutor(deps), async () => ({ kind: 'plan-executed', plan: await executePlan(deps, ctx, plan.id) }));
}

export async function closePlan(deps: CoreDeps, ctx: RequestContext, planId: string, to: 'cancelled' | 'rejected' | 'expired') {
  const from = to === 'cancelled' ? 'previewed' : 'awaiting-approval';
  const closed = await deps.plans.transition(planId, from, to, { finishedAt: deps.clock.now() });
  if (closed && to === 'cancelled') await record(deps, ctx, 'plan.cancel', [planId], {});
  return closed;
}

/** Runs an `executing` delete plan to the end (see `runPlan`); a finished plan comes back as it is. */
export function executePlan(deps: CoreDeps, ctx: RequestContext, planId: string): Promise<DeletionPlan> {
  return runPlan(deps, ctx, planId, deleteExecutor(deps));
}

/**
 * Delete plans: the pre-delete snapshot before the first batch (unless an earlier run wrote it),
 * then soft deletes marked with the plan's id, so a re-run batch finds its own marks and counts
 * exactly what the plan deleted.
 */
export function deleteExecutor(deps: CoreDeps): PlanExecutor {
  return {
    action: 'plan.execute',
    countKey: 'deleted',
    crmChange: 'delete',
    async prepare(plan) {
      if (plan.snapshotId) return plan;
      // A snapshot is a set of before-images: its order means nothing.
      const snapshot = await deps.snapshots.writeSnapshot(plan.id, deps.notes.streamByIds([...plan.noteIds].sort()));
      // Two executors may both write one: the first recorded is the plan's, the other is spare.
      const snapshotId = (await deps.plans.setSnapshot(plan.id, snapshot.id)) ?? snapshot.id;
      deps.logger.info({ planId: plan.id, snapshotId, notes: snapshot.noteCount, bytes: snapshot.bytes }, 'pre-delete snapshot written');
      return { ...plan, snapshotId };
    },
    async apply(plan, ids) {
      const mark = { deletedAt: deps.clock.now(), deletedBy: plan.requesterId, reason: plan.reason, planId: plan.id };
      const marked = await deps.notes.softDeleteMany(ids, plan.frozenAt, mark);
      // All marked now: the effect is the batch. Otherwise (skips, or a batch re-run after a
      // crash that had already marked some) ask which carry this plan's mark.
      return marked === ids.length ? [...ids] : deps.notes.idsDeletedByPlan(ids, plan.id);
    },
    details: (plan) => ({ requesterId: plan.requesterId, approvalId: plan.approvalId, snapshotId: plan.snapshotId }),
  };
}

export const planNotFound = (planId: string) => new NotesError('PlanNotFound', 'bulkPlanNotFound', { planId });

function planMoved(plan: DeletionPlan): NotesError {
  return new NotesError('AlreadyDecided', 'planAlready', { planId: plan.id, status: plan.status });
}
