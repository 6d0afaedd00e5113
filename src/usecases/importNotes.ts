import { badInput, isNotesError, NotesError, type ErrorMessageKey, type ErrorParams } from '../domain/errors.js';
import { checkRecordId, cleanNoteBody } from '../domain/input.js';
import { EXTERNAL_ID_MAX, type SourcedNoteInput } from '../domain/sourcedNote.js';
import type { ImportFiles, ImportFormat, ImportProgress, ImportRow, ImportSource, RowProblem } from '../ports/imports.js';
import { record, type CoreDeps, type RequestContext } from './context.js';
import { runsInBackground, startOperation, type OperationWork } from './operations.js';
import type { Outcome } from './outcomes.js';

/** Notes per upsert: one round of a few queries each (adapters/mongo/sourcedNotes.ts). */
export const IMPORT_BATCH = 500;
/** Bad rows listed in the result and the audit entry; the rest are counted. */
export const LISTED_PROBLEMS = 20;

export interface ImportReport {
  file: string;
  format: ImportFormat;
  /** Data rows in the file. */
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Rows whose note is in the trash: left as the delete left it. */
  inTrash: number;
  /** Bad rows, skipped. */
  skipped: number;
  /** The first bad rows: line number and what was wrong. */
  problems: ImportProblem[];
}

/**
 * What was wrong with one row, as data worded at the edge: the stored report (the import job's
 * result) holds codes, never sentences.
 */
export interface ImportProblem {
  line: number;
  /** The parser's code; reports stored before the codes hold an English sentence here. */
  problem?: RowProblem | string;
  /** A note's limit the row broke: the error's catalog key and parameters. */
  error?: { key: ErrorMessageKey; params: ErrorParams };
}

export type ProgressListener = (progress: ImportProgress) => void;

/** How `import` runs: as a background job (the app), or inside the request (`npm run import`, unit tests). */
export interface ImportOptions {
  onProgress?: ProgressListener;
  /** False for a one-shot process that only imports and exits (`npm run import`). */
  inBackground?: boolean;
}

/**
 * `import <file>`: reads an export from the machine the bot runs on, so only on the console
 * (a chat user must not make the bot read its files); the API brings notes in over HTTP instead.
 * Where long work runs in the background it is a job (kind `import`): the file is checked here
 * (a broken file is one clear line and no job), then written by the job, batch by batch.
 */
export async function importFile(
  deps: CoreDeps,
  ctx: RequestContext,
  files: ImportFiles | undefined,
  path: string,
  options: ImportOptions = {},
): Promise<Outcome> {
  if (ctx.origin.platform !== 'console') {
    throw new NotesError('NotPermitted', 'importConsoleOnly');
  }
  if (!files) throw new NotesError('Unavailable', 'importsNotSetUp');
  const source = await files.open(path);
  if (options.inBackground === false || !runsInBackground(deps)) return { kind: 'import-done', report: await importNotes(deps, ctx, source, options.onProgress) };
  const total = await countRows(source, options.onProgress);
  const operation = await startOperation(deps, ctx, {
    kind: 'import',
    total,
    stoppable: true,
    // What a resumed run needs: the file (re-read from the start; the import is idempotent).
    result: { path, file: source.name, format: source.format },
    work: importWork(deps, ctx, files, path, options.onProgress),
  });
  return { kind: 'operation-started', operation };
}

/**
 * The work of an import job: checks the file again (it may have changed since), then writes it in
 * batches, reporting each and stopping between two when asked (what was written stays; the audit
 * entry has the exact counts and who stopped it). A resumed run (after a crash) re-reads the file
 * from the start: rows the first run wrote count as unchanged, nothing is written twice.
 */
export function importWork(deps: CoreDeps, ctx: RequestContext, files: ImportFiles, path: string, onProgress?: ProgressListener): OperationWork {
  return async (tracker) => {
    const source = await files.open(path);
    const total = await countRows(source, onProgress);
    let stoppedBy: string | null = null;
    let yielded = false;
    const report = await writeRows(deps, source, total, {
      onProgress,
      async afterBatch(written) {
        const handled = written.created + written.updated + written.unchanged + written.inTrash;
        await tracker.report({ done: handled, skipped: written.skipped, total });
        if (deps.runs?.stopped || (await tracker.superseded())) {
          yielded = true;
          return false;
        }
        stoppedBy = await tracker.stopRequested();
        return stoppedBy === null;
      },
    });
    // A shutdown or another instance's run: leave the job running, the next run re-reads the file.
    if (yielded) return null;
    await auditImport(deps, ctx, report, stoppedBy ? { stoppedBy, jobId: tracker.op.id } : { jobId: tracker.op.id });
    const handled = report.created + report.updated + report.unchanged + report.inTrash;
    return {
      status: stoppedBy ? 'cancelled' : 'done',
      counts: { done: handled, skipped: report.skipped, total },
      result: { report },
    };
  };
}

/**
 * Brings every good row of an export in, idempotently (keyed on source + external id): the same
 * file twice adds nothing, an edited note is updated. Two passes: the first reads the whole file
 * and counts, so a file that is broken half-way (an unclosed quote) writes nothing at all; the
 * second writes in batches. Bad rows are skipped and reported by line. One audit entry with the counts.
 */
export async function importNotes(deps: CoreDeps, ctx: RequestContext, source: ImportSource, onProgress?: ProgressListener): Promise<ImportReport> {
  const total = await countRows(source, onProgress);
  const report = await writeRows(deps, source, total, { onProgress });
  await auditImport(deps, ctx, report);
  return report;
}

/** The checking pass: reads the whole file, so a file broken half-way is refused before anything is written. */
async function countRows(source: ImportSource, onProgress?: ProgressListener): Promise<number> {
  let total = 0;
  await readAll(source, async (batch) => {
    total += batch.length;
    onProgress?.({ phase: 'checking', rows: total, total: null });
  });
  return total;
}

/** The writing pass; `afterBatch` may stop it between two batches by answering false. */
async function writeRows(
  deps: CoreDeps,
  source: ImportSource,
  total: number,
  hooks: { onProgress?: ProgressListener; afterBatch?: (report: ImportReport) => Promise<boolean> },
): Promise<ImportReport> {
  const report: ImportReport = { file: source.name, format: source.format, rows: 0, created: 0, updated: 0, unchanged: 0, inTrash: 0, skipped: 0, problems: [] };
  await readAll(source, async (batch) => {
    const good: SourcedNoteInput[] = [];
    for (const row of batch) {
      report.rows += 1;
      const checked = checkRow(row);
      if ('note' in checked) good.push(checked.note);
      else {
        report.skipped += 1;
        if (report.problems.length < LISTED_PROBLEMS) report.problems.push(checked);
      }
    }
    if (good.length) {
      const { counts } = await deps.notes.upsertBySource(good, deps.clock.now());
      report.created += counts.created;
      report.updated += counts.updated;
      report.unchanged += counts.unchanged;
      report.inTrash += counts['in-trash'];
    }
    hooks.onProgress?.({ phase: 'writing', rows: report.rows, total });
    return hooks.afterBatch ? hooks.afterBatch(report) : true;
  });
  return report;
}

async function auditImport(deps: CoreDeps, ctx: RequestContext, report: ImportReport, job: { jobId: string; stoppedBy?: string } | null = null): Promise<void> {
  const { problems, ...counts } = report;
  await record(deps, ctx, 'notes.import', [], { ...counts, badLines: problems.map((p) => p.line), ...(job ?? {}) });
}

/**
 * Feeds the rows to `each` in batches until it answers false; a file unreadable as its format
 * becomes one BadInput line.
 */
async function readAll(source: ImportSource, each: (batch: ImportRow[]) => Promise<boolean | void>): Promise<void> {
  let batch: ImportRow[] = [];
  try {
    for await (const row of source.rows()) {
      batch.push(row);
      if (batch.length >= IMPORT_BATCH) {
        if ((await each(batch)) === false) return;
        batch = [];
      }
    }
  } catch (error) {
    if (error instanceof NotesError) throw error;
    throw badInput('exportUnreadable', { name: source.name, format: source.format, problem: (error as Error).message }, 'import');
  }
  if (batch.length) await each(batch);
}

/** The limits every note is held to, applied to one row. */
function checkRow(row: ImportRow): { note: SourcedNoteInput } | ImportProblem {
  if ('problem' in row) return row;
  const { note } = row;
  try {
    if (!note.externalId) throw badInput('rowNoId');
    if (note.externalId.length > EXTERNAL_ID_MAX) throw badInput('rowIdTooLong', { max: EXTERNAL_ID_MAX });
    if (note.createdAt && Number.isNaN(note.createdAt.getTime())) throw badInput('rowBadDate');
    checkRecordId(note.recordId);
    return { note: { ...note, body: cleanNoteBody(note.body) } };
  } catch (error) {
    if (isNotesError(error)) return { line: row.line, error: { key: error.key, params: error.params } };
    throw error;
  }
}
