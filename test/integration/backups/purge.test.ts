import { truncate } from 'node:fs/promises';
import { purgeExpiredTrash, noteHash } from '../../../src/usecases/backups.js';
import type { Note } from '../../../src/domain/note.js';
import type { NotePurger } from '../../../src/ports/backups.js';
import { startJobs } from '../../../jobs/index.js';
import { digestText } from '../../../adapters/chat/digestPublisher.js';
import { aNote } from '../../support/builders.js';
import { eventually, expectKind, startBackupApp, type BackupHarness } from './harness.js';

let h: BackupHarness;
beforeAll(async () => {
  h = await startBackupApp('purge', { TRASH_RETENTION_DAYS: '30' });
});
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
  await h.rawNotes.updateOne({ id: changed.id }, { $set: { body: 'edited behind our back' } });

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
  const jobs = await startJobs(h.app.jobs, { schedule: false, processEvery: 100, lockLifetimeMs: 2000 });
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
  expect(await h.rawNotes.countDocuments({ deletedAt: { $ne: null } })).toBe(1);
});

describe('races on the real database', () => {
  /** Notes deleted, held by a fresh verified backup, then 31 days later: all due for purge. */
  async function expiredAndBackedUp(count: number, label: string): Promise<Note[]> {
    const notes: Note[] = [];
    for (let i = 0; i < count; i += 1) {
      const note = await insert(`${label} ${i}`);
      await softDelete(note.id);
      notes.push(note);
    }
    expectKind(await h.run('backup now'), 'backup-created');
    h.clock.advanceDays(31);
    return notes;
  }
  const purgeAudits = async (ids: string[]) =>
    (await h.app.deps.audit.query({ limit: 1000 })).filter((e) => e.action === 'note.purge' && ids.includes(e.targetIds[0]));

  test('a note restored between the purge listing it and deleting it stays, and no purge is audited for it', async () => {
    const [restored, purged] = await expiredAndBackedUp(2, 'race restore');
    const real = h.backups.purger;
    const racing: NotePurger = {
      async listExpired(cutoff, afterId, limit) {
        const batch = await real.listExpired(cutoff, afterId, limit);
        // An admin restores the note after the purge has read it as expired.
        if (batch.some((n) => n.id === restored.id)) expectKind(await h.run(`restore ${restored.id}`), 'note-restored');
        return batch;
      },
      markPurging: (note, effect) => real.markPurging(note, effect),
      removePurged: (noteId, key) => real.removePurged(noteId, key),
    };
    const report = await purgeExpiredTrash(h.app.deps, h.backups.store, racing, { retentionDays: 30 });
    expect(report.purgedIds).toContain(purged.id);
    expect(report.purgedIds).not.toContain(restored.id);
    expect(await h.app.deps.notes.findById(restored.id)).toMatchObject({ id: restored.id, deletedAt: null });
    expect(await h.app.deps.notes.findById(purged.id)).toBeNull();
    expect((await purgeAudits([restored.id, purged.id])).map((e) => e.targetIds[0])).toEqual([purged.id]);
  });

  test('a restore after the purge marked the note is refused: the purge wins, the note is gone and audited once', async () => {
    const [marked] = await expiredAndBackedUp(1, 'race mark');
    const real = h.backups.purger;
    const refused: unknown[] = [];
    const racing: NotePurger = {
      listExpired: (cutoff, afterId, limit) => real.listExpired(cutoff, afterId, limit),
      async markPurging(note, effect) {
        const done = await real.markPurging(note, effect);
        // An admin restores the note after the mark, before its audit: refused, told it is being purged.
        if (done && note.id === marked.id) await h.run(`restore ${marked.id}`).catch((error: unknown) => refused.push(error));
        return done;
      },
      removePurged: (noteId, key) => real.removePurged(noteId, key),
    };
    const report = await purgeExpiredTrash(h.app.deps, h.backups.store, racing, { retentionDays: 30 });
    expect(refused).toEqual([expect.objectContaining({ code: 'NoteNotFound', key: 'notePurging', params: { noteId: marked.id } })]);
    expect(report.purgedIds).toContain(marked.id);
    expect(await h.app.deps.notes.findById(marked.id)).toBeNull();
    expect((await purgeAudits([marked.id])).map((e) => e.targetIds[0])).toEqual([marked.id]);
    expect((await h.app.deps.audit.query({ targetIds: [marked.id], limit: 10 })).map((e) => e.action)).not.toContain('note.restore');
  });

  test('two processes purging at once remove and audit each note once', async () => {
    const notes = await expiredAndBackedUp(6, 'race twice');
    const other = await startBackupApp('purge', {}, { databaseUri: h.databaseUri, dir: h.dir, clock: h.clock });
    try {
      const purgeIn = (p: BackupHarness) => purgeExpiredTrash(p.app.deps, p.backups.store, p.backups.purger, { retentionDays: 30 });
      const reports = await Promise.all([purgeIn(h), purgeIn(other)]);
      const ids = notes.map((n) => n.id);
      const purgedBoth = reports.flatMap((r) => r.purgedIds).filter((id) => ids.includes(id));
      expect(purgedBoth.sort()).toEqual([...ids].sort());
      const audited = (await purgeAudits(ids)).map((e) => e.targetIds[0]);
      expect(audited.sort()).toEqual([...ids].sort());
      for (const id of ids) expect(await h.app.deps.notes.findById(id)).toBeNull();
    } finally {
      await other.close();
    }
  });
});
