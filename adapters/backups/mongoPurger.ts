import type { Collection, Document } from 'mongodb';
import type { Note } from '../../src/domain/note.js';
import type { NotePurger } from '../../src/ports/backups.js';
import { noteLineSchema } from './reader.js';

/**
 * Hard deletion for the purge job, on the raw notes collection. Kept out of the NoteRepository
 * port on purpose: nothing but the purge (after checking a verified backup) may remove a note.
 */
export class MongoNotePurger implements NotePurger {
  constructor(private readonly notes: Collection<Document>) {}

  async listExpired(cutoff: Date, afterId: string | null, limit: number): Promise<Note[]> {
    const filter: Document = { deletedAt: { $ne: null, $lt: cutoff } };
    // Notes are keyed `_id` = id (adapters/mongo/models.ts): the primary key orders and resumes the walk.
    if (afterId !== null) filter._id = { $gt: afterId };
    const docs = await this.notes.find(filter, { projection: { _id: 0 } }).sort({ _id: 1 }).limit(limit).toArray();
    return docs.map((doc) => noteLineSchema.parse(doc));
  }

  async hardDelete(note: Note): Promise<boolean> {
    // Compare-and-set: a note restored (or deleted again) since it was listed stays.
    const result = await this.notes.deleteOne({ _id: note.id, deletedAt: note.deletedAt, updatedAt: note.updatedAt } as Document);
    return result.deletedCount === 1;
  }
}
