import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportFiles } from '../../../adapters/imports/exportFiles.js';
import { BackgroundWork } from '../../../src/usecases/background.js';
import { IMPORT_BATCH, importFile, importWork } from '../../../src/usecases/importNotes.js';
import { PlanRuns } from '../../../src/usecases/planRunner.js';
import { resumeInterruptedPlans } from '../../../src/usecases/resumePlans.js';
import { expectKind, makeCore } from '../../support/core.js';
import { RecordingBoard } from '../../support/progressBoard.js';
import { InMemoryOperations } from '../../support/memory.js';

/**
 * `import <file>` where long work runs in the background: a job (kind `import`) answered
 * "started", reporting each batch, stoppable between two batches with exact counts (what it
 * wrote stays, audited with who stopped it), and resumed after a crash by re-reading the file.
 */

const ROWS = IMPORT_BATCH * 2 + 200;
const dir = mkdtempSync(join(tmpdir(), 'import-jobs-'));
const exportFile = join(dir, 'big.ndjson');
// ROWS good notes and one bad row (no body) at the end.
writeFileSync(
  exportFile,
  [...Array.from({ length: ROWS }, (_, i) => JSON.stringify({ recordId: 'acct-imp', body: `note ${i}`, source: 'hubspot', externalId: String(i) })), JSON.stringify({ recordId: 'acct-imp' })].join('\n'),
);

function jobCore() {
  const core = makeCore({ progressIntervalMs: 0 });
  const board = new RecordingBoard();
  const operations = new InMemoryOperations();
  const background = new BackgroundWork();
  core.deps.longWork = { operations, progress: board, background };
  const files = new ExportFiles(dir);
  const ctx = core.ctx('console:admin');
  const start = async () => expectKind(await importFile(core.deps, ctx, files, exportFile), 'operation-started').operation;
  const imported = () => core.stores.notes.count({ state: 'live', recordId: 'acct-imp' });
  const auditOf = () => core.stores.audit.entries.filter((e) => e.action === 'notes.import');
  return { core, board, operations, background, files, ctx, start, imported, auditOf };
}

test('import answers "started"; each batch is reported; it ends with the exact report, audited once with its job id', async () => {
  const t = jobCore();
  const op = await t.start();
  expect(op).toMatchObject({ kind: 'import', status: 'running', total: ROWS + 1, result: { path: exportFile, file: 'big.ndjson', format: 'ndjson' } });
  await t.background.idle();
  expect(t.board.updates.map((u) => [u.done, u.skipped])).toEqual([
    [IMPORT_BATCH, 0],
    [IMPORT_BATCH * 2, 0],
    [ROWS, 1],
  ]);
  expect(t.board.finished[0]).toMatchObject({ id: op.id, status: 'done', done: ROWS, skipped: 1, total: ROWS + 1, result: { report: { rows: ROWS + 1, created: ROWS, skipped: 1 } } });
  expect(await t.imported()).toBe(ROWS);
  const [entry, ...more] = t.auditOf();
  expect(more).toEqual([]);
  expect(entry).toMatchObject({ actorId: 'console:admin', details: { rows: ROWS + 1, created: ROWS, skipped: 1, jobId: op.id } });
});

test('cancel between batches: what was written stays, counts exact, the audit entry names who stopped it', async () => {
  const t = jobCore();
  t.board.onUpdate = async (op, nth) => {
    if (nth === 1) await t.core.run('console:admin2', { name: 'cancel-job', jobId: op.id });
  };
  const op = await t.start();
  await t.background.idle();
  expect(t.board.finished[0]).toMatchObject({ id: op.id, status: 'cancelled', done: IMPORT_BATCH, skipped: 0, cancelledBy: 'console:admin2', result: { report: { rows: IMPORT_BATCH, created: IMPORT_BATCH } } });
  expect(await t.imported()).toBe(IMPORT_BATCH);
  expect(t.auditOf()).toHaveLength(1);
  expect(t.auditOf()[0]).toMatchObject({ details: { rows: IMPORT_BATCH, created: IMPORT_BATCH, stoppedBy: 'console:admin2', jobId: op.id } });
});

test('an import cut short (shutdown or crash) stays running and resumes at the next start, re-reading the file: nothing twice, exact counts', async () => {
  const t = jobCore();
  // The shutdown after the first batch: the job yields and is left `running`, as a crash leaves it.
  const runs = new PlanRuns();
  t.core.deps.runs = runs;
  t.board.onUpdate = async (_op, nth) => {
    if (nth === 1) await runs.stop();
  };
  const op = await t.start();
  await t.background.idle();
  expect(await t.operations.find(op.id)).toMatchObject({ status: 'running', done: IMPORT_BATCH });
  expect(t.board.finished).toEqual([]);
  expect(t.auditOf()).toEqual([]);
  expect(await t.imported()).toBe(IMPORT_BATCH);

  // The next start.
  t.core.deps.runs = new PlanRuns();
  t.board.onUpdate = undefined;
  await resumeInterruptedPlans(t.core.deps, { resumers: { import: (o) => importWork(t.core.deps, t.ctx, t.files, String(o.result?.path)) } });
  await t.background.idle();
  expect(t.board.finished[0]).toMatchObject({ id: op.id, status: 'done', done: ROWS, skipped: 1, result: { report: { created: ROWS - IMPORT_BATCH, unchanged: IMPORT_BATCH, skipped: 1 } } });
  expect(await t.imported()).toBe(ROWS);
  expect(t.auditOf()).toHaveLength(1);
});
