import { ClaimLedger, claimModel } from '../../../adapters/mongo/claims.js';
import { startJobs, type JobName, type RunningJobs } from '../../../jobs/index.js';
import { startBackupApp, type BackupHarness } from './harness.js';

/**
 * A run is claimed once (jobs/oncePerRun.ts). The claims left behind decide what happens when
 * Agenda hands the same run to a process again: a fresh claim is a run in progress elsewhere, a
 * done mark a finished run (both skipped); a claim older than the lock lifetime with no done mark
 * is a process that died mid-run, and the run happens again.
 */
const LOCK_MS = 600;
let h: BackupHarness;
let jobs: RunningJobs;
let ledger: ClaimLedger;

beforeAll(async () => {
  h = await startBackupApp('jobcrash');
  jobs = await startJobs(h.app.jobs, { schedule: false, processEvery: 50, lockLifetimeMs: LOCK_MS });
  ledger = new ClaimLedger(claimModel(h.app.connection));
});
afterAll(async () => {
  await jobs.stop();
  await h.close();
});

/** Queues `name` shortly ahead, leaves the given claims on its run, and says what this process did. */
async function runWithClaims(name: JobName, claims: (key: string) => Promise<unknown>): Promise<'run' | 'duplicate'> {
  const job = await jobs.agenda.schedule(new Date(Date.now() + 500), name);
  const jobId = String(job.attrs._id);
  await claims(`job-run:${name}:${jobId}:0:once`);
  return new Promise((resolve) => {
    jobs.runs.on('run', (_name, id) => id === jobId && resolve('run'));
    jobs.runs.on('duplicate', (_name, id) => id === jobId && resolve('duplicate'));
  });
}

test('a run claimed by a process that died (old claim, no done mark) runs again', async () => {
  const digests = h.digests.length;
  const completed = new Promise((resolve) => jobs.agenda.once('complete:roles:review', resolve));
  const outcome = await runWithClaims('roles:review', (key) => ledger.claim(key, { by: 'dead-process' }, new Date(Date.now() - 10 * LOCK_MS)));
  expect(outcome).toBe('run');
  await completed;
  expect(h.digests.length).toBe(digests + 1);
});

test('a run in progress elsewhere (fresh claim) is skipped', async () => {
  expect(await runWithClaims('roles:review', (key) => ledger.claim(key, { by: 'live-process' }, new Date()))).toBe('duplicate');
});

test('a finished run (done mark), even with an old claim, is skipped', async () => {
  const outcome = await runWithClaims('roles:review', async (key) => {
    await ledger.claim(key, { by: 'earlier-process' }, new Date(Date.now() - 10 * LOCK_MS));
    await ledger.claim(`${key}:done`, { by: 'earlier-process' }, new Date(Date.now() - 5 * LOCK_MS));
  });
  expect(outcome).toBe('duplicate');
});
