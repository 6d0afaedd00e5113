import { z } from 'zod';
import { NOTE_SOURCES } from '../../src/domain/note.js';
import type { ImportRow } from '../../src/ports/imports.js';
import { IMPORT_AUTHOR } from './cells.js';

/**
 * The bot's own NDJSON: a backup's lines (`{"c":"note","d":{...}}`; roles and audit lines are
 * not notes and are passed over) or bare note objects, one a line. A note that came from a source
 * keeps its source and external id; any other is keyed on its own id under the `import` source,
 * so importing the same file again (or into the database it came from) adds nothing.
 */
const noteSchema = z.object({
  id: z.string().min(1).optional(),
  recordId: z.string(),
  body: z.string(),
  tags: z.array(z.string()).optional(),
  authorId: z.string().optional(),
  createdAt: z.coerce.date().optional(),
  deletedAt: z.union([z.null(), z.coerce.date()]).optional(),
  source: z.enum(NOTE_SOURCES).optional(),
  externalId: z.string().min(1).optional(),
});

const backupLine = z.object({ c: z.string(), d: z.unknown() });

/** The row of one NDJSON line; null for a line that holds no note (blank, or a backup's role or audit line). */
export function ndjsonRow(text: string, line: number): ImportRow | null {
  if (!text.trim()) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { line, problem: 'the line is not JSON.' };
  }
  const wrapped = backupLine.safeParse(value);
  if (wrapped.success) {
    if (wrapped.data.c !== 'note') return null;
    value = wrapped.data.d;
  }
  const parsed = noteSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { line, problem: `${issue.path.join('.') || 'the line'}: ${issue.message}.` };
  }
  const note = parsed.data;
  if (note.deletedAt) return { line, problem: 'the note is deleted in the export.' };
  const externalId = note.source && note.externalId ? note.externalId : note.id;
  if (!externalId) return { line, problem: 'the note has neither an id nor a source and externalId.' };
  return {
    line,
    note: {
      source: note.source && note.externalId ? note.source : 'import',
      externalId,
      recordId: note.recordId,
      body: note.body,
      tags: note.tags ?? [],
      authorId: note.authorId ?? IMPORT_AUTHOR,
      createdAt: note.createdAt ?? null,
    },
  };
}
