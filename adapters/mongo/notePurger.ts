import type { Model } from 'mongoose';
import type { Note } from '../../src/domain/note.js';
import type { NoteEffect } from '../../src/domain/noteEffect.js';
import type { NotePurger } from '../../src/ports/backups.js';
import { MONGODB, type DatabaseServer } from './connection.js';
import { type StoredNote } from './models.js';
import { writeQueue, type KeyedQueue } from './documents.js';
import { pendingEffectSet, toNote } from './noteEffects.js';
import { NOTE_WRITES } from './noteRepository.js';

const sameTime = (a: Date | null | undefined, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

/**
 * Hard deletion for the purge job, on the notes collection. Kept out of the NoteRepository port
 * on purpose: nothing but the purge (after checking a verified backup) may remove a note. The
 * mark is the top-level field `purging` (the purge's key) beside the note's pending `purge` effect
 * (adapters/mongo/noteEffects.ts), so the reconciler finds a cut-off purge with the other effects
 * through `effectsDue`, and every restore refuses a marked note with one more equality condition.
 */
export class MongoNotePurger implements NotePurger {
  private readonly writes: KeyedQueue;

  constructor(
    private readonly notes: Model<StoredNote>,
    private readonly server: DatabaseServer = MONGODB,
  ) {
    this.writes = writeQueue(notes);
  }

  async listExpired(cutoff: Date, afterId: string | null, limit: number): Promise<Note[]> {
    const filter: Record<string, unknown> = { deletedAt: { $ne: null, $lt: cutoff } };
    // Notes are keyed `_id` = id (models.ts): the primary key orders and resumes the walk.
    if (afterId !== null) filter._id = { $gt: afterId };
    const docs = await this.notes.collection.find(filter as never).sort({ _id: 1 }).limit(limit).toArray();
    return docs.map((doc) => toNote(doc as unknown as StoredNote));
  }

  async markPurging(note: Note, effect: NoteEffect): Promise<boolean> {
    if (effect.change !== 'purge') throw new Error(`a purge mark carries a purge effect, not "${effect.change}"`);
    const mark = { $set: { purging: effect.key, ...pendingEffectSet(effect) } };
    const raw = this.notes.collection;
    return this.writes.run(NOTE_WRITES, async () => {
      if (this.server.atomicConditionalUpdates) {
        // Compare-and-set: still trashed exactly as listed, owing nothing, marked by no one.
        const unchanged = { _id: note.id, deletedAt: note.deletedAt, updatedAt: note.updatedAt, purging: { $exists: false }, effectsDue: { $exists: false } };
        return (await raw.updateOne(unchanged as never, mark)).modifiedCount === 1;
      }
      // FerretDB: read by `_id`, check, write by `_id`, under the write queue like every note write here.
      const current = (await raw.findOne({ _id: note.id } as never)) as unknown as StoredNote | null;
      const holds =
        current !== null &&
        current.deletedAt !== null &&
        sameTime(current.deletedAt, note.deletedAt) &&
        sameTime(current.updatedAt, note.updatedAt) &&
        current.purging === undefined &&
        current.effectsDue === undefined;
      if (!holds) return false;
      await raw.updateOne({ _id: note.id } as never, mark);
      return true;
    });
  }

  async removePurged(noteId: string, key: string): Promise<boolean> {
    // Only the note carrying this very mark: a note never marked, or gone already, stays as it is.
    const result = await this.writes.run(NOTE_WRITES, () => this.notes.collection.deleteOne({ _id: noteId, purging: key } as never));
    return result.deletedCount === 1;
  }
}
