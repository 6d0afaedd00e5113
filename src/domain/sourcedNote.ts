import { createHash } from 'node:crypto';
import type { ActorId } from './actor.js';
import { stripControlChars } from './input.js';
import { extractTags, type Note, type NoteSource } from './note.js';

/**
 * Notes that come from elsewhere (a CRM export, a live CRM sync, the ingestion API) carry their
 * source and the source's own id. Bringing the same one in again must update it, never duplicate
 * it: `NoteRepository.upsertBySource` keys them on `sourceKey`.
 */
export interface SourcedNoteInput {
  source: NoteSource;
  /** The source's own id for the note, unique per source. */
  externalId: string;
  recordId: string;
  /** Already cleaned and within the limits (see `cleanNoteBody`); tags are added from its #hashtags. */
  body: string;
  /** Tags besides the body's #hashtags (a CRM's own labels, an API client's list). */
  tags: string[];
  authorId: ActorId;
  /** When the note was written at the source; it orders lists, so history keeps its place. */
  createdAt: Date;
}

/** What an upsert did with one input: a new note, a changed one, nothing, or nothing because the note is in the trash. */
export type UpsertStatus = 'created' | 'updated' | 'unchanged' | 'in-trash';

export interface UpsertReport {
  /** One per input, in input order: the id of the note it landed in, and what happened. */
  results: { id: string; status: UpsertStatus }[];
  counts: Record<UpsertStatus, number>;
}

/** The identity of a sourced note: `<source>:<externalId>`. */
export const sourceKey = (source: NoteSource, externalId: string): string => `${source}:${externalId}`;

/** External ids are opaque, but bounded: a key is a database `_id` and travels in audit entries. */
export const EXTERNAL_ID_MAX = 200;

const TYPEABLE = '23456789abcdefghjkmnpqrstuvwxyz';

/**
 * The note id a sourced note gets: derived from its key, so every process that brings the same
 * note in proposes the same id, and a restored database finds the note where an import looks.
 * Eight characters where chat notes have six: the two never collide. Two keys that hash alike
 * (about once in 10^12 pairs) are told apart by `attempt`: the next candidate in a fixed sequence.
 */
export function sourcedNoteId(key: string, attempt = 0): string {
  const digest = createHash('sha256').update(attempt ? `${key}#${attempt}` : key).digest();
  let out = '';
  for (let i = 0; i < 8; i += 1) out += TYPEABLE[digest[i] % TYPEABLE.length];
  return `n-${out}`;
}

const tagsOf = (input: SourcedNoteInput, body: string): string[] => [
  ...new Set([...input.tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean), ...extractTags(body)]),
];

/** The note an input becomes when it is new. */
export function sourcedNote(input: SourcedNoteInput, id: string, at: Date): Note {
  const body = stripControlChars(input.body);
  return {
    id,
    recordId: input.recordId,
    body,
    tags: tagsOf(input, body),
    authorId: input.authorId,
    createdAt: input.createdAt,
    updatedAt: at,
    deletedAt: null,
    deletedBy: null,
    deleteReason: null,
    deletionPlanId: null,
    source: input.source,
    externalId: input.externalId,
  };
}

/** True when `note` is the one stored for `input`'s key. */
export const holdsKey = (note: Note, input: Pick<SourcedNoteInput, 'source' | 'externalId'>): boolean =>
  note.source === input.source && note.externalId === input.externalId;

export type SourcedChange = { status: 'unchanged' | 'in-trash' } | { status: 'updated'; fields: Partial<Note> };

/**
 * What bringing `input` in again does to the stored `note`. A note in the trash stays as the
 * bot's delete left it (restore is a decision of its own). A change stamps `updatedAt` with the
 * bot's clock, so a bulk plan frozen before it skips the note, as it skips any changed note.
 */
export function sourcedChange(note: Note, input: SourcedNoteInput, at: Date): SourcedChange {
  if (note.deletedAt) return { status: 'in-trash' };
  const next = sourcedNote(input, note.id, at);
  const same =
    note.recordId === next.recordId &&
    note.body === next.body &&
    note.authorId === next.authorId &&
    note.createdAt.getTime() === next.createdAt.getTime() &&
    note.tags.join('\n') === next.tags.join('\n');
  if (same) return { status: 'unchanged' };
  const { recordId, body, tags, authorId, createdAt, updatedAt } = next;
  return { status: 'updated', fields: { recordId, body, tags, authorId, createdAt, updatedAt } };
}

export function emptyUpsertReport(): UpsertReport {
  return { results: [], counts: { created: 0, updated: 0, unchanged: 0, 'in-trash': 0 } };
}

/** Adds one result to a report, keeping the counts in step. */
export function tally(report: UpsertReport, index: number, id: string, status: UpsertStatus): void {
  report.results[index] = { id, status };
  report.counts[status] += 1;
}
