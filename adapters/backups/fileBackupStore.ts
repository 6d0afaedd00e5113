import type { BackupRestoreScope } from '../../src/domain/confirmation.js';
import { NotesError } from '../../src/domain/errors.js';
import type { Note } from '../../src/domain/note.js';
import type { BackupProblem, BackupStore, BackupSummary, BackupVerdict, NoteRestorer, RestoreFreeze, RestorePlanCounts } from '../../src/ports/backups.js';
import type { Clock } from '../../src/ports/system.js';
import { noteContentHash } from '../../src/usecases/backups.js';
import type { BackupCatalog } from './catalog.js';
import { exportBackup, type ExportSources } from './exporter.js';
import { judge, problemParams, readBackupLines, readProblem, toNote, verifyBackupFile, type FileTally } from './reader.js';
import { freezeRestoreFromFile, restoreBatchFromFile } from './restore.js';

/**
 * BackupStore on files in BACKUP_DIR (see catalog.ts) and the NoteRestorer port. Every path that
 * trusts a file (restore, purge) re-reads it and checks its sha256 and counts first.
 */
export class FileBackupStore implements BackupStore {
  constructor(
    readonly catalog: BackupCatalog,
    private readonly sources: ExportSources,
    private readonly restorer: NoteRestorer,
    private readonly clock: Clock,
  ) {}

  create(kind: 'scheduled' | 'manual'): Promise<BackupSummary> {
    return exportBackup(this.catalog, this.sources, this.clock, kind);
  }

  list(): Promise<BackupSummary[]> {
    return this.catalog.list();
  }

  find(id: string): Promise<BackupSummary | null> {
    return this.catalog.find(id);
  }

  async verify(id: string): Promise<BackupVerdict> {
    const manifest = await this.requireManifest(id);
    const verdict = await verifyBackupFile(this.catalog.dataPath(id), manifest);
    await this.record(verdict);
    return verdict;
  }

  async planRestore(id: string, scope: BackupRestoreScope): Promise<RestorePlanCounts> {
    const freeze = await this.freezeRestore(id, scope);
    return { inScope: freeze.inScope, restorable: freeze.candidateIds.length, skipped: freeze.skippedLive + freeze.skippedStillDeleted };
  }

  async freezeRestore(id: string, scope: BackupRestoreScope): Promise<RestoreFreeze> {
    const manifest = await this.requireVerified(id);
    return freezeRestoreFromFile(this.catalog.dataPath(id), manifest, scope, this.restorer);
  }

  async restoreBatch(id: string, ids: readonly string[], stamp: Date): Promise<string[]> {
    const manifest = await this.requireManifest(id);
    return restoreBatchFromFile(this.catalog.dataPath(id), manifest, ids, this.restorer, stamp, (verdict) => this.record(verdict));
  }

  async findVerifiedHolders(notes: readonly Note[]): Promise<Map<string, string>> {
    const wanted = new Map(notes.map((note) => [note.id, noteContentHash(note)]));
    const holders = new Map<string, string>();
    for (const backup of await this.catalog.list()) {
      if (holders.size === wanted.size) break;
      const found: string[] = [];
      const tally: FileTally = { bytes: 0, sha256: '', counts: {} };
      let readError: BackupProblem | null = null;
      try {
        for await (const line of readBackupLines(this.catalog.dataPath(backup.id), tally)) {
          if (line.c !== 'notes') continue;
          const id = (line.d as { id?: unknown }).id;
          if (typeof id !== 'string' || holders.has(id) || !wanted.has(id)) continue;
          if (noteContentHash(toNote(line.d)) === wanted.get(id)) found.push(id);
        }
      } catch (error) {
        readError = readProblem(error);
      }
      // The file is trusted only if this very read matched its manifest: checksum and counts.
      const verdict = judge(backup, readError ? null : tally, readError);
      await this.record(verdict);
      if (!verdict.ok) continue;
      for (const id of found) holders.set(id, backup.id);
    }
    return holders;
  }

  private async record(verdict: BackupVerdict) {
    await this.catalog.recordVerification(verdict.backupId, {
      ok: verdict.ok,
      at: this.clock.now(),
      ...(verdict.problem ? { problem: verdict.problem } : {}),
    });
  }

  private async requireManifest(id: string): Promise<BackupSummary> {
    const manifest = await this.catalog.find(id);
    if (!manifest) throw new NotesError('BackupNotFound', 'backupNotFound', { backupId: id });
    return manifest;
  }

  /** A restore never reads a file that does not verify now, whatever an older check said. */
  private async requireVerified(id: string): Promise<BackupSummary> {
    const manifest = await this.requireManifest(id);
    const verdict = await verifyBackupFile(this.catalog.dataPath(id), manifest);
    await this.record(verdict);
    if (!verdict.ok) {
      throw new NotesError('BackupInvalid', 'backupFailedVerification', { backupId: id, ...problemParams(verdict.problem) });
    }
    return manifest;
  }
}
