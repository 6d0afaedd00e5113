import type { AnyBulkWriteOperation, Model } from 'mongoose';
import type { Note, NoteSource } from '../../src/domain/note.js';
import {
  emptyUpsertReport,
  holdsKey,
  sourceKey,
  sourcedChange,
  sourcedNote,
  sourcedNoteId,
  tally,
  type SourcedNoteInput,
  type UpsertReport,
} from '../../src/domain/sourcedNote.js';
import type { DatabaseServer } from './connection.js';
import { toNote } from './noteEffects.js';
import { type NoteKey, type StoredNote } from './models.js';
import { isDuplicateKey, toDomain, withoutUndefined, type KeyedQueue } from './documents.js';

/** Times one input may lose a race (a claim, an insert, a stale key) before the call gives up. */
const MAX_TRIES = 8;

/** An input and the note id it goes to. */
interface Placed {
  item: Pending;
  id: string;
}

interface Pending {
  index: number;
  input: SourcedNoteInput;
  key: string;
  /** Which candidate of the key's id sequence to claim next (see `sourcedNoteId`). */
  attempt: number;
  tries: number;
}

/**
 * `upsertBySource` on Mongo, safe across processes on FerretDB too, where the only write atomic
 * across connections is an insert of an `_id`. A key document (`note_keys`, `_id` =
 * `<source>:<externalId>`) names the note of each key; inserting it is the claim. Every step is
 * repairable by whoever comes next:
 * - a key whose note is missing (a crash between claim and insert, or a purge) gets its note inserted
 *   by the next upsert of that key;
 * - a key pointing at a note of another key (two keys that hash to one id, or a note restored from
 *   a backup under that id) is stale: it is removed and the key's next candidate id is claimed;
 * - two processes inserting one key's note race on the note's `_id`: one creates, the other
 *   compares and updates.
 * Work is done in rounds over the whole batch (a few queries per round, not per note); an input
 * that lost a race goes to the next round.
 */
export class SourcedNoteStore {
  constructor(
    private readonly notes: Model<StoredNote>,
    private readonly keys: Model<NoteKey>,
    private readonly server: DatabaseServer,
    /** The note collection's write queue: updates queue with deletes, as every note write does. */
    private readonly writes: KeyedQueue,
    private readonly queueKey: string,
  ) {}

  async upsert(inputs: readonly SourcedNoteInput[], at: Date): Promise<UpsertReport> {
    const report = emptyUpsertReport();
    let pending: Pending[] = inputs.map((input, index) => ({ index, input, key: sourceKey(input.source, input.externalId), attempt: 0, tries: 0 }));
    while (pending.length) {
      // The same key twice in one call: the later input waits for a later round, so it updates
      // what the earlier one wrote instead of racing it.
      const seen = new Set<string>();
      const now: Pending[] = [];
      const later: Pending[] = [];
      for (const item of pending) {
        (seen.has(item.key) ? later : now).push(item);
        seen.add(item.key);
      }
      const lost = await this.round(now, at, report);
      for (const item of lost) {
        item.tries += 1;
        if (item.tries > MAX_TRIES) throw new Error(`The note ${item.key} could not be stored: it kept losing races with other writers.`);
      }
      pending = [...lost, ...later].sort((a, b) => a.index - b.index);
    }
    return report;
  }

  async findBySource(source: NoteSource, externalId: string): Promise<Note | null> {
    const key = await this.keys.collection.findOne({ _id: sourceKey(source, externalId) } as never);
    if (!key) return null;
    const doc = await this.notes.collection.findOne({ _id: (key as unknown as NoteKey).noteId } as never);
    const note = doc ? toNote(doc as unknown as StoredNote) : null;
    return note && holdsKey(note, { source, externalId }) ? note : null;
  }

  /**
   * One round; returns the inputs that lost a race and must be tried again. Each key is first
   * claimed for its candidate id, all in one insert (a first import does nothing else but insert
   * the notes). A key that exists already is looked for at its candidate id, where its note nearly
   * always is (a repeated import reads nothing else); only a candidate held by another key's
   * note, or by none, asks the key document where the note is. Lookups are by `_id` only: on
   * FerretDB about 6 ms each, where an `$in` scans the whole collection.
   */
  private async round(items: Pending[], at: Date, report: UpsertReport): Promise<Pending[]> {
    const lost: Pending[] = [];
    const toInsert: Placed[] = [];
    const toUpdate: (Placed & { fields: Partial<Note> })[] = [];
    const settle = (item: Pending, id: string, note: Note) => {
      const change = sourcedChange(note, item.input, at);
      if (change.status === 'updated') toUpdate.push({ item, id, fields: change.fields });
      else tally(report, item.index, id, change.status);
    };
    const candidateOf = (item: Pending) => sourcedNoteId(item.key, item.attempt);
    const known: Pending[] = [];
    toInsert.push(...(await this.claimKeys(items, at, known)));
    const atCandidate = await this.lookup(this.notes, known.map(candidateOf));
    const resolve: Pending[] = [];
    for (const item of known) {
      const doc = atCandidate.get(candidateOf(item));
      if (doc && holdsKey(toDomain(doc), item.input)) settle(item, doc._id, toDomain(doc));
      else resolve.push(item);
    }
    if (resolve.length) {
      const keyDocs = await this.lookup(this.keys, resolve.map((item) => item.key));
      const pointedAway = resolve.filter((item) => keyDocs.get(item.key) && keyDocs.get(item.key)!.noteId !== candidateOf(item));
      const elsewhere = await this.lookup(this.notes, pointedAway.map((item) => keyDocs.get(item.key)!.noteId));
      for (const item of resolve) {
        const key = keyDocs.get(item.key);
        const candidateTaken = atCandidate.has(candidateOf(item));
        if (!key) {
          // No key yet, and another key's note holds the candidate: the next candidate is this key's.
          if (candidateTaken) item.attempt += 1;
          lost.push(item);
          continue;
        }
        const doc = key.noteId === candidateOf(item) ? atCandidate.get(key.noteId) : elsewhere.get(key.noteId);
        if (!doc) toInsert.push({ item, id: key.noteId });
        else if (holdsKey(toDomain(doc), item.input)) settle(item, key.noteId, toDomain(doc));
        else {
          // A stale key: it names a note of another key. Remove it (only if it still says so) and move on.
          await this.keys.collection.deleteOne({ _id: item.key, noteId: key.noteId } as never);
          item.attempt += 1;
          lost.push(item);
        }
      }
    }
    lost.push(...(await this.insertNotes(toInsert, at, report)));
    lost.push(...(await this.updateNotes(toUpdate, at, report)));
    return lost;
  }

  /** Claims the keys of inputs, each for its candidate id; an input whose key exists already goes to `taken`. */
  private async claimKeys(items: Pending[], at: Date, taken: Pending[]): Promise<Placed[]> {
    const docs = items.map((item) => ({ _id: item.key, noteId: sourcedNoteId(item.key, item.attempt), at }));
    const failed = await insertAllowingDuplicates(this.keys, docs);
    const won: Placed[] = [];
    items.forEach((item, i) => {
      if (failed.has(i)) taken.push(item);
      else won.push({ item, id: docs[i].noteId });
    });
    return won;
  }

  private async insertNotes(batch: { item: Pending; id: string }[], at: Date, report: UpsertReport): Promise<Pending[]> {
    const docs = batch.map(({ item, id }) => ({ _id: id, ...sourcedNote(item.input, id, at) }));
    const failed = await insertAllowingDuplicates(this.notes, docs);
    const lost: Pending[] = [];
    batch.forEach(({ item, id }, i) => {
      if (failed.has(i)) lost.push(item);
      else tally(report, item.index, id, 'created');
    });
    return lost;
  }

  /**
   * Changes live notes only (`deletedAt: null` in each filter), in one statement under the note
   * write queue. A note deleted meanwhile is not matched: it goes round again and is found in the trash.
   */
  private async updateNotes(batch: { item: Pending; id: string; fields: Partial<Note> }[], at: Date, report: UpsertReport): Promise<Pending[]> {
    if (!batch.length) return [];
    const ops = batch.map(({ id, fields }) => ({ updateOne: { filter: { _id: id, deletedAt: null }, update: { $set: fields } } }));
    const result = await this.writes.run(this.queueKey, () => this.notes.bulkWrite(ops as AnyBulkWriteOperation<StoredNote>[], { ordered: false }));
    let changed = new Set(batch.map(({ id }) => id));
    if (result.matchedCount < batch.length) {
      const after = await this.lookup(this.notes, batch.map(({ id }) => id));
      changed = new Set([...after.values()].filter((doc) => !doc.deletedAt && doc.updatedAt.getTime() === at.getTime()).map((doc) => doc._id));
    }
    const lost: Pending[] = [];
    for (const { item, id } of batch) {
      if (changed.has(id)) tally(report, item.index, id, 'updated');
      else lost.push(item);
    }
    return lost;
  }

  /**
   * Documents by `_id`. On FerretDB one lookup each (the only filter its SQLite backend serves from
   * an index; an `$in` scans the collection), on MongoDB one `$in` per call.
   */
  private async lookup<T extends { _id: string }>(model: Model<T>, ids: string[]): Promise<Map<string, T>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    let docs: T[];
    if (this.server.atomicConditionalUpdates) {
      docs = (await model.collection.find({ _id: { $in: unique } } as never).toArray()) as unknown as T[];
    } else {
      const found = await Promise.all(unique.map((id) => model.collection.findOne({ _id: id } as never)));
      docs = found.filter((doc) => doc !== null) as unknown as T[];
    }
    return new Map(docs.map((doc) => [doc._id, doc]));
  }
}

/** Inserts what it can; returns the positions refused as duplicates. Any other failure is thrown. */
async function insertAllowingDuplicates(model: Model<never> | Model<NoteKey> | Model<StoredNote>, docs: object[]): Promise<Set<number>> {
  if (!docs.length) return new Set();
  try {
    await model.collection.insertMany(docs.map((doc) => withoutUndefined(doc)) as never[], { ordered: false });
    return new Set();
  } catch (error) {
    const writeErrors = (error as { writeErrors?: { index: number; code?: number }[] | { index: number; code?: number } }).writeErrors;
    const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
    if (!list.length || list.some((e) => !isDuplicateKey(e))) throw error;
    return new Set(list.map((e) => e.index));
  }
}
