import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { digestText } from '../../../adapters/chat/digestPublisher.js';
import { JOB_NAMES, startJobs, type JobName, type RunningJobs } from '../../../jobs/index.js';
import { aNote } from '../../support/builders.js';
import { eventually, expectKind, startBackupApp, type BackupHarness } from './harness.js';

let h: BackupHarness;
let jobs: RunningJobs;

beforeAll(async () => {
  h = await startBackupApp('jobs', { BACKUP_KEEP: '2' });
  for (let i = 0; i < 25; i += 1) await h.app.deps.notes.insert(aNote(`job note ${i}`).build());
  jobs = await startJobs(h.app.jobs, { schedule: false, processEvery: 100, lockLifetimeMs: 2000 });
});
afterAll(async () => {
  await jobs.stop();
  await h.close();
});

/** Queues a job through Agenda on the real database and waits for this process to finish it. */
async function runJob(name: JobName) {
  const done = new Promise((resolve) => jobs.agenda.once(`complete:${name}`, resolve));
  await jobs.agenda.now(name);
  await done;
}
const lastDigest = () => h.digests[h.digests.length - 1];

test('backup:export writes a verified scheduled backup and posts a digest with counts, size, checksum and duration', async () => {
  await runJob('backup:export');
  const [backup] = await h.backups.catalog.list();
  expect(backup).toMatchObject({ kind: 'scheduled', counts: { notes: 25, roles: 0 }, verification: { ok: true } });
  const { digest, channel } = lastDigest();
  expect(channel).toBe('C-backups');
  expect(digest).toMatchObject({ topic: 'backup', ok: true, title: `Backup ${backup.id}: done and verified` });
  const text = digestText(digest);
  expect(text).toContain(`Counts: 25 notes, 0 roles, ${backup.counts.audit} audit`);
  expect(text).toContain('Change: first backup: nothing to compare with');
  expect(text).toMatch(/Size: [\d.]+ (B|KB); duration \d+\.\d s/);
  expect(text).toContain(`Checksum verified: sha256 ${backup.sha256.slice(0, 16)}…`);
  expect(text).toContain('Rotation removed nothing');
  const [entry] = await h.app.deps.audit.query({ targetIds: [backup.id], limit: 1 });
  expect(entry).toMatchObject({ action: 'backup.create', actorId: 'system:scheduler', details: { kind: 'scheduled', verified: true } });
});

test('the next digest shows the change since the previous backup', async () => {
  const [previous] = await h.backups.catalog.list();
  await h.run('add acct-9 one more note');
  await runJob('backup:export');
  expect(digestText(lastDigest().digest)).toMatch(new RegExp(`Change: \\+1 notes, \\+0 roles, \\+\\d+ audit, \\+\\d+ bytes since ${previous.id}`));
});

test('rotation keeps the newest BACKUP_KEEP scheduled backups, keeps manual ones, and keeps a pre-delete snapshot until its notes are purged', async () => {
  const manual = expectKind(await h.run('backup now'), 'backup-created').backup;
  const [snapNote] = [aNote('snapshotted').build()];
  await h.app.deps.notes.insert(snapNote);
  const snapshot = await h.app.deps.snapshots.writeSnapshot('p-rotate', (async function* () {
    yield snapNote;
  })());
  expect(await h.backups.catalog.find(snapshot.id)).toMatchObject({ kind: 'pre-delete', planId: 'p-rotate', counts: { notes: 1 }, verification: { ok: true } });
  const oldest = (await h.backups.catalog.list()).filter((b) => b.kind === 'scheduled').at(-1)!;

  await runJob('backup:export');
  const third = digestText(lastDigest().digest);
  expect(third).toContain(`Rotation removed 1 backup: ${oldest.id} (older than the newest 2 scheduled backups)`);
  let ids = (await h.backups.catalog.list()).map((b) => b.id);
  expect(ids).toEqual(expect.arrayContaining([manual.id, snapshot.id]));
  expect(ids).not.toContain(oldest.id);

  await h.rawNotes.deleteOne({ id: snapNote.id });
  await runJob('backup:export');
  expect(digestText(lastDigest().digest)).toContain(`${snapshot.id} (every note in it has been purged)`);
  ids = (await h.backups.catalog.list()).map((b) => b.id);
  expect(ids).not.toContain(snapshot.id);
  expect(ids).toContain(manual.id);
  expect((await h.backups.catalog.list()).filter((b) => b.kind === 'scheduled')).toHaveLength(2);
});

test('backup:drill restores the newest backup into a scratch database, compares, drops it, and the next digest reports it', async () => {
  await runJob('backup:drill');
  const [newest] = (await h.backups.catalog.list()).filter((b) => b.kind !== 'pre-delete');
  const drill = await h.backups.state.lastDrill();
  expect(drill).toMatchObject({ ok: true, backupId: newest.id, counts: newest.counts, auditChainOk: true });
  const { databases } = await h.db.admin().listDatabases();
  expect(databases.filter((d) => d.name.includes('_drill_'))).toEqual([]);

  await runJob('backup:export');
  expect(digestText(lastDigest().digest)).toContain(`Restore drill`);
  expect(digestText(lastDigest().digest)).toContain(`${newest.id} restored into a scratch database and compared`);
  // Reported once.
  await runJob('backup:export');
  expect(digestText(lastDigest().digest)).not.toContain('Restore drill');
});

test('a drill on a damaged newest backup fails and says why', async () => {
  const [newest] = (await h.backups.catalog.list()).filter((b) => b.kind !== 'pre-delete');
  await writeFile(h.backups.catalog.dataPath(newest.id), 'not gzip at all');
  await runJob('backup:drill');
  expect(await h.backups.state.lastDrill()).toMatchObject({ ok: false, backupId: newest.id, problem: { code: 'unreadable', detail: expect.any(String) } });
});

test('roles:review posts who holds admin and member, and the role changes since the last review, to the approval channel', async () => {
  await h.run('roles grant console:bob member');
  await h.run('roles grant console:carol admin');
  await runJob('roles:review');
  const { digest, channel } = lastDigest();
  expect(channel).toBe('C-approvals');
  const text = digestText(digest);
  expect(digest.title).toBe('Permission review: 2 admins, 1 member by grant');
  expect(text).toContain('Admins: console:admin (NOTES_ADMINS), console:carol (by console:admin');
  expect(text).toContain('Members: console:bob (by console:admin');
  expect(text).toMatch(/#\d+ .* console:admin granted console:bob: member -> member/);
  expect(text).toMatch(/#\d+ .* console:admin granted console:carol: member -> admin/);

  await h.run('roles revoke console:carol');
  await runJob('roles:review');
  const second = digestText(lastDigest().digest);
  expect(second).toMatch(/console:admin revoked console:carol: admin -> member/);
  expect(second).not.toContain('granted console:bob');
});

test('schedules come from the *_CRON settings, once per job however many processes start at once', async () => {
  // Three more processes on the same database, each with its own connection, starting together.
  const others = await Promise.all([1, 2, 3].map(() => startBackupApp('jobs', {}, { databaseUri: h.databaseUri, dir: h.dir })));
  try {
    const started = await Promise.all([h, ...others].map((p) => startJobs(p.app.jobs, { processEvery: 100, lockLifetimeMs: 2000 })));
    for (const each of started) await each.stop();
  } finally {
    for (const other of others) await other.close();
  }
  const scheduled = await h.db.collection('agendaJobs').find({ type: 'single' }).toArray();
  // Counted per name: a duplicate schedule would run the job twice each time.
  const perName = (name: string) => scheduled.filter((j) => j.name === name).map((j) => j.repeatInterval);
  expect(Object.fromEntries(JOB_NAMES.map((name) => [name, perName(name)]))).toEqual({
    'backup:export': ['0 2 * * *'],
    'trash:purge': ['30 3 * * *'],
    'backup:drill': ['0 4 * * 0'],
    'roles:review': ['0 9 * * 1'],
  });
  for (const job of scheduled) expect(job.nextRunAt.getTime()).toBeGreaterThan(Date.now());
});

test('a failing export posts a failure digest with the reason, and Agenda retries it', async () => {
  // The folder passes the start-up check, then turns into a file (a disk gone, a bad hand edit).
  const blocker = path.join(await mkdtemp(path.join(tmpdir(), 'notes-blocked-')), 'a-folder');
  const failing = await startBackupApp('jobsfail', { BACKUP_DIR: path.join(blocker, 'backups') });
  await rm(blocker, { recursive: true });
  await writeFile(blocker, 'not a directory');
  const failingJobs = await startJobs(failing.app.jobs, { schedule: false, processEvery: 100, lockLifetimeMs: 2000, retryDelayMs: 200, maxRetries: 2 });
  try {
    await failingJobs.agenda.now('backup:export');
    await eventually(async () => failing.digests.length >= 3);
    const texts = failing.digests.map((d) => digestText(d.digest));
    expect(failing.digests.every((d) => d.digest.topic === 'backup-failed' && d.channel === 'C-backups')).toBe(true);
    expect(texts[0]).toContain('Reason: ENOTDIR');
    expect(texts[0]).toMatch(/Attempt 1; retrying at/);
    expect(texts[1]).toMatch(/Attempt 2; retrying at/);
    expect(texts[2]).toContain('Attempt 3; no more retries until the next scheduled run');
  } finally {
    await failingJobs.stop();
    await failing.close();
  }
});
