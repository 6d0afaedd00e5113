import { createReadStream } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { badInput } from '../../src/domain/errors.js';
import type { ImportFiles, ImportRow, ImportSource } from '../../src/ports/imports.js';
import { CSV_FORMATS, type Cells, type CsvFormat } from './csvFormats.js';
import { ndjsonRow } from './ndjsonExport.js';

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Export files on this machine: CSV from Zoho CRM, HubSpot or Salesforce, or the bot's own NDJSON
 * (a backup's `.ndjson.gz` too). The format comes from the file's first line, never its name.
 * Everything is streamed: one row in memory at a time, however long the file.
 */
export class ExportFiles implements ImportFiles {
  /** Relative paths are resolved against `baseDir` (the console's working directory). */
  constructor(private readonly baseDir = process.cwd()) {}

  async open(path: string): Promise<ImportSource> {
    const file = resolve(this.baseDir, path);
    const name = basename(file);
    const gzipped = await startsWithGzip(file, name);
    const text = () => (gzipped ? createReadStream(file).pipe(createGunzip()) : createReadStream(file));
    const first = await firstCharacter(text());
    if (first === '{') return { name, format: 'ndjson', rows: () => ndjsonRows(text()) };
    const header = await headerOf(text());
    const format = detectCsv(header, name);
    return { name, format: format.format, rows: () => csvRows(text(), format) };
  }
}

async function startsWithGzip(file: string, name: string): Promise<boolean> {
  let handle;
  try {
    handle = await openFile(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw code === 'ENOENT' ? badInput('noSuchFile', { name }, 'import') : badInput('fileUnreadable', { name, code: code ?? 'error' }, 'import');
  }
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    if ((await handle.stat()).isDirectory()) throw badInput('fileIsFolder', { name }, 'import');
    return bytesRead === 2 && buffer[0] === GZIP_MAGIC[0] && buffer[1] === GZIP_MAGIC[1];
  } finally {
    await handle.close();
  }
}

/** The first character that is not a byte-order mark or white space. */
async function firstCharacter(stream: Readable): Promise<string> {
  try {
    for await (const chunk of stream) {
      const found = /[^\uFEFF\s]/.exec(String(chunk));
      if (found) return found[0];
    }
    return '';
  } finally {
    stream.destroy();
  }
}

const csvOptions = {
  bom: true,
  relax_column_count: true,
  skip_empty_lines: true,
  // Line numbers come from each record's raw text: csv-parse's own line count counts a CRLF
  // inside a quoted cell twice.
  raw: true,
} as const;

interface CsvRecord {
  record: string[];
  raw: string;
}

/** Lines a record spans: one, plus the line breaks inside its quoted cells. */
const linesOf = (raw: string) => 1 + (raw.replace(/[\r\n]+$/, '').match(/\r\n|\r|\n/g)?.length ?? 0);

async function headerOf(stream: Readable): Promise<string[]> {
  const parser = stream.pipe(parse(csvOptions));
  try {
    for await (const { record } of parser as AsyncIterable<CsvRecord>) return record;
    return [];
  } finally {
    stream.destroy();
    parser.destroy();
  }
}

const norm = (name: string) => name.trim().toLowerCase();

/** Which CRM exported this header; a missing required column refuses the file with one line naming it. */
export function detectCsv(header: string[], name: string): CsvFormat {
  const columns = new Set(header.map(norm));
  const has = (names: readonly string[]) => names.some((n) => columns.has(norm(n)));
  const format = CSV_FORMATS.find((f) => f.matches(has));
  if (!format) {
    throw badInput('unknownExport', { name }, 'import');
  }
  const missing = format.required.filter((column) => !has(column.names));
  if (missing.length) {
    // Column names as the CRM writes them (any one of a group will do): data, the same in every language.
    const list = missing.map((m) => m.names.map((n) => `"${n}"`).join(' / ')).join(' · ');
    throw badInput('exportMissingColumns', { name, format: format.format, columns: list }, 'import');
  }
  return format;
}

async function* csvRows(stream: Readable, format: CsvFormat): AsyncGenerator<ImportRow> {
  const parser = stream.pipe(parse(csvOptions));
  let index: Map<string, number> | null = null;
  let lastLine = 0;
  try {
    for await (const { record, raw } of parser as AsyncIterable<CsvRecord>) {
      const line = lastLine + 1;
      lastLine += linesOf(raw);
      if (!index) {
        index = new Map(record.map((name, i) => [norm(name), i] as const).reverse());
        continue;
      }
      const columns = index;
      const cell: Cells = (names) => {
        for (const n of names) {
          const at = columns.get(norm(n));
          if (at !== undefined && record[at] !== undefined && record[at] !== '') return record[at];
        }
        return undefined;
      };
      const note = format.toNote(cell);
      yield 'code' in note ? { line, problem: note } : { line, note };
    }
  } finally {
    stream.destroy();
  }
}

async function* ndjsonRows(stream: Readable): AsyncGenerator<ImportRow> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      const row = ndjsonRow(text.replace(/^\uFEFF/, ''), line);
      if (row) yield row;
    }
  } finally {
    lines.close();
    stream.destroy();
  }
}
