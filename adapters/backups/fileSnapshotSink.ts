import path from 'node:path';
import type { Note } from '../../src/domain/note.js';
import type { BackupSummary } from '../../src/ports/backups.js';
import type { Clock, SnapshotInfo, SnapshotSink } from '../../src/ports/system.js';
import { writeJsonAtomic, writeNdjsonGzip, type BackupLine } from './ndjsonGzip.js';
import { verifyBackupFile } from './reader.js';

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
    const dataPath = path.join(this.backupDir, `${id}.ndjson.gz`);
    const written = await writeNdjsonGzip(dataPath, lines());
    const finishedAt = this.clock.now();
    const manifest: BackupSummary = {
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
    };
    // Re-read before the plan deletes anything: a snapshot that does not verify stops the plan.
    const verdict = await verifyBackupFile(dataPath, manifest);
    await writeJsonAtomic(path.join(this.backupDir, `${id}.json`), {
      ...manifest,
      verification: { ok: verdict.ok, at: this.clock.now(), ...(verdict.problem ? { problem: verdict.problem } : {}) },
    });
    // A log line for operators (the plan fails with it): the problem's code and fields, as data.
    if (!verdict.ok) throw new Error(`pre-delete snapshot ${id} does not verify: ${JSON.stringify(verdict.problem)}`);
    return { id, noteCount: written.counts.notes ?? 0, bytes: written.bytes, sha256: written.sha256 };
  }
}

/** Sortable and file-name safe: 20261129T113200Z. */
export const stamp = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
