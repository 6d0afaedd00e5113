import type { Collection, Db, Document } from 'mongodb';
import { backupRestoreRunner } from '../../src/usecases/backups.js';
import type { App } from '../app.js';
import { BackupCatalog } from './catalog.js';
import { DigestPublisher } from './digestPublisher.js';
import { FileBackupStore } from './fileBackupStore.js';
import { JobState } from './jobState.js';
import { MongoNotePurger } from './mongoPurger.js';

export { DigestPublisher, digestText, type Digest, type DigestPoster, type DigestPlatform } from './digestPublisher.js';

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

const installed = new WeakMap<App, BackupModule>();

/**
 * Plugs backups into an app, once: the `backup` command's store and the confirmed restore go in
 * through `app.extend`, so the core keeps no file-system code. Idempotent per app.
 */
export function installBackups(app: App): BackupModule {
  const existing = installed.get(app);
  if (existing) return existing;
  const db = app.connection.db;
  if (!db) throw new Error('installBackups needs a connected database');
  const notes = db.collection('notes');
  const catalog = new BackupCatalog(app.config.backupDir);
  const store = new FileBackupStore(catalog, { notes: app.deps.notes, roles: app.deps.roles, audit: app.deps.audit }, notes, app.deps.clock);
  const module: BackupModule = {
    catalog,
    store,
    purger: new MongoNotePurger(notes),
    state: new JobState(db),
    digests: new DigestPublisher(app.logger.child({ component: 'digests' })),
    db,
    notes,
  };
  app.extend({ backups: store, runBackupRestore: backupRestoreRunner(app.deps, store) });
  installed.set(app, module);
  return module;
}

/**
 * Where Slack and Teams register their digest posters:
 * `digestPublisherOf(app).register('slack', { post: (digest, channel) => ... })`.
 */
export const digestPublisherOf = (app: App): DigestPublisher => installBackups(app).digests;
