import type { NoteRestorer, RotationResult } from '../../src/ports/backups.js';
import type { BackupCatalog } from './catalog.js';
import { readBackupLines, type FileTally } from './reader.js';

export type { RotationResult } from '../../src/ports/backups.js';

const CHUNK = 1000;
const DAY_MS = 86_400_000;

/**
 * Retention (DESIGN.md section 8): the newest `keep` scheduled backups stay; a pre-delete snapshot
 * stays until none of its notes exists any more (all purged). Manual backups are an admin's
 * explicit choice and are not rotated. A snapshot that cannot be read is kept, never guessed at.
 */
export async function rotateBackups(
  catalog: BackupCatalog,
  notes: NoteRestorer,
  keep: number,
  now: Date,
): Promise<RotationResult> {
  const result: RotationResult = { removed: [], stalePartials: await catalog.removeStalePartials(now, DAY_MS) };
  const all = await catalog.list();
  const scheduled = all.filter((b) => b.kind === 'scheduled');
  for (const old of scheduled.slice(keep)) {
    await catalog.remove(old.id);
    result.removed.push({ id: old.id, kind: old.kind, reason: 'beyond-keep', keep });
  }
  for (const snapshot of all.filter((b) => b.kind === 'pre-delete')) {
    if (await anyNoteStillExists(catalog.dataPath(snapshot.id), notes)) continue;
    await catalog.remove(snapshot.id);
    result.removed.push({ id: snapshot.id, kind: snapshot.kind, reason: 'all-purged' });
  }
  return result;
}

async function anyNoteStillExists(file: string, notes: NoteRestorer): Promise<boolean> {
  const tally: FileTally = { bytes: 0, sha256: '', counts: {} };
  let ids: string[] = [];
  // Live or in the trash, a note that is stored at all still needs the snapshot.
  const exists = async () => ids.length > 0 && (await notes.states(ids)).size > 0;
  try {
    for await (const line of readBackupLines(file, tally)) {
      const id = (line.d as { id?: unknown }).id;
      if (line.c !== 'notes' || typeof id !== 'string') continue;
      ids.push(id);
      if (ids.length >= CHUNK) {
        if (await exists()) return true;
        ids = [];
      }
    }
  } catch {
    return true;
  }
  return exists();
}
