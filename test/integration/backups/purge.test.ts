import { truncate } from 'node:fs/promises';
import { purgeExpiredTrash, noteHash } from '../../../src/usecases/backups.js';
import type { Note } from '../../../src/domain/note.js';
import { startJobs } from '../../../jobs/index.js';
import { digestText } from '../../../adapters/backups/index.js';
import { aNote } from '../../support/builders.js';
import { eventually, expectKind, startBackupApp, type BackupHarness } from './harness.js';

let h: BackupHarness;
afterAll(() => h.close());

async function softDelete(id: string) {
  const asked = expectKind(await h.run(`delete ${id} cleaning up`), 'confirm-delete');
  return expectKind(await h.run(`confirm ${asked.confirmationId}`), 'note-deleted').note;
}
async function insert(body: string): Promise<Note> {
  const note = aNote(body).build();
  await h.app.deps.notes.insert(note);
  return note;
}
const purge = () => purgeExpiredTrash(h.app.deps, h.backups.store, h.backups.purger, { retentionDays: 30 });

test('purge removes only expired notes that a verified backup holds with the same content', async () => {
  h = await startBackupApp('purge', { TRASH_RETENTION_DAYS: '30' });
  const [a1, a2, live] = [await insert('held one'), await insert('held two'), await insert('stays live')];
  const deletedA1 = await softDelete(a1.id);
  await softDelete(a2.id);
  const b1 = expectKind(await h.run('backup now'), 'backup-created').backup;

  const unbacked = await insert('deleted after every backup');
  await softDelete(unbacked.id);
  const changed = await insert('original words');
  await softDelete(changed.id);
  const onlyInCorrupt = await insert('only in a damaged backup');
  await softDelete(onlyInCorrupt.id);
  const b2 = expectKind(await h.run('backup now'), 'backup-created').backup;
  await truncate(h.backups.catalog.dataPath(b2.id), 100);
  // The database copy no longer matches what the backups hold.
  await h.backups.notes.updateOne({ id: changed.id }, { $set: { body: 'edited behind our back' } });

  h.clock.advanceDays(29);
  const recentOnly = await insert('deleted yesterday');
  await softDelete(recentOnly.id);
  expect(await purge()).toMatchObject({ expired: 0, purged: 0 });

  h.clock.advanceDays(2);
  const report = await purge();
  expect(report).toMatchObject({ expired: 5, purged: 2, keptUnbacked: 3 });
  expect(report.purgedIds.sort()).toEqual([a1.id, a2.id].sort());
  for (const id of [a1.id, a2.id]) expect(await h.app.deps.notes.findById(id)).toBeNull();
  for (const id of [unbacked.id, changed.id, onlyInCorrupt.id, recentOnly.id, live.id]) expect(await h.app.deps.notes.findById(id)).not.toBeNull();

  const [entry] = await h.app.deps.audit.query({ targetIds: [a1.id], limit: 1 });
  expect(entry).toMatchObject({ action: 'note.purge', actorId: 'system:scheduler', details: { noteHash: noteHash(deletedA1), backupId: b1.id } });
  // The damaged backup was re-read while looking, and is now recorded as failing.
  expect((await h.backups.catalog.find(b2.id))?.verification?.ok).toBe(false);
});

test('the trash:purge job runs through Agenda, purges what a fresh backup now holds, and posts a digest', async () => {
  expectKind(await h.run('backup now'), 'backup-created');
  const jobs = await startJobs(h.app, { schedule: false, processEvery: 100, lockLifetimeMs: 2000 });
  try {
    const done = new Promise((resolve) => jobs.agenda.once('complete:trash:purge', resolve));
    await jobs.agenda.now('trash:purge');
    await done;
  } finally {
    await jobs.stop();
  }
  const digest = await eventually(async () => h.digests.find((d) => d.digest.topic === 'trash-purge'));
  expect(digest.channel).toBe('C-backups');
  expect(digestText(digest.digest)).toContain('3 notes deleted more than 30 days ago; 3 held by a verified backup and purged');
  expect(await h.backups.notes.countDocuments({ deletedAt: { $ne: null } })).toBe(1);
});
