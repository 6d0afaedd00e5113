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
let running: RunningJobs[] = [];

const startBoth = async () => {
  running = [];
  for (const h of [first, second]) running.push(await startJobs(h.app.jobs, { schedule: false, processEvery: 50, lockLifetimeMs: LOCK_MS }));
  return running;
};

beforeAll(async () => {
  first = await startBackupApp('twoprocs');
  second = await startBackupApp('twoprocs', {}, { databaseUri: first.databaseUri, dir: first.dir });
  for (let i = 0; i < 10; i += 1) await first.app.deps.notes.insert(aNote(`shared ${i}`).build());
  for (const h of [first, second]) {
    // Replaces the harness's recorder: records only once the slow post has finished.
    h.app.digests.register('slack', {
      post: async (digest, channel) => {
        await sleep(POST_MS);
        h.digests.push({ digest, channel });
      },
    });
  }
});
afterAll(async () => {
  for (const jobs of running) await jobs.stop();
  await second.close();
  await first.close();
});

test('each job queued once runs once across processes, even when it outlives its lock lifetime', async () => {
  const agendas = await startBoth();
  // The work done, counted per job name and per run (the queued job's id), across both processes.
  const runs = new Map<string, number>();
  for (const jobs of agendas) {
    jobs.runs.on('run', (name, jobId) => runs.set(`${name} ${jobId}`, (runs.get(`${name} ${jobId}`) ?? 0) + 1));
  }
  const queued: string[] = [];
  for (const name of ['backup:export', 'roles:review', 'trash:purge', 'backup:export'] as const) {
    const job = await agendas[0].agenda.now(name);
    queued.push(`${name} ${String(job.attrs._id)}`);
  }
  // Both exports and the review post a digest, each slow enough to outlive the lock three times.
  await eventually(async () => first.digests.length + second.digests.length === 3, 20_000);
  // Stopping drains: a second start, had either process taken a job over, would finish and count.
  for (const jobs of agendas) await jobs.stop();
  running = [];
  expect(Object.fromEntries(runs)).toEqual(Object.fromEntries(queued.map((key) => [key, 1])));
  expect(first.digests.length + second.digests.length).toBe(3);
  expect((await first.backups.catalog.list()).filter((b) => b.kind === 'scheduled')).toHaveLength(2);
  // None failed. (Their lock fields are Agenda's: on FerretDB two processes' unisolated lock and
  // unlock writes may leave a finished one-off job marked locked, which nothing reads again.)
  const ids = queued.map((key) => key.split(' ')[1]);
  const stored = await first.db.collection('agendaJobs').find({ type: 'normal' }).toArray();
  const failCounts = stored.filter((job) => ids.includes(String(job._id))).map((job) => job.failCount ?? null);
  expect(failCounts).toEqual(ids.map(() => null));
});

test('shutdown drains: a running export finishes before stop() returns', async () => {
  await startBoth();
  const started = new Promise<number>((resolve) =>
    running.forEach((jobs, index) => jobs.runs.once('run', () => resolve(index))),
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
