import type { NoteSource } from '../domain/note.js';
import type { SourcedNoteInput } from '../domain/sourcedNote.js';

/** The export formats `import` understands, told apart by their header (adapters/imports/detect.ts). */
export const IMPORT_FORMATS = ['zoho', 'hubspot', 'salesforce', 'ndjson'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/**
 * Why a row of an export maps to no note, as data: a code and the names it needs (a column, a
 * field, a CRM), worded in the reader's language at the edge (catalog `ingest.problem.<code>`).
 */
export type RowProblem =
  | { code: 'notJson' | 'notObject' | 'noAssociation' | 'deletedInExport' | 'noId'; params?: undefined }
  | { code: 'missingField' | 'emptyField' | 'badField'; params: { field: string } }
  | { code: 'emptyColumn'; params: { column: string } }
  | { code: 'deletedInSource'; params: { source: Exclude<NoteSource, 'import' | 'api'> } };

export type RowProblemCode = RowProblem['code'];

/** One data row of an export: the note it maps to, or why it maps to none. `line` is where the row starts in the file. */
export type ImportRow = { line: number; note: SourcedNoteInput } | { line: number; problem: RowProblem };

/**
 * An opened export. `rows()` reads the file from the start each time it is called, one row at a
 * time, so an import can check the whole file before it writes anything and memory stays flat.
 * A file that cannot be read as its format at all (an unclosed quote, a line that is not JSON)
 * makes the iteration throw an Error whose message names the line.
 */
export interface ImportSource {
  /** What to call the file in messages and the audit log (its base name). */
  name: string;
  format: ImportFormat;
  rows(): AsyncIterable<ImportRow>;
}

/** Opens export files on the machine the bot runs on; refuses (BadInput) a missing file or an unknown format. */
export interface ImportFiles {
  open(path: string): Promise<ImportSource>;
}

/** Progress of a long import, reported after each batch (for a live progress display). */
export interface ImportProgress {
  phase: 'checking' | 'writing';
  /** Data rows read so far in this phase. */
  rows: number;
  /** Rows in the file, once the checking pass has counted them. */
  total: number | null;
}
