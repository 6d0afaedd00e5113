import type { Collection, Db, Document } from 'mongodb';
import type { Clock, Logger } from '../../src/ports/system.js';
import type { CoreDeps } from '../../src/usecases/context.js';
import { DigestPublisher } from '../chat/digestPublisher.js';
import { BackupCatalog } from './catalog.js';
import { FileBackupStore } from './fileBackupStore.js';
import { JobState } from './jobState.js';
import { MongoNotePurger } from './mongoPurger.js';

export { DigestPublisher, digestText, type Digest, type DigestPoster, type DigestPlatform } from '../chat/digestPublisher.js';

/** Everything the backup command and the jobs share for one app. */
export interface BackupModule {
  catalog: BackupCatalog;
  store: FileBackupStore;
  purger: MongoNotePurger;
  state: JobState;
  digests: DigestPublisher;
  db: Db;
  /** The raw notes collection (same one the mongoose repository uses). */
  notes: Collection<Document>;
}

export interface BackupModuleOptions {
  db: Db;
  backupDir: string;
  repositories: Pick<CoreDeps, 'notes' | 'roles' | 'audit'>;
  clock: Clock;
  logger: Logger;
}

/**
 * The backup files, purger and job state of one app, built once by the composition root
 * (root/app.ts) before the dispatcher, which gets the store and the confirmed restore from it.
 */
export function createBackupModule(options: BackupModuleOptions): BackupModule {
  const { db } = options;
  const notes = db.collection('notes');
  const catalog = new BackupCatalog(options.backupDir);
  return {
    catalog,
    store: new FileBackupStore(catalog, options.repositories, notes, options.clock),
    purger: new MongoNotePurger(notes),
    state: new JobState(db),
    digests: new DigestPublisher(options.logger.child({ component: 'digests' })),
    db,
    notes,
  };
}
