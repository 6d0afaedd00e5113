import type { Collection, Document } from 'mongodb';
import type { BackupRestoreScope } from '../../src/domain/confirmation.js';
import type { Note } from '../../src/domain/note.js';
import { RESTORED_IDS_LIMIT, type BackupSummary } from '../../src/ports/backups.js';
import { readBackupLines, toNote, type FileTally } from './reader.js';

const BATCH = 500;

export interface RestoreTally {
  inScope: number;
  restored: number;
  skippedLive: number;
  skippedStillDeleted: number;
  restoredIds: string[];
}

export function inScope(note: Note, scope: BackupRestoreScope, manifest: BackupSummary): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'note':
      return note.id === scope.id;
    case 'record':
      return note.recordId === scope.id;
    case 'plan':
      // A pre-delete snapshot of the plan holds its notes as they were, before the plan marked them.
      return note.deletionPlanId === scope.id || (manifest.kind === 'pre-delete' && manifest.planId === scope.id);
  }
}

/**
 * Walks the notes of a (verified) backup file in scope, in batches, and compares each with the
 * database: missing -> inserted exactly as backed up; soft-deleted now while the backup has it
 * live -> replaced by the backed-up live note (compare-and-set on "still deleted"); live now ->
 * left alone, whatever its age; deleted in the backup too -> left alone. With `apply: false` it
 * only counts. Only notes are restored: roles and the audit log are not rolled back by a chat
 * command (the drill restores them into a scratch database).
 */
export async function restoreNotesFromFile(
  file: string,
  manifest: BackupSummary,
  scope: BackupRestoreScope,
  notes: Collection<Document>,
  apply: boolean,
): Promise<RestoreTally> {
  const tally: RestoreTally = { inScope: 0, restored: 0, skippedLive: 0, skippedStillDeleted: 0, restoredIds: [] };
  const restoredOne = (id: string) => {
    tally.restored += 1;
    if (tally.restoredIds.length < RESTORED_IDS_LIMIT) tally.restoredIds.push(id);
  };

  async function flush(batch: Note[]) {
    if (batch.length === 0) return;
    const current = await notes
      .find({ _id: { $in: batch.map((n) => n.id) } } as Document, { projection: { _id: 0, id: 1, deletedAt: 1 } })
      .toArray();
    const deletedAtById = new Map(current.map((doc) => [String(doc.id), doc.deletedAt as Date | null]));
    const missing: Note[] = [];
    const revive: Note[] = [];
    for (const note of batch) {
      if (!deletedAtById.has(note.id)) missing.push(note);
      else if (deletedAtById.get(note.id) === null) tally.skippedLive += 1;
      else if (note.deletedAt !== null) tally.skippedStillDeleted += 1;
      else revive.push(note);
    }
    if (!apply) {
      tally.restored += missing.length + revive.length;
      return;
    }
    const refused = await insertAllowingDuplicates(notes, missing);
    missing.forEach((note, index) => (refused.has(index) ? (tally.skippedLive += 1) : restoredOne(note.id)));
    for (const note of revive) {
      const result = await notes.replaceOne({ _id: note.id, deletedAt: { $ne: null } } as Document, { ...note });
      if (result.matchedCount === 1) restoredOne(note.id);
      else tally.skippedLive += 1;
    }
  }

  const fileTally: FileTally = { bytes: 0, sha256: '', counts: {} };
  let batch: Note[] = [];
  for await (const line of readBackupLines(file, fileTally)) {
    if (line.c !== 'notes') continue;
    const note = toNote(line.d);
    if (!inScope(note, scope, manifest)) continue;
    tally.inScope += 1;
    batch.push(note);
    if (batch.length >= BATCH) {
      await flush(batch);
      batch = [];
    }
  }
  await flush(batch);
  return tally;
}

/**
 * Inserts the notes unordered; a duplicate id means someone added or restored that note
 * meanwhile (it is live now, so it is left alone). Returns the indexes that were refused.
 */
async function insertAllowingDuplicates(notes: Collection<Document>, batch: Note[]): Promise<Set<number>> {
  if (batch.length === 0) return new Set();
  try {
    // Notes are keyed by their own id (adapters/mongo/models.ts): a restored note must be too.
    await notes.insertMany(
      batch.map((note) => ({ ...note, _id: note.id }) as Document),
      { ordered: false },
    );
    return new Set();
  } catch (error) {
    const found = (error as { writeErrors?: unknown }).writeErrors;
    const writeErrors = (Array.isArray(found) ? found : found ? [found] : []) as Array<{ index: number; code: unknown }>;
    if (writeErrors.length === 0 || writeErrors.some((e) => e.code !== 11000)) throw error;
    return new Set(writeErrors.map((e) => e.index));
  }
}
