import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline, Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import { platforms } from '../../src/domain/actor.js';
import type { AuditEntry } from '../../src/domain/audit.js';
import { NOTE_SOURCES, type Note } from '../../src/domain/note.js';
import type { RoleGrant } from '../../src/domain/roles.js';
import type { BackupProblem, BackupSummary, BackupVerdict } from '../../src/ports/backups.js';

/** What reading a whole file found; complete only once the iteration has ended without error. */
export interface FileTally {
  bytes: number;
  sha256: string;
  counts: Record<string, number>;
}

export interface RawLine {
  c: string;
  d: unknown;
}

const lineSchema = z.object({ c: z.string().min(1), d: z.unknown() });

/** A line that is not a backup record: thrown by the reader, judged as its code and line number. */
export class BadBackupLine extends Error {
  constructor(readonly problem: Extract<BackupProblem, { line: number }>) {
    super(`line ${problem.line}: ${problem.code}`);
  }
}

/**
 * Streams the `{c, d}` lines of a backup file, hashing the compressed bytes on the way in. A
 * truncated or corrupted file makes the iteration throw (gunzip or JSON error); `tally` is
 * filled in when the iteration finishes. Memory: one chunk and one line at a time.
 */
export async function* readBackupLines(file: string, tally: FileTally): AsyncGenerator<RawLine> {
  const hash = createHash('sha256');
  let bytes = 0;
  const counts: Record<string, number> = {};
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  // The callback form destroys every stage on error, so a read error surfaces in the loop below.
  const gunzip = pipeline(createReadStream(file), tap, createGunzip(), () => undefined);
  // A multi-byte character can straddle two chunks: the decoder holds its first bytes back.
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let lineNumber = 0;
  const parse = (text: string): RawLine => {
    lineNumber += 1;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new BadBackupLine({ code: 'notJson', line: lineNumber });
    }
    const line = lineSchema.safeParse(value);
    if (!line.success) throw new BadBackupLine({ code: 'notRecord', line: lineNumber });
    counts[line.data.c] = (counts[line.data.c] ?? 0) + 1;
    return line.data;
  };
  for await (const chunk of gunzip as AsyncIterable<Buffer>) {
    pending += decoder.write(chunk);
    let start = 0;
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      if (newline > start) yield parse(pending.slice(start, newline));
      start = newline + 1;
      newline = pending.indexOf('\n', start);
    }
    pending = pending.slice(start);
  }
  pending += decoder.end();
  if (pending) throw new BadBackupLine({ code: 'cutOff', line: lineNumber + 1 });
  Object.assign(tally, { bytes, sha256: hash.digest('hex'), counts });
}

/** Compares what a full read found with the manifest. */
export function judge(manifest: BackupSummary, tally: FileTally | null, readError: BackupProblem | null): BackupVerdict {
  const expectedCounts = manifest.counts;
  const foundCounts: Record<string, number> = {};
  for (const name of Object.keys(expectedCounts)) foundCounts[name] = 0;
  Object.assign(foundCounts, tally?.counts ?? {});
  const sha256Matches = tally !== null && tally.sha256 === manifest.sha256 && tally.bytes === manifest.bytes;
  let problem: BackupProblem | undefined;
  if (readError) problem = readError;
  else if (!sha256Matches) problem = { code: 'sha256Mismatch' };
  else {
    const names = new Set([...Object.keys(expectedCounts), ...Object.keys(foundCounts)]);
    for (const name of names) {
      if ((expectedCounts[name] ?? 0) !== (foundCounts[name] ?? 0)) {
        problem = { code: 'countMismatch', collection: name, expected: expectedCounts[name] ?? 0, found: foundCounts[name] ?? 0 };
        break;
      }
    }
  }
  return { backupId: manifest.id, ok: !problem, ...(problem ? { problem } : {}), expectedCounts, foundCounts, sha256Matches };
}

/** Reads the whole file and judges it; never throws for a bad file (that is the verdict). */
export async function verifyBackupFile(file: string, manifest: BackupSummary): Promise<BackupVerdict> {
  const tally: FileTally = { bytes: 0, sha256: '', counts: {} };
  try {
    for await (const _line of readBackupLines(file, tally)) {
      // Reading is the check: sha256, gzip integrity and JSON of every line.
    }
  } catch (error) {
    return judge(manifest, null, readProblem(error));
  }
  return judge(manifest, tally, null);
}

/** Why a file could not be read to the end; a gzip or OS message is kept as data, as raised. */
export function readProblem(error: unknown): BackupProblem {
  if (error instanceof BadBackupLine) return error.problem;
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { code: 'missing' };
  return { code: 'unreadable', detail: (error as Error).message };
}

/**
 * A problem as a NotesError's parameters (which hold strings and numbers): `problemCode` and its
 * fields as `problem.<name>`; the chat layer words them again (words.ts).
 */
export function problemParams(problem: BackupProblem | undefined): Record<string, string | number> {
  if (!problem) return { problem: '?' };
  const { code, ...fields } = problem;
  return { problemCode: code, ...Object.fromEntries(Object.entries(fields).map(([name, value]) => [`problem.${name}`, value as string | number])) };
}

// Documents as they come back from JSON: dates are ISO strings and must become Dates again.
const date = z.coerce.date();
const nullableDate = z.union([z.null(), date]);

export const noteLineSchema = z.object({
  id: z.string().min(1),
  recordId: z.string(),
  body: z.string(),
  tags: z.array(z.string()),
  authorId: z.string(),
  createdAt: date,
  updatedAt: date,
  deletedAt: nullableDate,
  deletedBy: z.string().nullable(),
  deleteReason: z.string().nullable(),
  deletionPlanId: z.string().nullable(),
  source: z.enum(NOTE_SOURCES).optional(),
  externalId: z.string().optional(),
}) satisfies z.ZodType<Note>;

export const roleLineSchema = z.object({
  actorId: z.string(),
  role: z.enum(['viewer', 'member', 'admin']),
  grantedBy: z.string(),
  grantedAt: date,
}) satisfies z.ZodType<RoleGrant>;

export const auditLineSchema = z.object({
  seq: z.number().int(),
  at: date,
  actorId: z.string(),
  platform: z.enum(platforms),
  action: z.string(),
  targetIds: z.array(z.string()),
  details: z.record(z.string(), z.unknown()),
  tenantId: z.string().optional(),
  prevHash: z.string(),
  hash: z.string(),
});

export const toNote = (d: unknown): Note => noteLineSchema.parse(d);
export const toRole = (d: unknown): RoleGrant => roleLineSchema.parse(d);
export const toAuditEntry = (d: unknown): AuditEntry => auditLineSchema.parse(d) as AuditEntry;
