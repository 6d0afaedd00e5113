import type { Model } from 'mongoose';
import type { Note } from '../../src/domain/note.js';
import { inChangeOrder, type NoteEffect, type PendingNoteEffects } from '../../src/domain/noteEffect.js';
import type { DatabaseServer } from './connection.js';
import { type StoredNote } from './models.js';
import { toDomain, withoutUndefined, type KeyedQueue } from './documents.js';

/**
 * The write-ahead effects of single-note changes (src/domain/noteEffect.ts), stored on the note
 * itself so that the change and its effect are one atomic update on any server:
 *
 *   pendingEffects: { <effect key>: NoteEffect, ... }   one field per change not carried out yet
 *   effectsDue: 'due'                                   while there is any (absent otherwise)
 *
 * A map keyed by the effect's key rather than an array: adding is a `$set` and removing an
 * `$unset` of one dotted path, which FerretDB 1.24 does like MongoDB (its `$pull` matches whole
 * values only). `effectsDue` is a top-level string so that finding the notes that owe something is
 * an indexed equality on MongoDB and is pushed down to SQLite by the development database
 * (devdb/ferretdb-patches.json, equalityTerms): no scan of the notes, however many there are.
 */
export const EFFECTS_DUE = 'due';

export interface StoredEffects {
  pendingEffects?: Record<string, NoteEffect>;
  effectsDue?: string;
}

/** A generated key is a field name here: it may hold neither a dot nor a leading `$`. */
const FIELD_SAFE_KEY = /^[A-Za-z0-9_-]{1,64}$/;

/** The `$set` that stores `effect` as pending, to send with the change it belongs to. */
export function pendingEffectSet(effect: NoteEffect): Record<string, unknown> {
  if (!FIELD_SAFE_KEY.test(effect.key)) throw new Error(`note effect key "${effect.key}" cannot name a field`);
  return { [`pendingEffects.${effect.key}`]: withoutUndefined(effect), effectsDue: EFFECTS_DUE };
}

/** The note as the domain knows it: without Mongo's `_id`, the pending effects and the purge mark. */
export function toNote(doc: StoredNote): Note {
  const { pendingEffects: _pending, effectsDue: _due, purging: _purging, ...note } = toDomain(doc);
  return note;
}

/**
 * The condition every restore adds: the note is not being purged. Once the purge has marked a
 * note its audit may already say "purged", so the purge wins and the note stays in the trash.
 */
export const NOT_PURGING = { purging: { $exists: false } };

const effectsOf = (doc: StoredEffects): NoteEffect[] => inChangeOrder(Object.values(doc.pendingEffects ?? {}));

const CLEARED = { $unset: { pendingEffects: '', effectsDue: '' } };

/** Lists and settles pending effects; writes queue behind the repository's other note writes. */
export class PendingEffectStore {
  constructor(
    private readonly notes: Model<StoredNote>,
    private readonly writes: KeyedQueue,
    private readonly queueKey: string,
    private readonly server: DatabaseServer,
  ) {}

  async list(afterId: string | null, limit: number): Promise<PendingNoteEffects[]> {
    if (limit <= 0) return [];
    const filter = { effectsDue: EFFECTS_DUE, ...(afterId === null ? {} : { _id: { $gt: afterId } }) };
    const docs = await this.notes.collection.find(filter as never).sort({ _id: 1 }).limit(limit).toArray();
    const found: PendingNoteEffects[] = [];
    for (const doc of docs as unknown as StoredNote[]) {
      const effects = effectsOf(doc);
      // A flag left behind by a crash between removing the last effect and the flag: tidy it.
      if (effects.length === 0) await this.clearFlagIfEmpty(doc._id);
      else found.push({ note: toNote(doc), effects });
    }
    return found;
  }

  async settle(noteId: string, key: string): Promise<void> {
    const path = `pendingEffects.${key}`;
    await this.writes.run(this.queueKey, async () => {
      const raw = this.notes.collection;
      if (this.server.atomicConditionalUpdates) {
        const after = await raw.findOneAndUpdate({ _id: noteId, [path]: { $exists: true } } as never, { $unset: { [path]: '' } }, { returnDocument: 'after' });
        if (after && effectsOf(after as unknown as StoredEffects).length === 0) {
          // Conditional: an effect added in between keeps the flag.
          await raw.updateOne({ _id: noteId, pendingEffects: {} } as never, CLEARED);
        }
        return;
      }
      const current = (await raw.findOne({ _id: noteId } as never)) as unknown as (StoredNote & StoredEffects) | null;
      if (!current?.pendingEffects?.[key]) return;
      const others = Object.keys(current.pendingEffects).filter((k) => k !== key);
      await raw.updateOne({ _id: noteId } as never, others.length ? { $unset: { [path]: '' } } : CLEARED);
    });
  }

  private async clearFlagIfEmpty(noteId: string): Promise<void> {
    await this.writes.run(this.queueKey, async () => {
      const raw = this.notes.collection;
      if (this.server.atomicConditionalUpdates) {
        await raw.updateOne({ _id: noteId, pendingEffects: {} } as never, CLEARED);
        return;
      }
      const current = (await raw.findOne({ _id: noteId } as never)) as unknown as StoredEffects | null;
      if (current && effectsOf(current).length === 0) await raw.updateOne({ _id: noteId } as never, CLEARED);
    });
  }
}
