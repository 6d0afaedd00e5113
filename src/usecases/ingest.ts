import type { ActorId } from '../domain/actor.js';
import { isNotesError, type NotesError } from '../domain/errors.js';
import { checkRecordId, cleanNoteBody } from '../domain/input.js';
import { newNote, type NoteSource } from '../domain/note.js';
import type { SourcedNoteInput } from '../domain/sourcedNote.js';
import { record, type CoreDeps, type RequestContext } from './context.js';
import { insertWithFreshId } from './notes.js';

/** One note sent to the ingestion API, its shape already checked by the API (adapters/api). */
export interface IngestNote {
  recordId: string;
  body: string;
  tags?: string[];
  /** A qualified id (`zoho:123`) the note is written by; the caller when absent. */
  authorId?: ActorId;
  createdAt?: Date;
  source?: NoteSource;
  /** The source's own id: with it the note is upserted by source key, without it simply added. */
  externalId?: string;
}

/** The note of a batch at `index` breaks an input rule (`error` says which); nothing of the batch was stored. */
export class IngestRefused extends Error {
  constructor(
    readonly index: number,
    readonly error: NotesError,
  ) {
    super(`notes[${index}]: ${error.message}`, { cause: error });
    this.name = 'IngestRefused';
  }
}

/**
 * The ingestion API's `POST /api/v1/notes` (DESIGN.md section 6), reached through the dispatcher.
 * Checks every note before storing any, so a batch with one bad note stores nothing. Notes with an
 * external id are upserted (the same source + externalId again updates, never duplicates); others
 * are added. One audit entry for the batch. Returns the notes' ids in input order.
 */
export async function ingestNotes(deps: CoreDeps, ctx: RequestContext, notes: readonly IngestNote[]): Promise<string[]> {
  const now = deps.clock.now();
  const checked = notes.map((note, index) => {
    try {
      checkRecordId(note.recordId);
      return { ...note, body: cleanNoteBody(note.body) };
    } catch (error) {
      if (isNotesError(error)) throw new IngestRefused(index, error);
      throw error;
    }
  });
  const keyed: { index: number; input: SourcedNoteInput }[] = [];
  const ids: string[] = new Array<string>(checked.length);
  checked.forEach((note, index) => {
    if (!note.externalId) return;
    keyed.push({
      index,
      input: {
        source: note.source ?? 'api',
        externalId: note.externalId,
        recordId: note.recordId,
        body: note.body,
        tags: note.tags ?? [],
        authorId: note.authorId ?? ctx.actor.id,
        createdAt: note.createdAt ?? null,
      },
    });
  });
  if (keyed.length) {
    const report = await deps.notes.upsertBySource(keyed.map((k) => k.input), now);
    keyed.forEach((k, i) => (ids[k.index] = report.results[i].id));
  }
  for (const [index, note] of checked.entries()) {
    if (!note.externalId) ids[index] = await addIngested(deps, note, ctx.actor.id, now);
  }
  await record(deps, ctx, 'notes.import', ids.slice(0, 50), { via: 'api', notes: ids.length, keyed: keyed.length });
  return ids;
}

/** A note without an external id is simply added, under a fresh id. */
async function addIngested(deps: CoreDeps, note: IngestNote, authorId: ActorId, now: Date): Promise<string> {
  const stored = await insertWithFreshId(deps, (id) => {
    const fresh = { ...newNote({ id, recordId: note.recordId, body: note.body, authorId: note.authorId ?? authorId, at: now }), source: note.source ?? ('api' as const) };
    if (note.tags?.length) fresh.tags = [...new Set([...fresh.tags, ...note.tags.map((t) => t.toLowerCase())])];
    if (note.createdAt) fresh.createdAt = note.createdAt;
    return fresh;
  });
  return stored.id;
}
