import type { Model } from 'mongoose';
import { sourceKey } from '../../src/domain/sourcedNote.js';
import type { CrmNoteLinks, CrmSource } from '../../src/ports/crm.js';
import type { Logger } from '../../src/ports/system.js';
import { NOTE_WRITES } from '../mongo/noteRepository.js';
import { type NoteKey, type StoredNote } from '../mongo/models.js';
import { isDuplicateKey, writeQueue } from '../mongo/documents.js';

/**
 * `CrmNoteLinks` on the notes and their key documents (`note_keys`, see adapters/mongo/sourcedNotes.ts).
 * Two writes, each a compare-and-set by `_id`, in an order that repeats safely: the note first
 * (its id moves to `previousExternalIds` only while it still has that id), then the key. A crash
 * between them is repaired by the drain's reconciliation, which relinks again.
 */
export class MongoCrmNoteLinks implements CrmNoteLinks {
  constructor(
    private readonly notes: Model<StoredNote>,
    private readonly keys: Model<NoteKey>,
    private readonly logger: Logger,
  ) {}

  async relink(noteId: string, source: CrmSource, externalId: string, at: Date): Promise<boolean> {
    const doc = (await this.notes.collection.findOne({ _id: noteId } as never)) as StoredNote | null;
    if (!doc) return false;
    if (doc.externalId !== externalId) {
      const previous = doc.externalId ? [...(doc.previousExternalIds ?? []), doc.externalId] : (doc.previousExternalIds ?? []);
      await writeQueue(this.notes).run(NOTE_WRITES, () =>
        this.notes.collection.updateOne({ _id: noteId, externalId: doc.externalId ?? null } as never, { $set: { source, externalId, previousExternalIds: previous } }),
      );
    }
    await this.claimKey(source, externalId, noteId, at);
    return true;
  }

  /**
   * The key of the new id names the note. A pull that read the re-created note before this relink
   * has claimed that key for a copy of its own: the key is moved here (only while it still names
   * the copy) and the copy lets go of the CRM id (kept in its `previousExternalIds`), so later
   * pulls update the note people restored. The copy stays, for a person to delete, and is logged.
   */
  private async claimKey(source: CrmSource, externalId: string, noteId: string, at: Date): Promise<void> {
    const key = sourceKey(source, externalId);
    try {
      await this.keys.collection.insertOne({ _id: key, noteId, at } as never);
      return;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const existing = (await this.keys.collection.findOne({ _id: key } as never)) as NoteKey | null;
    if (!existing || existing.noteId === noteId) return;
    await this.keys.collection.updateOne({ _id: key, noteId: existing.noteId } as never, { $set: { noteId, at } });
    await writeQueue(this.notes).run(NOTE_WRITES, () =>
      this.notes.collection.updateOne({ _id: existing.noteId, source, externalId } as never, { $unset: { externalId: '' }, $push: { previousExternalIds: externalId } } as never),
    );
    this.logger.warn({ key, noteId, copy: existing.noteId }, 'CRM re-create: a pull had brought the new note in as a copy; the key now names the restored note');
  }
}
