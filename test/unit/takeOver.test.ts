import { BackgroundWork } from '../../src/usecases/background.js';
import type { CoreDeps } from '../../src/usecases/context.js';
import { PlanRuns } from '../../src/usecases/planRunner.js';
import { RUN_DEAD_AFTER_MS, takeOverOrphanedOperations } from '../../src/usecases/takeOver.js';
import { aNote } from '../support/builders.js';
import { expectKind, makeCore } from '../support/core.js';
import { InMemoryOperations } from '../support/memory.js';
import { RecordingBoard } from '../support/progressBoard.js';

/**
 * Long work resumable on any instance (src/usecases/takeOver.ts): a running operation whose run
 * stopped beating is taken over by one sweeping instance, however many sweep at once, and
 * finished from the plan's cursor with exact counts on the same message; a run that still beats,
 * or that this instance runs, is left alone.
 */
const NOTES = 40;

async function twoInstances() {
  const core = makeCore({ batchSize: 7, bulkApprovalThreshold: 1000, progressIntervalMs: 0 });
  const board = new RecordingBoard();
  const operations = new InMemoryOperations();
  // Instances share the database (the stores) and the chat platform (the board), nothing else.
  const instance = (): CoreDeps => ({ ...core.deps, runs: new PlanRuns(), longWork: { operations, progress: board, background: new BackgroundWork() } });
  core.deps.runs = new PlanRuns();
  core.deps.longWork = { operations, progress: board, background: new BackgroundWork() };
  for (let i = 0; i < NOTES; i += 1) await core.stores.notes.insert(aNote(`row ${i}`).on('acct-long').build());
  const preview = expectKind(await core.run('console:admin', { name: 'bulk-delete', filter: { recordId: 'acct-long' }, filterText: 'record:acct-long' }), 'confirm-plan');
  const start = () => core.run('console:admin', { name: 'confirm', confirmationId: preview.confirmationId });
  const later = (ms: number) => (core.clock.current = new Date(core.clock.current.getTime() + ms));
  return { core, board, operations, instance, start, later };
}

const idle = (deps: CoreDeps) => deps.longWork!.background.idle();

async function expectFinishedOnce(setup: Awaited<ReturnType<typeof twoInstances>>, opId: string) {
  const { core, board } = setup;
  expect(await core.stores.plans.find(opId)).toMatchObject({ status: 'done', cursor: NOTES, deletedCount: NOTES, skippedCount: 0 });
  expect(await core.stores.notes.count({ state: 'live', recordId: 'acct-long' })).toBe(0);
  expect(board.finished).toHaveLength(1);
  expect(board.finished[0]).toMatchObject({ id: opId, status: 'done', done: NOTES, total: NOTES, message: { messageId: `m-${opId}` } });
  const listed = core.stores.audit.entries.filter((e) => e.action === 'plan.execute' && e.details.batch).flatMap((e) => e.targetIds.filter((t) => t !== opId));
  expect(listed).toHaveLength(NOTES);
  expect(new Set(listed).size).toBe(NOTES);
}

test('two instances sweeping at once after a run died: one takes it over and finishes it exactly, on the same message', async () => {
  const setup = await twoInstances();
  const { core, board, operations, instance, start, later } = setup;
  // The first instance "dies" after its 2nd batch: no batch starts after that, and nothing beats.
  board.onUpdate = async (_op, nth) => {
    if (nth === 2) await core.deps.runs!.stop();
  };
  const op = expectKind(await start(), 'operation-started').operation;
  await idle(core.deps);
  board.onUpdate = undefined;
  expect(await core.stores.plans.find(op.id)).toMatchObject({ status: 'executing', cursor: 14 });
  expect(await operations.runLiveness(op.id)).toMatchObject({ run: 1 });

  const [b, c] = [instance(), instance()];
  later(RUN_DEAD_AFTER_MS - 1_000);
  expect(await takeOverOrphanedOperations(b, {})).toEqual([]);
  later(2_000);
  const taken = await Promise.all([takeOverOrphanedOperations(b, {}), takeOverOrphanedOperations(c, {})]);
  expect(taken.flat()).toEqual([op.id]);
  await Promise.all([idle(b), idle(c)]);
  expect(await operations.currentRun(op.id)).toBe(2);
  await expectFinishedOnce(setup, op.id);
  // Ended: nothing left to take over.
  later(RUN_DEAD_AFTER_MS * 2);
  expect(await takeOverOrphanedOperations(b, {})).toEqual([]);
});

test('a run this instance is running is never taken over by its own sweep; a slow run elsewhere yields to the one that took it over', async () => {
  const setup = await twoInstances();
  const { core, board, operations, instance, start, later } = setup;
  const other = instance();
  const sweeps: string[][] = [];
  board.onUpdate = async (op, nth) => {
    if (nth !== 2) return;
    // Silent for longer than a lifetime (the fixed clock moved, no beat came): its own sweep leaves it.
    later(RUN_DEAD_AFTER_MS + 1_000);
    sweeps.push(await takeOverOrphanedOperations(core.deps, {}));
    // Another instance takes it over; the first run sees the newer run before its next batch.
    sweeps.push(await takeOverOrphanedOperations(other, {}));
    expect(await operations.currentRun(op.id)).toBe(2);
  };
  const op = expectKind(await start(), 'operation-started').operation;
  // The takeover is launched while the first run is on its 2nd batch: wait for that run, then the other.
  await idle(core.deps);
  await idle(other);
  expect(sweeps).toEqual([[], [op.id]]);
  await expectFinishedOnce(setup, op.id);
});

test('a run that beats is left alone, however long ago it started', async () => {
  const setup = await twoInstances();
  const { core, operations, instance, later } = setup;
  const op = { id: 'p-elsewhere', kind: 'bulk-delete' as const, planId: null, requesterId: 'console:admin', origin: { platform: 'console' as const }, message: null, status: 'running' as const, done: 0, skipped: 0, total: 5, startedAt: core.clock.now(), updatedAt: core.clock.now(), finishedAt: null, cancelledBy: null, result: null };
  await operations.insert(op);
  const run = await operations.claimRun(op.id, core.clock.now());
  const sweeper = instance();
  for (let beat = 0; beat < 5; beat += 1) {
    later(RUN_DEAD_AFTER_MS - 1_000);
    await operations.touchRun(op.id, run, core.clock.now());
    expect(await takeOverOrphanedOperations(sweeper, {})).toEqual([]);
  }
  // It stops beating: taken over, and, with no plan or resumer to go on with, ended as interrupted.
  later(RUN_DEAD_AFTER_MS);
  expect(await takeOverOrphanedOperations(sweeper, {})).toEqual([op.id]);
  expect(await operations.find(op.id)).toMatchObject({ status: 'failed', result: { failure: 'Interrupted' } });
  expect(setup.board.finished).toEqual([expect.objectContaining({ id: op.id, status: 'failed' })]);
});
