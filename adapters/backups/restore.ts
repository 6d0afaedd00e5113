import type { BackupRestoreScope } from '../../src/domain/confirmation.js';
import { NotesError } from '../../src/domain/errors.js';
import type { Note } from '../../src/domain/note.js';
import type { BackupProblem, BackupSummary, BackupVerdict, NoteRestorer, RestoreFreeze } from '../../src/ports/backups.js';
import { judge, problemParams, readBackupLines, readProblem, toNote, type FileTally } from './reader.js';

/** Notes compared with the database per query while freezing a restore. */
const SCAN_BATCH = 500;

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
 * Walks the notes of a (verified) backup file in scope and compares each with the database:
 * missing now (restored as backed up, into the trash if it was deleted then), or soft-deleted now
 * while the backup has it live -> a candidate; live now -> left alone, whatever its age;
 * soft-deleted now and in the backup too -> left alone. Changes nothing. Only notes
 * are restored: roles and the audit log are not rolled back by a chat command (the drill
 * restores them into a scratch database).
 */
export async function freezeRestoreFromFile(
  file: string,
  manifest: BackupSummary,
  scope: BackupRestoreScope,
  notes: NoteRestorer,
): Promise<RestoreFreeze> {
  const freeze: RestoreFreeze = { inScope: 0, candidateIds: [], skippedLive: 0, skippedStillDeleted: 0 };
  async function compare(batch: Note[]) {
    if (batch.length === 0) return;
    const deletedAtById = await notes.states(batch.map((n) => n.id));
    for (const note of batch) {
      if (!deletedAtById.has(note.id)) freeze.candidateIds.push(note.id);
      else if (deletedAtById.get(note.id) === null) freeze.skippedLive += 1;
      else if (note.deletedAt !== null) freeze.skippedStillDeleted += 1;
      else freeze.candidateIds.push(note.id);
    }
  }
  const tally: FileTally = { bytes: 0, sha256: '', counts: {} };
  let batch: Note[] = [];
  for await (const line of readBackupLines(file, tally)) {
    if (line.c !== 'notes') continue;
    const note = toNote(line.d);
    if (!inScope(note, scope, manifest)) continue;
    freeze.inScope += 1;
    batch.push(note);
    if (batch.length >= SCAN_BATCH) {
      await compare(batch);
      batch = [];
    }
  }
  await compare(batch);
  return freeze;
}

/**
 * One batch of a frozen restore. Reads the whole file, keeping the batch's notes, and acts only
 * if that read verifies against the manifest (sha256 and counts): a file changed since the
 * freeze restores nothing. Then each note missing now is inserted as backed up, each soft-deleted
 * now that the backup has live is replaced by the backed-up note (only while still deleted), a
 * live note is left alone; every note restored gets `updatedAt = stamp`. Returns the batch's ids carrying the stamp.
 */
export async function restoreBatchFromFile(
  file: string,
  manifest: BackupSummary,
  ids: readonly string[],
  notes: NoteRestorer,
  stamp: Date,
  recordVerdict: (verdict: BackupVerdict) => Promise<void>,
): Promise<string[]> {
  if (ids.length === 0) return [];
  const wanted = new Set(ids);
  const found: Note[] = [];
  const tally: FileTally = { bytes: 0, sha256: '', counts: {} };
  let readError: BackupProblem | null = null;
  try {
    for await (const line of readBackupLines(file, tally)) {
      if (line.c !== 'notes' || !wanted.has((line.d as { id?: string }).id ?? '')) continue;
      found.push({ ...toNote(line.d), updatedAt: stamp });
    }
  } catch (error) {
    readError = readProblem(error);
  }
  const verdict = judge(manifest, readError ? null : tally, readError);
  if (!verdict.ok) {
    await recordVerdict(verdict);
    throw new NotesError('BackupInvalid', 'backupStoppedBatch', { backupId: manifest.id, ...problemParams(verdict.problem) });
  }
  const deletedAtById = await notes.states(found.map((n) => n.id));
  const deletedNow = (note: Note) => (deletedAtById.get(note.id) ?? null) !== null;
  await notes.insertMissing(found.filter((note) => !deletedAtById.has(note.id)));
  await notes.reviveDeleted(found.filter((note) => note.deletedAt === null && deletedNow(note)));
  // The stamp, not what this call wrote, says what was restored: a batch re-run after a crash
  // finds the notes the first run restored already live, and must still count them.
  return notes.stampedIds(ids, stamp);
}
