import type { Operation } from '../../src/domain/operation.js';
import { BackgroundWork } from '../../src/usecases/background.js';
import { startOperation } from '../../src/usecases/operations.js';
import { resumeInterruptedPlans } from '../../src/usecases/resumePlans.js';
import { aNote } from '../support/builders.js';
import { expectKind, makeCore } from '../support/core.js';
import { RecordingBoard } from '../support/progressBoard.js';
import { InMemoryOperations } from '../support/memory.js';

/**
 * Long work off the request path (src/usecases/operations.ts): a plan larger than a page is
 * answered "started" and runs in the background, its progress shown on one message, cancellable
 * between batches with exact counts that undo reverses, resumable after a crash, and taken over
 * (not run twice) when another run claims it.
 */

function longCore(notes: number, batchSize = 7) {
  const core = makeCore({ batchSize, bulkApprovalThreshold: 1000, progressIntervalMs: 0 });
  const board = new RecordingBoard();
  const operations = new InMemoryOperations();
  const background = new BackgroundWork();
  core.deps.longWork = { operations, progress: board, background };
  const seeded = (async () => {
    for (let i = 0; i < notes; i += 1) await core.stores.notes.insert(aNote(`row ${i}`).on('acct-long').build());
  })();
  return { ...core, board, operations, background, seeded };
}

async function startBulkDelete(core: ReturnType<typeof longCore>) {
  await core.seeded;
  const preview = expectKind(await core.run('console:admin', { name: 'bulk-delete', filter: { recordId: 'acct-long' }, filterText: 'record:acct-long' }), 'confirm-plan');
  return expectKind(await core.run('console:admin', { name: 'confirm', confirmationId: preview.confirmationId }), 'operation-started').operation;
}

const live = (core: ReturnType<typeof longCore>) => core.stores.notes.count({ state: 'live', recordId: 'acct-long' });

test('a bulk delete above a page answers "started", then shows progress per batch and ends with exact counts and its message', async () => {
  const core = longCore(50);
  const op = await startBulkDelete(core);
  expect(op).toMatchObject({ kind: 'bulk-delete', status: 'running', total: 50, message: { messageId: `m-${op.id}` } });
  await core.background.idle();
  expect(core.board.updates.length).toBeGreaterThanOrEqual(3);
  expect(core.board.updates.map((u) => u.done)).toEqual([7, 14, 21, 28, 35, 42, 49, 50]);
  expect(core.board.finished).toHaveLength(1);
  expect(core.board.finished[0]).toMatchObject({ id: op.id, status: 'done', done: 50, skipped: 0, total: 50, message: { messageId: `m-${op.id}` } });
  expect(await live(core)).toBe(0);
  expect(await core.stores.plans.find(op.id)).toMatchObject({ status: 'done', deletedCount: 50 });
});

test('a plan of a page or fewer notes still runs inside the request and answers with its result', async () => {
  const core = longCore(10);
  await core.seeded;
  const preview = expectKind(await core.run('console:admin', { name: 'bulk-delete', filter: { recordId: 'acct-long' }, filterText: 'record:acct-long' }), 'confirm-plan');
  const done = expectKind(await core.run('console:admin', { name: 'confirm', confirmationId: preview.confirmationId }), 'plan-executed');
  expect(done.plan).toMatchObject({ status: 'done', deletedCount: 10 });
  expect(core.operations.byId.size).toBe(0);
});

test('cancel mid-run stops between batches with exact counts, audited; undo restores exactly those notes', async () => {
  const core = longCore(50);
  core.board.onUpdate = async (op, nth) => {
    if (nth !== 2) return;
    const stopping = expectKind(await core.run('console:admin2', { name: 'cancel-job', jobId: op.id }), 'job-stopping');
    expect(stopping.operation.cancelledBy).toBe('console:admin2');
  };
  const op = await startBulkDelete(core);
  await core.background.idle();
  const plan = await core.stores.plans.find(op.id);
  // The stop was asked after the 2nd batch: it stops right there.
  expect(plan).toMatchObject({ status: 'cancelled', cursor: 14, deletedCount: 14, skippedCount: 0 });
  expect(await live(core)).toBe(36);
  expect(core.board.finished[0]).toMatchObject({ status: 'cancelled', done: 14, total: 50, cancelledBy: 'console:admin2' });
  const audit = core.stores.audit.entries;
  expect(audit.filter((e) => e.action === 'job.cancel' && e.targetIds[0] === op.id)).toHaveLength(1);
  expect(audit.find((e) => e.action === 'plan.execute' && e.details.finished)?.details).toMatchObject({ deleted: 14, notReached: 36, cancelledBy: 'console:admin2' });
  await expect(core.run('console:admin', { name: 'cancel-job', jobId: op.id })).rejects.toMatchObject({ code: 'JobFinished' });

  const undo = expectKind(await core.run('console:admin', { name: 'undo', planId: op.id }), 'operation-started').operation;
  await core.background.idle();
  expect(await core.stores.plans.find(undo.id)).toMatchObject({ kind: 'undo', status: 'done', deletedCount: 14 });
  expect(await live(core)).toBe(50);
});

test('jobs lists running operations first with their progress; unknown ids are refused', async () => {
  const core = longCore(30);
  let listed: Operation[] = [];
  core.board.onUpdate = async (_op, nth) => {
    if (nth === 1) listed = expectKind(await core.run('console:admin', { name: 'jobs' }), 'job-list').operations;
  };
  const op = await startBulkDelete(core);
  await core.background.idle();
  expect(listed[0]).toMatchObject({ id: op.id, status: 'running', done: 7, total: 30 });
  expect(expectKind(await core.run('console:admin', { name: 'jobs' }), 'job-list').operations[0]).toMatchObject({ id: op.id, status: 'done', done: 30 });
  await expect(core.run('console:admin', { name: 'cancel-job', jobId: 'p-nothing' })).rejects.toMatchObject({ code: 'JobNotFound' });
});

test('a run left unfinished (a crash) resumes at the next start in the background and ends on the same message', async () => {
  const core = longCore(40);
  // The first run "dies" after its 2nd batch: a newer run is claimed, as a restart would, and the old one yields.
  core.board.onUpdate = async (op, nth) => {
    if (nth === 2) await core.operations.claimRun(op.id, new Date());
  };
  const op = await startBulkDelete(core);
  await core.background.idle();
  expect(await core.stores.plans.find(op.id)).toMatchObject({ status: 'executing', cursor: 14 });
  expect(core.board.finished).toHaveLength(0);
  expect((await core.operations.find(op.id))?.status).toBe('running');

  core.board.onUpdate = undefined;
  await resumeInterruptedPlans(core.deps);
  await core.background.idle();
  expect(await core.stores.plans.find(op.id)).toMatchObject({ status: 'done', cursor: 40, deletedCount: 40 });
  expect(core.board.finished).toHaveLength(1);
  expect(core.board.finished[0]).toMatchObject({ status: 'done', done: 40, message: { messageId: `m-${op.id}` } });
  expect(await live(core)).toBe(0);
});

test('an operation whose plan ended before a crash could end it is ended at the next start, showing the result', async () => {
  const core = longCore(20);
  core.board.finish = async () => {
    throw new Error('platform down');
  };
  const op = await startBulkDelete(core);
  await core.background.idle();
  // The platform being down did not fail the work.
  expect((await core.operations.find(op.id))?.status).toBe('done');
  // Now a plan done whose operation a crash left running:
  const second = longCore(0);
  await second.operations.insert({ ...(await core.operations.find(op.id))!, status: 'running', finishedAt: null });
  await second.stores.plans.insert((await core.stores.plans.find(op.id))!);
  await resumeInterruptedPlans(second.deps);
  await second.background.idle();
  expect(second.board.finished[0]).toMatchObject({ id: op.id, status: 'done', done: 20 });
});

test('progress updates are throttled to the interval; the end is always shown', async () => {
  const core = longCore(50);
  core.deps.settings.progressIntervalMs = 60_000; // the fixed clock never moves: only the first batch is shown
  await startBulkDelete(core);
  await core.background.idle();
  expect(core.board.updates).toHaveLength(1);
  expect(core.board.finished).toHaveLength(1);
});

test('any long work (an import) starts through startOperation: progress, a stop between steps, exact counts; interrupted without a resumer it ends failed', async () => {
  const core = longCore(0);
  const ctx = core.ctx('console:admin');
  const steps: number[] = [];
  core.board.onUpdate = async (op, nth) => {
    if (nth === 2) await core.run('console:admin2', { name: 'cancel-job', jobId: op.id });
  };
  const op = await startOperation(core.deps as Parameters<typeof startOperation>[0], ctx, {
    kind: 'import',
    total: 500,
    stoppable: true,
    work: async (tracker) => {
      let done = 0;
      for (let step = 0; step < 5; step += 1) {
        done += 100;
        steps.push(done);
        await tracker.report({ done, skipped: 0, total: 500 });
        if (await tracker.stopRequested()) return { status: 'cancelled', counts: { done, skipped: 0, total: 500 } };
      }
      return { status: 'done', counts: { done, skipped: 0, total: 500 } };
    },
  });
  expect(op.id).toMatch(/^j-/);
  await core.background.idle();
  expect(steps).toEqual([100, 200]);
  expect(core.board.finished[0]).toMatchObject({ id: op.id, kind: 'import', status: 'cancelled', done: 200, total: 500, cancelledBy: 'console:admin2' });

  // A job a crash left running, whose kind has no resumer: ended as failed (interrupted), shown once.
  await core.operations.insert({ ...op, id: 'j-lost', status: 'running', finishedAt: null, cancelledBy: null });
  await resumeInterruptedPlans(core.deps);
  await core.background.idle();
  expect(core.board.finished.find((o) => o.id === 'j-lost')).toMatchObject({ status: 'failed', result: { failure: 'Interrupted' } });
});
