import { randomBytes } from 'node:crypto';
import type { NoteRepository } from '../../src/ports/notes.js';
import type { AuditLog, RoleRepository } from '../../src/ports/stores.js';
import type { BackupSummary } from '../../src/ports/backups.js';
import type { Clock } from '../../src/ports/system.js';
import type { BackupCatalog } from './catalog.js';
import { BACKUP_SCHEMA_VERSION, stamp } from './fileSnapshotSink.js';
import { writeNdjsonGzip, type BackupLine } from './ndjsonGzip.js';
import { verifyBackupFile } from './reader.js';

export interface ExportSources {
  notes: Pick<NoteRepository, 'streamAll'>;
  roles: Pick<RoleRepository, 'list'>;
  audit: Pick<AuditLog, 'streamAll'>;
}

/** The collections a full backup holds, in file order. */
export const BACKUP_COLLECTIONS = ['roles', 'notes', 'audit'] as const;

async function* backupLines(sources: ExportSources): AsyncIterable<BackupLine> {
  // Roles are a handful of documents; notes and audit are streamed from cursors.
  for (const role of await sources.roles.list()) yield { c: 'roles', d: role };
  for await (const note of sources.notes.streamAll()) yield { c: 'notes', d: note };
  for await (const entry of sources.audit.streamAll()) yield { c: 'audit', d: entry };
}

export const newBackupId = (kind: 'scheduled' | 'manual', at: Date) => `${kind}-${stamp(at)}-${randomBytes(3).toString('hex')}`;

/**
 * A full export: cursor -> NDJSON -> gzip -> `<id>.ndjson.gz` (temp name + rename), then the
 * manifest, then a re-read of the file so the manifest records a verification. The manifest is
 * written last: a crash before it leaves no backup that looks complete.
 */
export async function exportBackup(
  catalog: BackupCatalog,
  sources: ExportSources,
  clock: Clock,
  kind: 'scheduled' | 'manual',
): Promise<BackupSummary> {
  const startedAt = clock.now();
  const id = newBackupId(kind, startedAt);
  const written = await writeNdjsonGzip(catalog.dataPath(id), backupLines(sources));
  const finishedAt = clock.now();
  const counts: Record<string, number> = {};
  for (const name of BACKUP_COLLECTIONS) counts[name] = written.counts[name] ?? 0;
  const manifest: BackupSummary = {
    id,
    kind,
    startedAt,
    finishedAt,
    durationMs: finishedAt.getTime() - startedAt.getTime(),
    counts,
    bytes: written.bytes,
    sha256: written.sha256,
    schemaVersion: BACKUP_SCHEMA_VERSION,
  };
  const verdict = await verifyBackupFile(catalog.dataPath(id), manifest);
  const verified: BackupSummary = {
    ...manifest,
    verification: { ok: verdict.ok, at: clock.now(), ...(verdict.problem ? { problem: verdict.problem } : {}) },
  };
  await catalog.write(verified);
  return verified;
}
