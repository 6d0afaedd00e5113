import { setTimeout as sleep } from 'node:timers/promises';
import { startJobs, type RunningJobs } from '../../../jobs/index.js';
import { aNote } from '../../support/builders.js';
import { eventually, startBackupApp, type BackupHarness } from './harness.js';

/**
 * Two app processes (two apps, two Agenda instances, one database and one BACKUP_DIR). The digest
 * poster is slow, so each export runs about three lock lifetimes: only the heartbeat stops the
 * other instance from taking the job over.
 */
const LOCK_MS = 600;
const POST_MS = 1800;
let first: BackupHarness;
let second: BackupHarness;
const running: RunningJobs[] = [];

beforeAll(async () => {
  first = await startBackupApp('twoprocs');
  second = await startBackupApp('twoprocs', {}, { databaseUri: first.databaseUri, dir: first.dir });
  for (let i = 0; i < 10; i += 1) await first.app.deps.notes.insert(aNote(`shared ${i}`).build());
  for (const h of [first, second]) {
    // Replaces the harness's recorder: records only once the slow post has finished.
    h.backups.digests.register('slack', {
      post: async (digest, channel) => {
        await sleep(POST_MS);
        h.digests.push({ digest, channel });
      },
    });
    running.push(await startJobs(h.app, { schedule: false, processEvery: 50, lockLifetimeMs: LOCK_MS }));
  }
});
afterAll(async () => {
  for (const jobs of running) await jobs.stop();
  await second.close();
  await first.close();
});

test('a job queued once runs once across processes, even when it outlives its lock lifetime', async () => {
  let starts = 0;
  for (const jobs of running) jobs.agenda.on('start:backup:export', () => (starts += 1));
  await running[0].agenda.now('backup:export');
  await eventually(async () => first.digests.length + second.digests.length === 1, 10_000);
  // Give the other process several polls and lock lifetimes to (wrongly) start it again.
  await sleep(LOCK_MS * 3);
  expect(starts).toBe(1);
  expect(first.digests.length + second.digests.length).toBe(1);
  expect((await first.backups.catalog.list()).filter((b) => b.kind === 'scheduled')).toHaveLength(1);
  const [job] = await first.backups.db.collection('agendaJobs').find({ name: 'backup:export' }).toArray();
  expect(job).toMatchObject({ failCount: null, lockedAt: null });
});

test('shutdown drains: a running export finishes before stop() returns', async () => {
  const started = new Promise<number>((resolve) =>
    running.forEach((jobs, index) => jobs.agenda.once('start:backup:export', () => resolve(index))),
  );
  await running[0].agenda.now('backup:export');
  const index = await started;
  const runner = [first, second][index];
  const before = runner.digests.length;
  const stopping = Date.now();
  await running[index].stop();
  expect(Date.now() - stopping).toBeGreaterThan(POST_MS / 2);
  // The digest is the export's last step: drained means it was posted before stop() returned.
  expect(runner.digests.length).toBe(before + 1);
});
