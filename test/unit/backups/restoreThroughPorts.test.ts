import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BackupCatalog } from '../../../adapters/backups/catalog.js';
import { FileBackupStore } from '../../../adapters/backups/fileBackupStore.js';
import { FileSnapshotSink } from '../../../adapters/backups/fileSnapshotSink.js';
import { rotateBackups } from '../../../adapters/backups/rotation.js';
import { aDeletedNote, aNote, aPurgeEffect, minutes, T0 } from '../../contract/suites/builders.js';
import { InMemoryAudit, InMemoryNotePurger, InMemoryNoteRestorer, InMemoryNotes, InMemoryRoles } from '../../support/memory.js';

// The restore and the rotation reach the notes only through the NoteRestorer port: here its
// in-memory twin, with real backup files in a temporary BACKUP_DIR.
let dir: string;
let notes: InMemoryNotes;
let catalog: BackupCatalog;
let store: FileBackupStore;
const clock = { now: () => minutes(100) };

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'notes-restore-ports-'));
  notes = new InMemoryNotes();
  catalog = new BackupCatalog(dir);
  store = new FileBackupStore(catalog, { notes, roles: new InMemoryRoles(), audit: new InMemoryAudit() }, new InMemoryNoteRestorer(notes), clock);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

test('a restore brings back the missing and the trashed-since, leaves live and still-deleted notes, and a re-run changes nothing', async () => {
  for (const note of [aNote('lost'), aNote('trashed'), aNote('edited'), aDeletedNote('was-deleted', T0), aNote('kept')]) await notes.insert(note);
  const backup = await store.create('manual');
  notes.byId.delete('lost');
  await notes.softDelete('trashed', { deletedAt: minutes(50), deletedBy: 'slack:UADMIN', reason: null, planId: null });
  notes.byId.get('edited')!.body = 'edited after the backup';

  const freeze = await store.freezeRestore(backup.id, { kind: 'all' });
  expect(freeze).toEqual({ inScope: 5, candidateIds: ['lost', 'trashed'], skippedLive: 2, skippedStillDeleted: 1 });
  const stamp = minutes(200);
  expect((await store.restoreBatch(backup.id, freeze.candidateIds, stamp)).sort()).toEqual(['lost', 'trashed']);
  expect(await notes.findById('lost')).toEqual(aNote('lost', { updatedAt: stamp }));
  expect(await notes.findById('trashed')).toEqual(aNote('trashed', { updatedAt: stamp }));
  expect((await notes.findById('edited'))!.body).toBe('edited after the backup');
  expect((await notes.findById('was-deleted'))!.deletedAt).toEqual(T0);

  const before = JSON.stringify([...notes.byId.entries()]);
  expect((await store.restoreBatch(backup.id, freeze.candidateIds, stamp)).sort()).toEqual(['lost', 'trashed']);
  expect(JSON.stringify([...notes.byId.entries()])).toBe(before);
});

test('rotation keeps a pre-delete snapshot while any of its notes is stored, and removes it once all are purged', async () => {
  await notes.insert(aDeletedNote('p1', T0));
  await notes.insert(aDeletedNote('p2', T0));
  const snapshot = await new FileSnapshotSink(dir, clock).writeSnapshot('plan1', notes.streamByIds(['p1', 'p2']));
  const restorer = new InMemoryNoteRestorer(notes);
  const purger = new InMemoryNotePurger(notes);

  const [first] = await purger.listExpired(minutes(1), null, 1);
  expect(await purger.markPurging(first, aPurgeEffect(first))).toBe(true);
  expect(await purger.removePurged(first.id, aPurgeEffect(first).key)).toBe(true);
  expect((await rotateBackups(catalog, restorer, 7, clock.now())).removed).toEqual([]);
  expect(await catalog.find(snapshot.id)).not.toBeNull();

  const [second] = await purger.listExpired(minutes(1), null, 1);
  expect(await purger.markPurging(second, aPurgeEffect(second))).toBe(true);
  expect(await purger.removePurged(second.id, aPurgeEffect(second).key)).toBe(true);
  expect((await rotateBackups(catalog, restorer, 7, clock.now())).removed).toEqual([
    { id: snapshot.id, kind: 'pre-delete', reason: 'all-purged' },
  ]);
  expect(await catalog.find(snapshot.id)).toBeNull();
});
