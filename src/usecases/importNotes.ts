import { badInput, isNotesError, NotesError } from '../domain/errors.js';
import { checkRecordId, cleanNoteBody } from '../domain/input.js';
import { EXTERNAL_ID_MAX, type SourcedNoteInput } from '../domain/sourcedNote.js';
import type { ImportFiles, ImportFormat, ImportProgress, ImportRow, ImportSource } from '../ports/imports.js';
import { record, type CoreDeps, type RequestContext } from './context.js';

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
  /** A row's problem: the parser's words, or the error the note's limits raised (rendered for the reader). */
  problems: { line: number; problem: string; error?: NotesError }[];
}

export type ProgressListener = (progress: ImportProgress) => void;

/**
 * `import <file>`: reads an export from the machine the bot runs on, so only on the console
 * (a chat user must not make the bot read its files); the API brings notes in over HTTP instead.
 */
export async function importFile(
  deps: CoreDeps,
  ctx: RequestContext,
  files: ImportFiles | undefined,
  path: string,
  onProgress?: ProgressListener,
): Promise<ImportReport> {
  if (ctx.origin.platform !== 'console') {
    throw new NotesError('NotPermitted', 'importConsoleOnly');
  }
  if (!files) throw new NotesError('Unavailable', 'importsNotSetUp');
  return importNotes(deps, ctx, await files.open(path), onProgress);
}

/**
 * Brings every good row of an export in, idempotently (keyed on source + external id): the same
 * file twice adds nothing, an edited note is updated. Two passes: the first reads the whole file
 * and counts, so a file that is broken half-way (an unclosed quote) writes nothing at all; the
 * second writes in batches. Bad rows are skipped and reported by line. One audit entry with the counts.
 */
export async function importNotes(deps: CoreDeps, ctx: RequestContext, source: ImportSource, onProgress?: ProgressListener): Promise<ImportReport> {
  const report: ImportReport = { file: source.name, format: source.format, rows: 0, created: 0, updated: 0, unchanged: 0, inTrash: 0, skipped: 0, problems: [] };
  let total = 0;
  await readAll(source, async (batch) => {
    total += batch.length;
    onProgress?.({ phase: 'checking', rows: total, total: null });
  });
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
    onProgress?.({ phase: 'writing', rows: report.rows, total });
  });
  const { problems, ...counts } = report;
  await record(deps, ctx, 'notes.import', [], { ...counts, badLines: problems.map((p) => p.line) });
  return report;
}

/** Feeds the rows to `each` in batches; a file unreadable as its format becomes one BadInput line. */
async function readAll(source: ImportSource, each: (batch: ImportRow[]) => Promise<void>): Promise<void> {
  let batch: ImportRow[] = [];
  try {
    for await (const row of source.rows()) {
      batch.push(row);
      if (batch.length >= IMPORT_BATCH) {
        await each(batch);
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
function checkRow(row: ImportRow): { note: SourcedNoteInput } | { line: number; problem: string; error?: NotesError } {
  if ('problem' in row) return row;
  const { note } = row;
  try {
    if (!note.externalId) throw badInput('rowNoId');
    if (note.externalId.length > EXTERNAL_ID_MAX) throw badInput('rowIdTooLong', { max: EXTERNAL_ID_MAX });
    if (note.createdAt && Number.isNaN(note.createdAt.getTime())) throw badInput('rowBadDate');
    checkRecordId(note.recordId);
    return { note: { ...note, body: cleanNoteBody(note.body) } };
  } catch (error) {
    if (isNotesError(error)) return { line: row.line, problem: error.message, error };
    throw error;
  }
}
