import { AUDIT_TARGETS_MAX } from '../../src/domain/plan.js';
import { deleteExecutor } from '../../src/usecases/bulkDelete.js';
import { PlanRuns, runPlan } from '../../src/usecases/planRunner.js';
import { resumeInterruptedPlans } from '../../src/usecases/resumePlans.js';
import { aNote } from '../support/builders.js';
import { expectKind, makeCore } from '../support/core.js';
import { expectAuditedOnce } from '../support/planAudit.js';

type Core = ReturnType<typeof makeCore>;

async function seed(core: Core, count: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const note = aNote(`row ${i}`).on('acct-r').build();
    await core.stores.notes.insert(note);
    ids.push(note.id);
  }
  return ids;
}

/** Previews and confirms a bulk delete of acct-r; returns the confirmation's outcome promise. */
async function bulkDelete(core: Core) {
  const preview = expectKind(await core.run('console:admin', { name: 'bulk-delete', filter: { recordId: 'acct-r' }, filterText: 'record:acct-r' }), 'confirm-plan');
  return { plan: preview.plan, confirmed: core.run('console:admin', { name: 'confirm', confirmationId: preview.confirmationId }) };
}

/** Makes the n-th call of a store method fail as a killed process would, once. */
function failNth<T extends object, K extends keyof T>(target: T, method: K, n: number) {
  const real = (target[method] as (...args: unknown[]) => Promise<unknown>).bind(target);
  let calls = 0;
  (target as Record<K, unknown>)[method] = async (...args: unknown[]) => {
    calls += 1;
    if (calls === n) throw new Error('process killed');
    return real(...args);
  };
  return () => ((target as Record<K, unknown>)[method] = real);
}

test('a 250-note plan: no audit entry lists more than 100 targets, and `audit note:<id>` finds every note', async () => {
  const core = makeCore({ bulkApprovalThreshold: 1000, batchSize: 60 });
  const ids = await seed(core, 250);
  const { plan, confirmed } = await bulkDelete(core);
  expect(expectKind(await confirmed, 'plan-executed').plan).toMatchObject({ deletedCount: 250, skippedCount: 0 });
  const entries = core.stores.audit.entries;
  expect(Math.max(...entries.map((e) => e.targetIds.length))).toBe(AUDIT_TARGETS_MAX);
  expectAuditedOnce(core, 'plan.execute', ids);
  for (const id of ids) {
    const history = expectKind(await core.run('console:admin', { name: 'audit', request: { kind: 'note', noteId: id } }), 'audit-entries');
    const deletion = history.entries.find((e) => e.action === 'plan.execute' && e.targetIds.includes(id));
    expect(deletion).toMatchObject({ actorId: 'console:admin', details: { planId: plan.id } });
    expect(history.entries.some((e) => e.action === 'plan.create' && e.targetIds.includes(id))).toBe(true);
  }
});

test('a crash after a batch is recorded but before it is audited: the resumed run audits exactly it, once', async () => {
  const core = makeCore({ batchSize: 4 });
  const ids = await seed(core, 18);
  const restoreAppend = failNth(core.stores.audit, 'append', 5); // plan.create, plan.confirm, batches at 0 and 4, then the one at 8
  const { plan, confirmed } = await bulkDelete(core);
  await expect(confirmed).rejects.toThrow('process killed');
  restoreAppend();
  expect(await core.stores.plans.findBatch(plan.id, 8)).toMatchObject({ doneIds: [...ids].sort().slice(8, 12) });
  expect(await core.stores.plans.find(plan.id)).toMatchObject({ status: 'executing', cursor: 8, deletedCount: 8 });

  const [resumed] = await resumeInterruptedPlans(core.deps);
  expect(resumed).toMatchObject({ status: 'done', cursor: 18, deletedCount: 18, skippedCount: 0 });
  expectAuditedOnce(core, 'plan.execute', ids);
  expect(core.stores.audit.entries.filter((e) => e.action === 'plan.execute' && e.details.finished)).toHaveLength(1);
});

test('undo is a plan: a crash mid-way resumes with exact counts, and a note someone else restored meanwhile is not counted', async () => {
  const core = makeCore({ batchSize: 5 });
  const ids = await seed(core, 17);
  const { plan, confirmed } = await bulkDelete(core);
  await confirmed;
  const restoreRecord = failNth(core.stores.plans, 'recordBatch', 2); // the undo's 2nd batch
  await expect(core.run('console:admin', { name: 'undo', planId: plan.id })).rejects.toThrow('process killed');
  restoreRecord();
  const undo = (await core.stores.plans.listByStatus('executing'))[0];
  expect(undo).toMatchObject({ kind: 'undo', sourceId: plan.id, cursor: 5, deletedCount: 5 });
  const sorted = [...ids].sort();
  // The 2nd batch ran (restored its notes) but was not recorded; one of the 3rd batch's notes is
  // restored by hand before the restart.
  expect((await core.stores.notes.findById(sorted[7]))?.deletedAt).toBeNull();
  core.clock.advanceMinutes(1);
  await core.run('console:admin', { name: 'restore', noteId: sorted[12] });

  const [resumed] = await resumeInterruptedPlans(core.deps);
  expect(resumed).toMatchObject({ kind: 'undo', status: 'done', cursor: 17, deletedCount: 16, skippedCount: 1 });
  expect(await core.stores.notes.count({ state: 'deleted' })).toBe(0);
  expectAuditedOnce(core, 'plan.undo', sorted.filter((id) => id !== sorted[12]));
  expect(core.stores.audit.entries.filter((e) => e.action === 'note.restore' && e.targetIds.includes(sorted[12]))).toHaveLength(1);
});

test('two executors of one plan at once: every note deleted, counted and audited once', async () => {
  const core = makeCore({ batchSize: 3 });
  const ids = await seed(core, 20);
  const preview = expectKind(await core.run('console:admin', { name: 'bulk-delete', filter: { recordId: 'acct-r' }, filterText: 'r' }), 'confirm-plan');
  await core.stores.plans.transition(preview.plan.id, 'previewed', 'executing');
  const [one, two] = await Promise.all([runPlan(core.deps, core.ctx('console:admin'), preview.plan.id, deleteExecutor(core.deps)), runPlan(core.deps, core.ctx('console:admin'), preview.plan.id, deleteExecutor(core.deps))]);
  for (const plan of [one, two]) expect(plan).toMatchObject({ status: 'done', deletedCount: 20, skippedCount: 0 });
  expectAuditedOnce(core, 'plan.execute', ids);
  expect(core.stores.audit.entries.filter((e) => e.details.finished)).toHaveLength(1);
});

test('shutdown waits for the running batch, starts no other, and the next start finishes the plan', async () => {
  const core = makeCore({ batchSize: 4 });
  const ids = await seed(core, 12);
  const batchDone: Array<() => void> = [];
  let batches = 0;
  const runs = new PlanRuns({
    onBatch: () => {
      batches += 1;
    },
  });
  core.deps.runs = runs;
  // The first batch's soft delete is held open until the test lets it go.
  const realSoftDelete = core.stores.notes.softDeleteMany.bind(core.stores.notes);
  let started!: () => void;
  const firstBatchStarted = new Promise<void>((resolve) => (started = resolve));
  core.stores.notes.softDeleteMany = async (...args) => {
    started();
    await new Promise<void>((resolve) => batchDone.push(resolve));
    return realSoftDelete(...args);
  };
  const { plan, confirmed } = await bulkDelete(core);
  const outcome = confirmed.catch((error: unknown) => error);
  await firstBatchStarted;
  let stopped = false;
  const stopping = runs.stop().then(() => (stopped = true));
  await Promise.resolve();
  expect(stopped).toBe(false);
  expect(runs.active).toBe(1);
  batchDone[0]();
  await stopping;
  expect(await outcome).toMatchObject({ code: 'Unavailable' });
  expect(batchDone).toHaveLength(1);
  expect(batches).toBe(1);
  expect(await core.stores.plans.find(plan.id)).toMatchObject({ status: 'executing', cursor: 4, deletedCount: 4 });

  core.stores.notes.softDeleteMany = realSoftDelete;
  core.deps.runs = new PlanRuns();
  const [resumed] = await resumeInterruptedPlans(core.deps);
  expect(resumed).toMatchObject({ status: 'done', deletedCount: 12 });
  expectAuditedOnce(core, 'plan.execute', ids);
});
