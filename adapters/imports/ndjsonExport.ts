import { z } from 'zod';
import { NOTE_SOURCES } from '../../src/domain/note.js';
import type { ImportRow, RowProblem } from '../../src/ports/imports.js';
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
    return { line, problem: { code: 'notJson' } };
  }
  const wrapped = backupLine.safeParse(value);
  if (wrapped.success) {
    if (wrapped.data.c !== 'note') return null;
    value = wrapped.data.d;
  }
  const parsed = noteSchema.safeParse(value);
  if (!parsed.success) {
    return { line, problem: issueProblem(parsed.error.issues[0], value) };
  }
  const note = parsed.data;
  if (note.deletedAt) return { line, problem: { code: 'deletedInExport' } };
  const externalId = note.source && note.externalId ? note.externalId : note.id;
  if (!externalId) return { line, problem: { code: 'noId' } };
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

/**
 * The first thing zod found wrong, as a field and one of a few codes: zod's own message is English
 * and worded for developers, so it is not kept.
 */
function issueProblem(issue: z.core.$ZodIssue, value: unknown): RowProblem {
  const field = issue.path.map(String).join('.');
  if (!field) return { code: 'notObject' };
  if (issue.code === 'invalid_type' && fieldValue(value, issue.path) === undefined) return { code: 'missingField', params: { field } };
  if (issue.code === 'too_small') return { code: 'emptyField', params: { field } };
  return { code: 'badField', params: { field } };
}

function fieldValue(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path) at = at !== null && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[key] : undefined;
  return at;
}
