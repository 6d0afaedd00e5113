import type { AuditAction } from '../domain/audit.js';
import type { EffectChange } from '../domain/noteEffect.js';
import { NotesError } from '../domain/errors.js';
import { AUDIT_TARGETS_MAX, type BatchRecord, type DeletionPlan } from '../domain/plan.js';
import type { CoreDeps, RequestContext } from './context.js';

/** How one kind of plan acts on its notes; the runner does the rest (batches, progress, audit). */
export interface PlanExecutor {
  /** The audit action of the plan's batch and summary entries. */
  action: AuditAction;
  /** The details key under which entries count the notes changed. */
  countKey: 'deleted' | 'restored';
  /** Most notes in one batch of this kind; default `settings.batchSize`. */
  batchSize?: number;
  /** Runs before the first batch of every run (e.g. the pre-delete snapshot); idempotent per plan. */
  prepare?(plan: DeletionPlan): Promise<DeletionPlan>;
  /**
   * Acts on one batch, idempotently: a batch re-run after a crash changes nothing twice. Returns
   * the ids of the batch this plan has changed, in this call or an earlier one.
   */
  apply(plan: DeletionPlan, ids: string[]): Promise<string[]>;
  /** What every entry of the plan says besides counts (who asked, what it reverses...). */
  details(plan: DeletionPlan): Record<string, unknown>;
  /** Ids the summary entry lists after the plan id (e.g. the backup restored from). */
  summaryTargets?(plan: DeletionPlan): string[];
  /** What the plan's changed notes mean to a connected CRM: sent through its outbox. */
  crmChange?: 'delete' | 'restore';
}

/** One batch done: recorded, audited and counted in the plan. */
export interface PlanProgress {
  plan: DeletionPlan;
  batch: BatchRecord;
}

/** Points inside a batch where tests stop the process (see adapters/app.ts). */
export type BatchStep = 'applied' | 'recorded' | 'advanced';

/**
 * Asked between two batches of a run (never before its first, which may be finishing a batch a
 * crash cut short): `cancel` stops the plan for good with its exact counts so far, `yield` leaves
 * it to a newer run (another instance took it over), null goes on.
 */
export interface RunControl {
  check(): Promise<{ stop: 'cancel'; by: string } | { stop: 'yield' } | null>;
  /** Live progress of this run (a tracked operation's message). */
  onBatch?(progress: PlanProgress): Promise<void>;
}

export interface PlanRunHooks {
  /** Live progress: called after each batch is recorded, audited and counted. */
  onBatch?(progress: PlanProgress): void | Promise<void>;
  /** Test-only crash points; the core's behaviour never depends on them. */
  checkpoint?(step: BatchStep, plan: DeletionPlan, cursor: number): void | Promise<void>;
  /** Test-only crash point: a single-note change is stored with its pending effect, not yet carried out. */
  effectPending?(change: EffectChange, noteId: string): void | Promise<void>;
  /** Test-only crash point: a purged note's audit is appended, the note not yet removed. */
  purgeAudited?(noteId: string): void | Promise<void>;
  /** Test-only crash point: a note-delete request's approval is stored, its delete not yet run. */
  approvalDecided?(requestId: string): void | Promise<void>;
}

/**
 * The batches running in this process. Shutdown calls `stop()`: no batch starts after it, and it
 * resolves once the running ones are recorded, so a stopped plan resumes cleanly at the next start.
 */
export class PlanRuns {
  private readonly running = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(readonly hooks: PlanRunHooks = {}) {}

  get stopped(): boolean {
    return this.stopping;
  }

  /** Number of batches running now. */
  get active(): number {
    return this.running.size;
  }

  async batch<T>(planId: string, step: () => Promise<T>): Promise<T> {
    if (this.stopping) throw shuttingDown(planId);
    const running = step();
    this.running.add(running);
    try {
      return await running;
    } finally {
      this.running.delete(running);
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}

const shuttingDown = (planId: string) =>
  new NotesError('Unavailable', 'planStopping', { planId });

/**
 * Runs an `executing` plan of any kind to the end, batch by batch from its stored cursor, audited
 * as `ctx.actor` (who confirmed or approved it, or the system when it resumes at start-up). Each
 * batch: act (idempotent), record its effect once (`recordBatch`), audit that effect once per
 * part (keyed appends), move the stored cursor. A crash anywhere in between is repaired by the
 * next run, which finds the recorded effect and audits and counts exactly it; a second executor
 * of the same plan (another process) finds the other's records and does nothing twice.
 */
export async function runPlan(deps: CoreDeps, ctx: RequestContext, planId: string, executor: PlanExecutor, control?: RunControl): Promise<DeletionPlan> {
  const runs = deps.runs ?? new PlanRuns();
  const found = await deps.plans.find(planId);
  if (!found) throw new NotesError('PlanNotFound', 'planNotFound', { planId });
  let plan: DeletionPlan = found;
  if (plan.status === 'executing' && executor.prepare) {
    const before = plan;
    plan = await runs.batch(planId, () => executor.prepare!(before));
  }
  // Batches go through the ids in id order: the store then reads and marks each batch as a
  // narrow range of ids (index locality on MongoDB; on FerretDB, which tests `$in` against every
  // document it scans, two comparisons turn away a note outside the range). The order is fixed
  // by the ids alone, so the stored cursor means the same position after a crash.
  const ordered = [...plan.noteIds].sort();
  const size = Math.max(1, executor.batchSize ?? deps.settings.batchSize);
  while (plan.status === 'executing' && plan.cursor < ordered.length) {
    const current = plan;
    const progress: PlanProgress = await runs.batch(planId, () => runBatch(deps, ctx, runs, current, ordered.slice(current.cursor, current.cursor + size), executor));
    plan = progress.plan;
    await runs.hooks.onBatch?.(progress);
    await control?.onBatch?.(progress);
    if (plan.status !== 'executing' || plan.cursor >= ordered.length || !control) continue;
    const verdict = await control.check();
    if (verdict?.stop === 'yield') return plan;
    if (verdict?.stop === 'cancel') {
      const stopping = plan;
      return runs.batch(planId, () => stopHere(deps, ctx, stopping, executor, verdict.by));
    }
  }
  if (plan.status !== 'executing') return plan;
  const finishing = plan;
  return runs.batch(planId, () => finish(deps, ctx, finishing, executor));
}

async function runBatch(deps: CoreDeps, ctx: RequestContext, runs: PlanRuns, plan: DeletionPlan, ids: string[], executor: PlanExecutor): Promise<PlanProgress> {
  const from = plan.cursor;
  let record = await deps.plans.findBatch(plan.id, from);
  if (!record) {
    const doneIds = (await executor.apply(plan, ids)).sort();
    await runs.hooks.checkpoint?.('applied', plan, from);
    const skipped = ids.length - doneIds.length;
    record = await deps.plans.recordBatch(plan.id, {
      cursor: from,
      next: from + ids.length,
      doneIds,
      skipped,
      doneTotal: plan.deletedCount + doneIds.length,
      skippedTotal: plan.skippedCount + skipped,
      at: deps.clock.now(),
    });
    await runs.hooks.checkpoint?.('recorded', plan, from);
  }
  // Handed to the CRM outbox from the record too, keyed by plan: a repeat stores nothing twice.
  if (executor.crmChange && deps.crm && record.doneIds.length) {
    await deps.crm.notesChanged(executor.crmChange, await deps.notes.findByIds(record.doneIds), plan.id);
  }
  // Audited from the record, not from what this run did: after a crash or a lost race the
  // record is the truth, and keyed appends make a repeated audit of it a no-op.
  await recordInParts(deps, ctx, executor.action, [plan.id], record.doneIds, {
    ...executor.details(plan),
    planId: plan.id,
    batch: { from: record.cursor, to: record.next },
    [executor.countKey]: record.doneIds.length,
    skipped: record.skipped,
  }, `plan:${plan.id}:batch:${record.cursor}`);
  const advanced = await deps.plans.advance(plan.id, record);
  // Plans are never removed, and a stored cursor only moves forward: anything else is a broken
  // store, and looping on the same batch would hide it.
  if (!advanced || advanced.cursor <= from) throw new Error(`plan ${plan.id} did not move past batch ${from}`);
  await runs.hooks.checkpoint?.('advanced', advanced, from);
  return { plan: advanced, batch: record };
}

async function finish(deps: CoreDeps, ctx: RequestContext, plan: DeletionPlan, executor: PlanExecutor): Promise<DeletionPlan> {
  // Summary first, keyed: a crash before the transition repeats it as a no-op.
  await recordInParts(deps, ctx, executor.action, [plan.id, ...(executor.summaryTargets?.(plan) ?? [])], [], {
    ...executor.details(plan),
    planId: plan.id,
    [executor.countKey]: plan.deletedCount,
    skipped: plan.skippedCount,
    finished: true,
  }, `plan:${plan.id}:summary`);
  const now = deps.clock.now();
  const done = await deps.plans.transition(plan.id, 'executing', 'done', {
    finishedAt: now,
    updatedAt: now,
    cursor: plan.cursor,
    deletedCount: plan.deletedCount,
    skippedCount: plan.skippedCount,
  });
  if (done) deps.logger.info({ planId: plan.id, kind: plan.kind, done: done.deletedCount, skipped: done.skippedCount }, 'plan finished');
  return done ?? (await deps.plans.find(plan.id)) ?? plan;
}

/**
 * A stop asked for between two batches: the plan ends `cancelled` with exactly what its recorded
 * batches did, audited like a finish (keyed, so a repeat is a no-op), and can be undone like a
 * finished plan.
 */
async function stopHere(deps: CoreDeps, ctx: RequestContext, plan: DeletionPlan, executor: PlanExecutor, by: string): Promise<DeletionPlan> {
  await recordInParts(deps, ctx, executor.action, [plan.id, ...(executor.summaryTargets?.(plan) ?? [])], [], {
    ...executor.details(plan),
    planId: plan.id,
    [executor.countKey]: plan.deletedCount,
    skipped: plan.skippedCount,
    notReached: plan.noteIds.length - plan.cursor,
    cancelledBy: by,
    finished: true,
  }, `plan:${plan.id}:summary`);
  const now = deps.clock.now();
  const stopped = await deps.plans.transition(plan.id, 'executing', 'cancelled', {
    finishedAt: now,
    updatedAt: now,
    cursor: plan.cursor,
    deletedCount: plan.deletedCount,
    skippedCount: plan.skippedCount,
  });
  if (stopped) deps.logger.info({ planId: plan.id, kind: plan.kind, done: stopped.deletedCount, notReached: plan.noteIds.length - plan.cursor }, 'plan cancelled between batches');
  return stopped ?? (await deps.plans.find(plan.id)) ?? plan;
}

/**
 * Audits `ids` in as many entries as needed, each listing `lead` and at most
 * AUDIT_TARGETS_MAX targets in all; entries of one step say `part` and `parts`. With `onceKey`
 * each part is appended once, however often the step is repeated.
 */
export async function recordInParts(
  deps: CoreDeps,
  ctx: RequestContext,
  action: AuditAction,
  lead: string[],
  ids: readonly string[],
  details: Record<string, unknown>,
  onceKey?: string,
): Promise<void> {
  const room = AUDIT_TARGETS_MAX - lead.length;
  const parts = Math.max(1, Math.ceil(ids.length / room));
  for (let part = 0; part < parts; part += 1) {
    const targetIds = [...lead, ...ids.slice(part * room, (part + 1) * room)];
    const input = {
      actorId: ctx.actor.id,
      platform: ctx.actor.platform,
      action,
      targetIds,
      details: parts > 1 ? { ...details, part: part + 1, parts } : details,
      ...(ctx.actor.tenantId ? { tenantId: ctx.actor.tenantId } : {}),
    };
    await deps.audit.append(input, deps.clock.now(), onceKey === undefined ? undefined : `${onceKey}:${part}`);
  }
}
