import { digestText } from '../../../adapters/chat/digestPublisher.js';
import { startServer, type RunningServer } from '../../../root/server.js';
import { jobHandlers } from '../../../jobs/handlers.js';
import { scheduledJobProblems } from '../../../jobs/health.js';
import { startJobs } from '../../../jobs/index.js';
import { startBackupApp, type BackupHarness } from './harness.js';

/**
 * A recurring job Agenda cannot compute a next run for is stored with `nextRunAt: null` and
 * never runs, silently; one whose process stopped polling stays overdue. /healthz and the next
 * digest must both name it. The stored jobs are damaged through the driver, as a bad cron, a
 * crash or a hand edit would leave them.
 */
let h: BackupHarness;
let server: RunningServer;
const HOUR = 3_600_000;

beforeAll(async () => {
  h = await startBackupApp('jobhealth');
  // Schedules the four recurring jobs as `npm start` does, then stops polling.
  const jobs = await startJobs(h.app.jobs, { processEvery: 100, lockLifetimeMs: 2000 });
  await jobs.stop();
  server = await startServer(h.app, { port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server.stop();
  await h.close();
});

const agendaJobs = () => h.db.collection('agendaJobs');
const setJob = (name: string, fields: Record<string, unknown>) => agendaJobs().updateOne({ name, type: 'single' }, { $set: fields });
async function healthz() {
  const res = await fetch(`http://127.0.0.1:${server.port}/healthz`);
  return { status: res.status, body: (await res.json()) as { database: string; jobs?: string[] } };
}

test('healthy schedules: 200', async () => {
  // The four of DESIGN.md section 8 and notes:effects (jobs/noteEffects.ts).
  expect(await agendaJobs().countDocuments({ type: 'single' })).toBe(5);
  expect(await healthz()).toEqual({ status: 200, body: { database: 'ok' } });
});

test('a job with no next run, or overdue and not running: 503 naming each, and the next digest says so', async () => {
  await setJob('backup:export', { nextRunAt: null });
  await setJob('roles:review', { nextRunAt: new Date(Date.now() - 2 * HOUR), lockedAt: null });
  const { status, body } = await healthz();
  expect(status).toBe(503);
  expect(body.database).toBe('ok');
  expect(body.jobs).toEqual([
    'backup:export has no next run (schedule "0 2 * * *")',
    expect.stringMatching(/^roles:review is overdue: it was due \S+ and has not started$/),
  ]);

  // The next digest: a scheduled export run by its handler (Agenda would not run it any more).
  await jobHandlers(h.app.jobs).exportBackup(1, () => null);
  const { digest } = h.digests[h.digests.length - 1];
  expect(digest).toMatchObject({ topic: 'backup', ok: false });
  const text = digestText(digest);
  expect(text).toContain('Scheduled jobs that will not run on time (2):');
  expect(text).toContain('backup:export has no next run (schedule "0 2 * * *")');
  expect(text).toMatch(/roles:review is overdue/);
});

test('a late job that is running (fresh lock) is not overdue; a lock left by a dead process is', async () => {
  const now = new Date();
  await setJob('backup:export', { nextRunAt: new Date(now.getTime() + HOUR) });
  await setJob('roles:review', { nextRunAt: new Date(now.getTime() - 2 * HOUR), lockedAt: new Date(now.getTime() - 60_000) });
  expect(await scheduledJobProblems(h.db, { now })).toEqual([]);
  expect(await healthz()).toEqual({ status: 200, body: { database: 'ok' } });

  await setJob('roles:review', { lockedAt: new Date(now.getTime() - 2 * HOUR) });
  expect(await scheduledJobProblems(h.db, { now })).toEqual([expect.objectContaining({ name: 'roles:review', problem: 'overdue' })]);
  await setJob('trash:purge', { disabled: true });
  expect((await healthz()).body.jobs).toEqual([expect.stringMatching(/^roles:review is overdue/), 'trash:purge is disabled']);
});
