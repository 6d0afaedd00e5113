import type { Model } from 'mongoose';
import type { Note } from '../../src/domain/note.js';
import type { NoteRestorer } from '../../src/ports/backups.js';
import { idSetFilter } from './idSetFilter.js';
import { type StoredNote } from './models.js';
import { withoutUndefined, writeQueue, type KeyedQueue } from './documents.js';
import { NOT_PURGING } from './noteEffects.js';
import { NOTE_WRITES } from './noteRepository.js';

const DUPLICATE_KEY = 11000;

/**
 * The restore-from-backup side of the notes collection (the same collection and write queue as
 * MongoNoteRepository). Notes are keyed `_id` = id, so a restored note is too, and a note that
 * reappeared meanwhile refuses the insert atomically on every server.
 */
export class MongoNoteRestorer implements NoteRestorer {
  private readonly writes: KeyedQueue;

  constructor(private readonly notes: Model<StoredNote>) {
    this.writes = writeQueue(notes);
  }

  async states(ids: readonly string[]): Promise<Map<string, Date | null>> {
    if (ids.length === 0) return new Map();
    const found = await this.notes.collection.find(idSetFilter(ids, '_id') as never, { projection: { _id: 0, id: 1, deletedAt: 1 } }).toArray();
    return new Map(found.map((doc) => [String(doc.id), (doc.deletedAt as Date | null) ?? null]));
  }

  async insertMissing(notes: readonly Note[]): Promise<void> {
    if (notes.length === 0) return;
    try {
      // Unordered: a taken id (someone added or restored that note meanwhile) stops no other insert.
      await this.notes.collection.insertMany(notes.map((note) => withoutUndefined({ _id: note.id, ...note })) as never[], { ordered: false });
    } catch (error) {
      const found = (error as { writeErrors?: unknown }).writeErrors;
      const writeErrors = (Array.isArray(found) ? found : found ? [found] : []) as Array<{ code: unknown }>;
      if (writeErrors.length === 0 || writeErrors.some((e) => e.code !== DUPLICATE_KEY)) throw error;
    }
  }

  async reviveDeleted(notes: readonly Note[]): Promise<void> {
    // Under the write queue, like the repository's restores: on FerretDB a conditional write is
    // "read, then write by _id", so this process must not interleave its own writes in between.
    await this.writes.run(NOTE_WRITES, async () => {
      for (const note of notes) {
        await this.notes.collection.replaceOne({ _id: note.id, deletedAt: { $ne: null }, ...NOT_PURGING } as never, withoutUndefined({ ...note }) as never);
      }
    });
  }

  async stampedIds(ids: readonly string[], stamp: Date): Promise<string[]> {
    if (ids.length === 0) return [];
    const found = await this.notes.collection.find({ updatedAt: stamp, ...idSetFilter(ids, '_id') } as never, { projection: { _id: 0, id: 1 } }).toArray();
    return found.map((doc) => String(doc.id));
  }
}
