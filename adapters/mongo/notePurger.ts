import type { Model } from 'mongoose';
import type { Note } from '../../src/domain/note.js';
import type { NotePurger } from '../../src/ports/backups.js';
import { writeQueue, type KeyedQueue, type StoredNote } from './models.js';
import { toNote } from './noteEffects.js';
import { NOTE_WRITES } from './noteRepository.js';

/**
 * Hard deletion for the purge job, on the notes collection. Kept out of the NoteRepository port
 * on purpose: nothing but the purge (after checking a verified backup) may remove a note.
 */
export class MongoNotePurger implements NotePurger {
  private readonly writes: KeyedQueue;

  constructor(private readonly notes: Model<StoredNote>) {
    this.writes = writeQueue(notes);
  }

  async listExpired(cutoff: Date, afterId: string | null, limit: number): Promise<Note[]> {
    const filter: Record<string, unknown> = { deletedAt: { $ne: null, $lt: cutoff } };
    // Notes are keyed `_id` = id (models.ts): the primary key orders and resumes the walk.
    if (afterId !== null) filter._id = { $gt: afterId };
    const docs = await this.notes.collection.find(filter as never).sort({ _id: 1 }).limit(limit).toArray();
    return docs.map((doc) => toNote(doc as unknown as StoredNote));
  }

  async hardDelete(note: Note): Promise<boolean> {
    // Compare-and-set: a note restored (or deleted again) since it was listed stays.
    const result = await this.writes.run(NOTE_WRITES, () =>
      this.notes.collection.deleteOne({ _id: note.id, deletedAt: note.deletedAt, updatedAt: note.updatedAt } as never),
    );
    return result.deletedCount === 1;
  }
}
