import type { Model, QueryFilter } from 'mongoose';
import { escapeRegex, type NoteQuery } from '../../src/domain/filter.js';
import type { Note, NoteSource } from '../../src/domain/note.js';
import type { SourcedNoteInput, UpsertReport } from '../../src/domain/sourcedNote.js';
import type { NoteEffect, PendingNoteEffects } from '../../src/domain/noteEffect.js';
import type { DeletionMark, ListKey, NoteInsertResult, NoteRepository, Page } from '../../src/ports/notes.js';
import { MONGODB, type DatabaseServer } from './connection.js';
import { idSetFilter } from './idSetFilter.js';
import { type NoteKey, type StoredNote } from './models.js';
import { isDuplicateKey, withoutUndefined, writeQueue, type KeyedQueue } from './documents.js';
import { NOT_PURGING, pendingEffectSet, PendingEffectStore, toNote } from './noteEffects.js';
import { SourcedNoteStore } from './sourcedNotes.js';

/** Cursor batches and `$in` chunks: big enough to be quick, small enough to keep memory flat. */
const BATCH = 1000;

/**
 * Ids per query when streaming a plan's notes for its snapshot. Each chunk is one query, read
 * through a cursor (never held in memory), so the chunk bounds only the size of the query
 * document (50,000 ids is well under a megabyte). Few chunks matter on upstream FerretDB, where
 * every `$in` query is a scan of the whole collection; the embedded build (devdb/) narrows `$in`
 * through the index, so there the chunk size hardly matters.
 */
const STREAM_CHUNK = 50_000;

type Sort = Record<string, 1 | -1>;

/**
 * The Mongo query for a note filter. Must select exactly what `matchesQuery` (the in-memory
 * evaluation in src/domain/filter.ts) selects: the contract suite holds both to that.
 */
export function noteQueryFilter(query: NoteQuery): QueryFilter<StoredNote> {
  const filter: QueryFilter<StoredNote> = { deletedAt: query.state === 'live' ? null : { $ne: null } };
  if (query.recordId) filter.recordId = query.recordId;
  if (query.authorId) filter.authorId = query.authorId;
  // `$all: []` matches nothing on MongoDB, whereas no tags means no tag condition. One tag is a
  // plain equality: the multikey index serves both, and FerretDB/PostgreSQL pushes equality down.
  if (query.tags?.length === 1) filter.tags = query.tags[0];
  else if (query.tags?.length) filter.tags = { $all: query.tags };
  if (query.before || query.after) {
    filter.createdAt = {
      ...(query.before ? { $lt: query.before } : {}),
      ...(query.after ? { $gte: query.after } : {}),
    };
  }
  // User text is literal: escaped, and case-insensitive like the in-memory `includes` on lower case.
  const phrases = query.text ?? [];
  if (phrases.length) filter.$and = phrases.map((phrase) => ({ body: { $regex: escapeRegex(phrase), $options: 'i' } }));
  return filter;
}

/** The field that orders a list: newest first by creation, the trash by deletion. */
const orderField = (query: NoteQuery) => (query.state === 'deleted' ? 'deletedAt' : 'createdAt');

/** Newest first, `_id` (the note id) as the tiebreak so pages never overlap or skip when timestamps collide. */
function listOrder(query: NoteQuery, direction: 1 | -1 = -1): Sort {
  return { [orderField(query)]: direction, _id: direction };
}

/**
 * The filter narrowed to the notes strictly past `key` in list order (`older`), or strictly
 * before it (`newer`). Besides the exact condition (the `$or`), the order field gets the bound
 * that condition implies (`$lte`/`$gte` the key's time), at the top level with the filter's own
 * fields: MongoDB and the development database (devdb/ferretdb-patches.json) seek to the key with
 * it instead of reading the list from its top, and the filter's equalities stay where both look.
 */
function withKeyCondition(filter: QueryFilter<StoredNote>, query: NoteQuery, key: ListKey, side: 'older' | 'newer'): QueryFilter<StoredNote> {
  const field = orderField(query);
  const op = side === 'older' ? '$lt' : '$gt';
  const own = (filter as Record<string, unknown>)[field];
  const bounds = own === undefined ? {} : (own as Record<string, Date | null>);
  const bound = side === 'older' ? { $lte: tighter(bounds.$lte, key.at, 'min') } : { $gte: tighter(bounds.$gte, key.at, 'max') };
  const keyOr = { $or: [{ [field]: { [op]: key.at } }, { [field]: key.at, _id: { [op]: key.id } }] };
  return { ...filter, [field]: { ...bounds, ...bound }, $and: [...((filter.$and as object[] | undefined) ?? []), keyOr] } as QueryFilter<StoredNote>;
}

/** The tighter of a filter's own bound (if any) and the key's. */
function tighter(own: Date | null | undefined, at: Date, pick: 'min' | 'max'): Date {
  if (!(own instanceof Date)) return at;
  return (pick === 'min' ? own < at : own > at) ? own : at;
}

const deletionFields = (mark: DeletionMark) => ({
  deletedAt: mark.deletedAt,
  deletedBy: mark.deletedBy,
  deleteReason: mark.reason,
  deletionPlanId: mark.planId,
});

const restoredFields = (now: Date) => ({
  deletedAt: null,
  deletedBy: null,
  deleteReason: null,
  deletionPlanId: null,
  updatedAt: now,
});

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

/** The notes among `found`, in the order of `ids` (Mongo's `$in` returns them in any order). */
function inOrderOf(ids: readonly string[], found: Note[]): Note[] {
  const byId = new Map(found.map((note) => [note.id, note]));
  return ids.flatMap((id) => {
    const note = byId.get(id);
    return note ? [note] : [];
  });
}

/**
 * Deletions and restores queue behind each other in this process (see `KeyedQueue` for why):
 * one key for the whole collection, because a bulk batch and a single delete may touch the same
 * note. Inserts and reads never queue. The restore from backup and the purge queue here too.
 */
export const NOTE_WRITES = 'notes';

/**
 * Below this many ids, `findByIds` on FerretDB looks each one up by `_id` (an index search)
 * rather than sending one `$in`: a scan of the whole collection on upstream FerretDB. The
 * embedded build narrows `$in` through the index too, where either way is quick; the lookups are
 * kept because the same code must stay quick on an upstream FerretDB.
 */
const LOOKUPS_BELOW = 2_000;

export interface NoteRepositoryOptions {
  /** What the server can do (see `DatabaseServer`); MongoDB's behaviour when not given. */
  server?: DatabaseServer;
  /** For tests that cross chunk boundaries without 50,000 notes. */
  streamChunk?: number;
  /** The keys of sourced notes (`upsertBySource`); without it those two methods refuse. */
  keys?: Model<NoteKey>;
}

/**
 * Notes are stored under `_id` = their typeable id, so every single-note read and write is a
 * lookup by `_id`: the one filter FerretDB on SQLite serves from an index, and MongoDB's
 * primary key.
 */
export class MongoNoteRepository implements NoteRepository {
  private readonly writes: KeyedQueue;
  private readonly server: DatabaseServer;
  private readonly streamChunk: number;
  private readonly sourced: SourcedNoteStore | null;
  private readonly effects: PendingEffectStore;

  constructor(
    private readonly notes: Model<StoredNote>,
    options: NoteRepositoryOptions = {},
  ) {
    this.writes = writeQueue(notes);
    this.server = options.server ?? MONGODB;
    this.streamChunk = options.streamChunk ?? STREAM_CHUNK;
    this.sourced = options.keys ? new SourcedNoteStore(notes, options.keys, this.server, this.writes, NOTE_WRITES) : null;
    this.effects = new PendingEffectStore(notes, this.writes, NOTE_WRITES, this.server);
  }

  async upsertBySource(inputs: readonly SourcedNoteInput[], at: Date): Promise<UpsertReport> {
    return this.sourcedStore().upsert(inputs, at);
  }

  async findBySource(source: NoteSource, externalId: string): Promise<Note | null> {
    return this.sourcedStore().findBySource(source, externalId);
  }

  private sourcedStore(): SourcedNoteStore {
    if (!this.sourced) throw new Error('This note repository was built without the note_keys model: pass `keys`.');
    return this.sourced;
  }

  async insert(note: Note): Promise<NoteInsertResult> {
    try {
      await this.notes.create({ ...withoutUndefined(note), _id: note.id });
      return 'inserted';
    } catch (error) {
      // The insert of an `_id` is atomic on MongoDB and FerretDB alike: a taken id fails whole.
      if (isDuplicateKey(error)) return 'id-taken';
      throw error;
    }
  }

  async findById(id: string): Promise<Note | null> {
    const doc = await this.notes.findOne({ _id: id }).lean<StoredNote>();
    return doc ? toNote(doc) : null;
  }

  async findByIds(ids: readonly string[]): Promise<Note[]> {
    if (!this.server.atomicConditionalUpdates && ids.length < LOOKUPS_BELOW) {
      const found = await Promise.all(ids.map((id) => this.findById(id)));
      return found.filter((note): note is Note => note !== null);
    }
    const found: Note[] = [];
    for (const chunk of chunks(ids, BATCH)) {
      const docs = await this.notes.find({ _id: { $in: chunk } }).lean<StoredNote[]>();
      found.push(...inOrderOf(chunk, docs.map(toNote)));
    }
    return found;
  }

  async list(query: NoteQuery, page: Page): Promise<Note[]> {
    if (page.limit <= 0) return [];
    const filter = noteQueryFilter(query);
    const narrowed = page.after
      ? withKeyCondition(filter, query, page.after, 'older')
      : page.before
        ? withKeyCondition(filter, query, page.before, 'newer')
        : filter;
    // A page before a key is read upwards from the key and turned round, so it is as cheap as the next page.
    const upwards = !page.after && Boolean(page.before);
    const docs = await this.notes
      .find(narrowed)
      .sort(listOrder(query, upwards ? 1 : -1))
      .skip(Math.max(0, page.offset ?? 0))
      .limit(page.limit)
      .lean<StoredNote[]>();
    const notes = docs.map(toNote);
    return upwards ? notes.reverse() : notes;
  }

  async count(query: NoteQuery): Promise<number> {
    return this.notes.countDocuments(noteQueryFilter(query));
  }

  async matchIds(query: NoteQuery, limit: number): Promise<string[]> {
    if (limit <= 0) return [];
    const docs = await this.notes
      .find(noteQueryFilter(query), { _id: 1 })
      .sort(listOrder(query))
      .limit(limit)
      .lean<{ _id: string }[]>();
    return docs.map((doc) => doc._id);
  }

  async softDelete(id: string, mark: DeletionMark, effect?: NoteEffect): Promise<Note | null> {
    return this.setIf(id, (note) => note.deletedAt === null, deletionFields(mark), { deletedAt: null }, effect);
  }

  /**
   * Sets `fields` on the note if `holds` (MongoDB: the equivalent `condition` in one atomic
   * `findOneAndUpdate`; FerretDB: read by `_id`, check, write by `_id`, under the write queue).
   * `effect` is stored as pending in the same update, so it exists exactly when the change does.
   */
  private async setIf(
    id: string,
    holds: (note: StoredNote) => boolean,
    fields: Partial<Note>,
    condition: QueryFilter<StoredNote>,
    effect?: NoteEffect,
  ): Promise<Note | null> {
    const update = { $set: { ...fields, ...(effect ? pendingEffectSet(effect) : {}) } };
    const doc = await this.writes.run(NOTE_WRITES, async () => {
      if (this.server.atomicConditionalUpdates) {
        return this.notes.findOneAndUpdate({ _id: id, ...condition }, update, { returnDocument: 'after' }).lean<StoredNote>().exec();
      }
      const current = await this.notes.findOne({ _id: id }).lean<StoredNote>();
      if (!current || !holds(current)) return null;
      await this.notes.updateOne({ _id: id }, update).exec();
      return { ...current, ...fields };
    });
    return doc ? toNote(doc) : null;
  }

  async softDeleteMany(ids: readonly string[], unchangedSince: Date, mark: DeletionMark & { planId: string }): Promise<number> {
    if (!ids.length) return 0;
    // One statement, and idempotent: a second run finds nothing live left to mark. The cheap
    // conditions come first: FerretDB evaluates them in order, and the id set only for live notes
    // (a narrow id range, as the core hands batches over in id order).
    const result = await this.writes.run(NOTE_WRITES, () =>
      this.notes
        .updateMany({ deletedAt: null, updatedAt: { $lte: unchangedSince }, ...idSetFilter(ids, '_id') }, { $set: deletionFields(mark) })
        .exec(),
    );
    return result.modifiedCount;
  }

  async idsDeletedByPlan(ids: readonly string[], planId: string): Promise<string[]> {
    if (!ids.length) return [];
    const docs = await this.notes
      .find({ deletionPlanId: planId, deletedAt: { $ne: null }, ...idSetFilter(ids, '_id') }, { id: 1, _id: 0 })
      .lean<{ id: string }[]>();
    return docs.map((doc) => doc.id);
  }

  async restore(id: string, now: Date, effect?: NoteEffect): Promise<Note | null> {
    return this.setIf(id, (note) => note.deletedAt !== null && note.purging === undefined, restoredFields(now), { deletedAt: { $ne: null }, ...NOT_PURGING }, effect);
  }

  async pendingEffects(afterId: string | null, limit: number): Promise<PendingNoteEffects[]> {
    return this.effects.list(afterId, limit);
  }

  async settleEffect(noteId: string, key: string): Promise<void> {
    await this.effects.settle(noteId, key);
  }

  async restoreByPlan(ids: readonly string[], planId: string, stamp: Date): Promise<string[]> {
    if (!ids.length) return [];
    await this.writes.run(NOTE_WRITES, () =>
      this.notes
        .updateMany({ deletionPlanId: planId, deletedAt: { $ne: null }, ...NOT_PURGING, ...idSetFilter(ids, '_id') }, { $set: restoredFields(stamp) })
        .exec(),
    );
    // The stamp, not this call's count, says what was restored: a batch re-run after a crash
    // finds the notes the first run restored already live, and must still count them.
    const docs = await this.notes.find({ updatedAt: stamp, ...idSetFilter(ids, '_id') }, { id: 1, _id: 0 }).lean<{ id: string }[]>();
    return docs.map((doc) => doc.id);
  }

  async *streamAll(): AsyncIterable<Note> {
    const cursor = this.notes.find().sort({ _id: 1 }).lean<StoredNote>().cursor({ batchSize: BATCH });
    try {
      for await (const doc of cursor) yield toNote(doc as StoredNote);
    } finally {
      // A consumer that stops early (a failed backup) must not leave a server cursor open.
      await cursor.close();
    }
  }

  async *streamByIds(ids: readonly string[]): AsyncIterable<Note> {
    for (const chunk of chunks(ids, this.streamChunk)) {
      const cursor = this.notes.find(idSetFilter(chunk, '_id')).lean<StoredNote>().cursor({ batchSize: BATCH });
      try {
        for await (const doc of cursor) yield toNote(doc as StoredNote);
      } finally {
        await cursor.close();
      }
    }
  }
}
