import type { Model, QueryFilter } from 'mongoose';
import { escapeRegex, type NoteQuery } from '../../src/domain/filter.js';
import type { Note } from '../../src/domain/note.js';
import type { DeletionMark, NoteRepository, Page } from '../../src/ports/notes.js';
import { idSetFilter } from './idSetFilter.js';
import { toDomain, withoutUndefined, writeQueue, type KeyedQueue } from './models.js';

/** Cursor batches and `$in` chunks: big enough to be quick, small enough to keep memory flat. */
const BATCH = 1000;

/**
 * Ids per query when streaming a plan's notes for its snapshot. Each chunk is one query, read
 * through a cursor (never held in memory), so the chunk bounds only the size of the query
 * document (50,000 ids is well under a megabyte). Few chunks matter on FerretDB, where every
 * query is a scan of the whole collection: it has no index for `$in`.
 */
const STREAM_CHUNK = 50_000;

type Sort = Record<string, 1 | -1>;

/**
 * The Mongo query for a note filter. Must select exactly what `matchesQuery` (the in-memory
 * evaluation in src/domain/filter.ts) selects: the contract suite holds both to that.
 */
export function noteQueryFilter(query: NoteQuery): QueryFilter<Note> {
  const filter: QueryFilter<Note> = { deletedAt: query.state === 'live' ? null : { $ne: null } };
  if (query.recordId) filter.recordId = query.recordId;
  if (query.authorId) filter.authorId = query.authorId;
  // `$all: []` matches nothing on MongoDB, whereas no tags means no tag condition.
  if (query.tags?.length) filter.tags = { $all: query.tags };
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

/** Newest first, `id` as the tiebreak so pages never overlap or skip when timestamps collide. */
function listOrder(query: NoteQuery): Sort {
  return query.state === 'deleted' ? { deletedAt: -1, id: -1 } : { createdAt: -1, id: -1 };
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
 * note. Inserts and reads never queue.
 */
const NOTE_WRITES = 'notes';

export class MongoNoteRepository implements NoteRepository {
  private readonly writes: KeyedQueue;

  /** `streamChunk` is for tests that cross chunk boundaries without 50,000 notes. */
  constructor(
    private readonly notes: Model<Note>,
    private readonly options: { streamChunk: number } = { streamChunk: STREAM_CHUNK },
  ) {
    this.writes = writeQueue(notes);
  }

  async insert(note: Note): Promise<void> {
    // A duplicate id surfaces as the driver's error with `code === 11000`: the core retries that.
    await this.notes.create(withoutUndefined(note));
  }

  async findById(id: string): Promise<Note | null> {
    const doc = await this.notes.findOne({ id }).lean<Note>();
    return doc ? toDomain(doc) : null;
  }

  async findByIds(ids: readonly string[]): Promise<Note[]> {
    const found: Note[] = [];
    for (const chunk of chunks(ids, BATCH)) {
      const docs = await this.notes.find({ id: { $in: chunk } }).lean<Note[]>();
      found.push(...inOrderOf(chunk, docs.map(toDomain)));
    }
    return found;
  }

  async list(query: NoteQuery, page: Page): Promise<Note[]> {
    if (page.limit <= 0) return [];
    const docs = await this.notes
      .find(noteQueryFilter(query))
      .sort(listOrder(query))
      .skip(Math.max(0, page.offset))
      .limit(page.limit)
      .lean<Note[]>();
    return docs.map(toDomain);
  }

  async count(query: NoteQuery): Promise<number> {
    return this.notes.countDocuments(noteQueryFilter(query));
  }

  async matchIds(query: NoteQuery, limit: number): Promise<string[]> {
    if (limit <= 0) return [];
    const docs = await this.notes
      .find(noteQueryFilter(query), { id: 1, _id: 0 })
      .sort(listOrder(query))
      .limit(limit)
      .lean<{ id: string }[]>();
    return docs.map((doc) => doc.id);
  }

  async softDelete(id: string, mark: DeletionMark): Promise<Note | null> {
    const doc = await this.writes.run(NOTE_WRITES, () =>
      this.notes
        .findOneAndUpdate({ id, deletedAt: null }, { $set: deletionFields(mark) }, { returnDocument: 'after' })
        .lean<Note>()
        .exec(),
    );
    return doc ? toDomain(doc) : null;
  }

  async softDeleteMany(ids: readonly string[], unchangedSince: Date, mark: DeletionMark & { planId: string }): Promise<number> {
    if (!ids.length) return 0;
    // One statement, and idempotent: a second run finds nothing live left to mark. The cheap
    // conditions come first: FerretDB evaluates them in order, and the id set only for live notes
    // (a narrow id range, as the core hands batches over in id order).
    const result = await this.writes.run(NOTE_WRITES, () =>
      this.notes
        .updateMany({ deletedAt: null, updatedAt: { $lte: unchangedSince }, ...idSetFilter(ids) }, { $set: deletionFields(mark) })
        .exec(),
    );
    return result.modifiedCount;
  }

  async idsDeletedByPlan(ids: readonly string[], planId: string): Promise<string[]> {
    if (!ids.length) return [];
    const docs = await this.notes
      .find({ deletionPlanId: planId, deletedAt: { $ne: null }, ...idSetFilter(ids) }, { id: 1, _id: 0 })
      .lean<{ id: string }[]>();
    return docs.map((doc) => doc.id);
  }

  async restore(id: string, now: Date): Promise<Note | null> {
    const doc = await this.writes.run(NOTE_WRITES, () =>
      this.notes
        .findOneAndUpdate({ id, deletedAt: { $ne: null } }, { $set: restoredFields(now) }, { returnDocument: 'after' })
        .lean<Note>()
        .exec(),
    );
    return doc ? toDomain(doc) : null;
  }

  async restoreByPlan(ids: readonly string[], planId: string, stamp: Date): Promise<string[]> {
    if (!ids.length) return [];
    await this.writes.run(NOTE_WRITES, () =>
      this.notes
        .updateMany({ deletionPlanId: planId, deletedAt: { $ne: null }, ...idSetFilter(ids) }, { $set: restoredFields(stamp) })
        .exec(),
    );
    // The stamp, not this call's count, says what was restored: a batch re-run after a crash
    // finds the notes the first run restored already live, and must still count them.
    const docs = await this.notes.find({ updatedAt: stamp, ...idSetFilter(ids) }, { id: 1, _id: 0 }).lean<{ id: string }[]>();
    return docs.map((doc) => doc.id);
  }

  async *streamAll(): AsyncIterable<Note> {
    const cursor = this.notes.find().sort({ id: 1 }).lean<Note>().cursor({ batchSize: BATCH });
    try {
      for await (const doc of cursor) yield toDomain(doc as Note);
    } finally {
      // A consumer that stops early (a failed backup) must not leave a server cursor open.
      await cursor.close();
    }
  }

  async *streamByIds(ids: readonly string[]): AsyncIterable<Note> {
    for (const chunk of chunks(ids, this.options.streamChunk)) {
      const cursor = this.notes.find(idSetFilter(chunk)).lean<Note>().cursor({ batchSize: BATCH });
      try {
        for await (const doc of cursor) yield toDomain(doc as Note);
      } finally {
        await cursor.close();
      }
    }
  }
}
