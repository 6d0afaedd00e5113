import { NotesError } from '../domain/errors.js';
import { isEmptyFilter, type NoteFilter } from '../domain/filter.js';
import type { DeletionPlan } from '../domain/plan.js';
import { usageOf } from './actions.js';
import { requestApproval } from './approvals.js';
import { minutesFrom, record, type CoreDeps, type RequestContext } from './context.js';
import type { Outcome } from './outcomes.js';

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
    throw new NotesError('EmptyFilter', 'A bulk delete needs a filter: an empty one would match every note.', {
      usage: usageOf('bulk-delete'),
    });
  }
  const { bulkMax } = deps.settings;
  const ids = await deps.notes.matchIds({ ...filter, state: 'live' }, bulkMax + 1);
  if (ids.length > bulkMax) {
    throw new NotesError('PlanTooLarge', `More than ${bulkMax} notes match "${filterText}"; narrow the filter (the limit is BULK_MAX=${bulkMax}).`);
  }
  return freezePlan(deps, ctx, ids, filter, filterText);
}

/** The "Delete selected" action of a list: a plan over exactly the ticked notes. */
export async function previewSelected(deps: CoreDeps, ctx: RequestContext, noteIds: string[]): Promise<Outcome> {
  const unique = [...new Set(noteIds)];
  if (unique.length === 0) throw new NotesError('BadInput', 'No notes were selected.', { usage: usageOf('delete-selected') });
  if (unique.length > deps.settings.bulkMax) {
    throw new NotesError('PlanTooLarge', `${unique.length} notes selected; the limit is BULK_MAX=${deps.settings.bulkMax}.`);
  }
  const live = (await deps.notes.findByIds(unique)).filter((n) => n.deletedAt === null).map((n) => n.id);
  const order = new Map(unique.map((id, i) => [id, i]));
  live.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  return freezePlan(deps, ctx, live, {}, `${unique.length} selected note${unique.length === 1 ? '' : 's'}`);
}

async function freezePlan(
  deps: CoreDeps,
  ctx: RequestContext,
  noteIds: string[],
  filter: NoteFilter,
  filterText: string,
): Promise<Outcome> {
  if (noteIds.length === 0) throw new NotesError('NothingMatched', `No live notes match "${filterText}"; nothing to delete.`);
  const now = deps.clock.now();
  const plan: DeletionPlan = {
    id: deps.ids.planId(),
    requesterId: ctx.actor.id,
    filter,
    filterText,
    noteIds,
    frozenAt: now,
    status: 'previewed',
    reason: null,
    approvalId: null,
    snapshotId: null,
    cursor: 0,
    deletedCount: 0,
    skippedCount: 0,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
  };
  await deps.plans.insert(plan);
  await record(deps, ctx, 'plan.create', [plan.id, ...noteIds], { planId: plan.id, filter: filterText, noteCount: noteIds.length });
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
      summary: `bulk delete ${plan.id}: ${plan.noteIds.length} notes matching ${plan.filterText}`,
      reason: plan.reason,
      noteCount: plan.noteIds.length,
    });
    await deps.plans.transition(planId, 'awaiting-approval', 'awaiting-approval', { approvalId: request.id });
    return { kind: 'approval-requested', request };
  }
  const started = await deps.plans.transition(planId, 'previewed', 'executing');
  if (!started) throw planMoved(plan);
  await record(deps, ctx, 'plan.confirm', [planId], { noteCount: plan.noteIds.length, needsApproval: false });
  return { kind: 'plan-executed', plan: await executePlan(deps, ctx, planId) };
}

/** A second admin approved: the plan leaves the waiting room and runs. */
export async function startApprovedPlan(deps: CoreDeps, ctx: RequestContext, planId: string): Promise<Outcome> {
  const started = await deps.plans.transition(planId, 'awaiting-approval', 'executing');
  if (!started) {
    const plan = await deps.plans.find(planId);
    if (!plan) throw planNotFound(planId);
    throw planMoved(plan);
  }
  return { kind: 'plan-executed', plan: await executePlan(deps, ctx, planId) };
}

export async function closePlan(deps: CoreDeps, ctx: RequestContext, planId: string, to: 'cancelled' | 'rejected' | 'expired') {
  const from = to === 'cancelled' ? 'previewed' : 'awaiting-approval';
  const closed = await deps.plans.transition(planId, from, to, { finishedAt: deps.clock.now() });
  if (closed && to === 'cancelled') await record(deps, ctx, 'plan.cancel', [planId], {});
  return closed;
}

/**
 * Runs an `executing` plan to the end: snapshot first (unless an earlier run already wrote it),
 * then batches from the stored cursor. Each batch is idempotent and its progress is recorded by
 * compare-and-set, so a crash, a retry or a second instance never counts or deletes twice.
 */
export async function executePlan(deps: CoreDeps, ctx: RequestContext, planId: string): Promise<DeletionPlan> {
  let plan = await deps.plans.find(planId);
  if (!plan) throw planNotFound(planId);
  const log = deps.logger.child({ planId });
  // Snapshot and batches go through the plan's ids in id order: the store then reads and marks
  // each chunk as a narrow range of ids (index locality on MongoDB; on FerretDB, which tests
  // `$in` against every document it scans, two comparisons turn away a note outside the range,
  // so a plan's cost grows with its size, not with its size squared). The order is fixed by the
  // ids alone, so the stored cursor means the same position after a crash.
  const ordered = inIdOrder(plan.noteIds);
  if (plan.status === 'executing' && !plan.snapshotId) {
    // A snapshot is a set of before-images: its order means nothing.
    const snapshot = await deps.snapshots.writeSnapshot(plan.id, deps.notes.streamByIds(ordered));
    await deps.plans.setSnapshot(plan.id, snapshot.id);
    log.info({ snapshotId: snapshot.id, notes: snapshot.noteCount, bytes: snapshot.bytes }, 'pre-delete snapshot written');
  }
  const mark = { deletedAt: deps.clock.now(), deletedBy: plan.requesterId, reason: plan.reason, planId: plan.id };
  while (plan.status === 'executing' && plan.cursor < plan.noteIds.length) {
    const from = plan.cursor;
    const batch = ordered.slice(from, from + deps.settings.batchSize);
    const marked = await deps.notes.softDeleteMany(batch, plan.frozenAt, mark);
    // All marked now: the count is known. Otherwise (skips, or a batch re-run after a crash that
    // had already marked some) count what carries this plan's mark, so totals stay exact.
    const deleted = marked === batch.length ? marked : await deps.notes.countDeletedByPlan(batch, plan.id);
    const advanced = await deps.plans.advance(plan.id, from, {
      cursor: from + batch.length,
      deleted,
      skipped: batch.length - deleted,
      now: deps.clock.now(),
    });
    // Lost the race for this batch: another executor recorded it. Carry on from where it got to.
    plan = advanced ?? (await deps.plans.find(plan.id)) ?? plan;
  }
  if (plan.status === 'executing') {
    const done = await deps.plans.transition(plan.id, 'executing', 'done', { finishedAt: deps.clock.now() });
    if (done) {
      plan = done;
      await record(deps, ctx, 'plan.execute', [plan.id, ...plan.noteIds], {
        planId: plan.id,
        deleted: plan.deletedCount,
        skipped: plan.skippedCount,
        snapshotId: plan.snapshotId,
        requesterId: plan.requesterId,
        approvalId: plan.approvalId,
      });
      log.info({ deleted: plan.deletedCount, skipped: plan.skippedCount }, 'plan executed');
    } else {
      plan = (await deps.plans.find(plan.id)) ?? plan;
    }
  }
  return plan;
}

/** A sorted copy, in code-unit order (the server's order for the ASCII ids this app makes). */
const inIdOrder = (ids: readonly string[]) => [...ids].sort();

/** At start-up: finish plans a crash left half done. */
export async function resumeInterruptedPlans(deps: CoreDeps, ctx: RequestContext): Promise<DeletionPlan[]> {
  const resumed: DeletionPlan[] = [];
  for (const plan of await deps.plans.listByStatus('executing')) {
    deps.logger.warn({ planId: plan.id, cursor: plan.cursor, of: plan.noteIds.length }, 'resuming interrupted plan');
    resumed.push(await executePlan(deps, ctx, plan.id));
  }
  return resumed;
}

export const planNotFound = (planId: string) => new NotesError('PlanNotFound', `There is no bulk delete plan ${planId}.`);

function planMoved(plan: DeletionPlan): NotesError {
  return new NotesError('AlreadyDecided', `Plan ${plan.id} is already ${plan.status.replace('-', ' ')}.`);
}
