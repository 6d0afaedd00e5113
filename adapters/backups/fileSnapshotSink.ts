import path from 'node:path';
import type { Note } from '../../src/domain/note.js';
import type { Clock, SnapshotInfo, SnapshotSink } from '../../src/ports/system.js';
import { writeJsonAtomic, writeNdjsonGzip, type BackupLine } from './ndjsonGzip.js';

export const BACKUP_SCHEMA_VERSION = 1;

/**
 * Pre-delete snapshots: the before-image of every note a bulk plan deletes, written as a backup
 * of kind `pre-delete` (same file format and manifest as scheduled backups) before the plan
 * deletes anything.
 */
export class FileSnapshotSink implements SnapshotSink {
  constructor(
    private readonly backupDir: string,
    private readonly clock: Clock,
  ) {}

  async writeSnapshot(planId: string, notes: AsyncIterable<Note>): Promise<SnapshotInfo> {
    const startedAt = this.clock.now();
    const id = `pre-delete-${stamp(startedAt)}-${planId}`;
    async function* lines(): AsyncIterable<BackupLine> {
      for await (const note of notes) yield { c: 'notes', d: note };
    }
    const written = await writeNdjsonGzip(path.join(this.backupDir, `${id}.ndjson.gz`), lines());
    const finishedAt = this.clock.now();
    await writeJsonAtomic(path.join(this.backupDir, `${id}.json`), {
      id,
      kind: 'pre-delete',
      planId,
      startedAt,
      finishedAt,
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      counts: { notes: written.counts.notes ?? 0 },
      bytes: written.bytes,
      sha256: written.sha256,
      schemaVersion: BACKUP_SCHEMA_VERSION,
    });
    return { id, noteCount: written.counts.notes ?? 0, bytes: written.bytes, sha256: written.sha256 };
  }
}

/** Sortable and file-name safe: 20261129T113200Z. */
export const stamp = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
