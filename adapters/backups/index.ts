import type { NotePurger, NoteRestorer } from '../../src/ports/backups.js';
import type { JobState } from '../../src/ports/jobState.js';
import type { Clock } from '../../src/ports/system.js';
import type { CoreDeps } from '../../src/usecases/context.js';
import { BackupCatalog } from './catalog.js';
import { FileBackupStore } from './fileBackupStore.js';

/** Everything the backup command and the jobs share for one app. */
export interface BackupModule {
  catalog: BackupCatalog;
  store: FileBackupStore;
  /** Rotation asks it which notes still exist. */
  restorer: NoteRestorer;
  purger: NotePurger;
  state: JobState;
}

export interface BackupModuleOptions {
  backupDir: string;
  repositories: Pick<CoreDeps, 'notes' | 'roles' | 'audit'>;
  /** The storage ports only backups use (adapters/mongo builds them; no collection comes in here). */
  storage: { restorer: NoteRestorer; purger: NotePurger; state: JobState };
  clock: Clock;
}

/**
 * The backup files, purger and job state of one app, built once by the composition root
 * (root/app.ts) before the dispatcher, which gets the store and the confirmed restore from it.
 */
export function createBackupModule(options: BackupModuleOptions): BackupModule {
  const { restorer, purger, state } = options.storage;
  const catalog = new BackupCatalog(options.backupDir);
  return {
    catalog,
    store: new FileBackupStore(catalog, options.repositories, restorer, options.clock),
    restorer,
    purger,
    state,
  };
}
