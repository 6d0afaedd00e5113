import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { FakeSlack } from '../slack/fakeSlack.js';
import { AppProcess, freePort, health, removeDataDir, tempDataDir, waitFor, waitUntilGone } from './appProcess.js';

/**
 * DESIGN.md section 6: the embedded database is restarted by its parent if it dies, and the
 * server says so on /healthz; a stop by signal answers no more health checks and exits 0.
 * The app runs in server mode (Slack against a loopback fake) on a DATA_DIR of its own.
 */
const fake = new FakeSlack();
const dirs: string[] = [];
const apps: AppProcess[] = [];

beforeAll(() => fake.start());
afterAll(async () => {
  for (const app of apps) app.kill();
  await fake.stop();
  for (const dir of dirs) removeDataDir(dir);
});

async function startServerApp(label: string) {
  const dataDir = tempDataDir(label);
  dirs.push(dataDir);
  const port = await freePort();
  const app = new AppProcess(dataDir, { SLACK_BOT_TOKEN: 'xoxb-lifecycle', SLACK_SIGNING_SECRET: 'lifecycle-secret', SLACK_API_URL: fake.apiUrl, PORT: String(port) }, []);
  apps.push(app);
  await waitFor(async () => (await health(port)).status === 200, 60_000, () => `/healthz 200; stderr: ${app.stderr}`);
  return { app, port };
}

test('kill -9 of the database process: /healthz 503, then 200 again on its own, without a restart of the app', async () => {
  const { app, port } = await startServerApp('restart');
  const { devdb } = await app.lockOwner();
  process.kill(devdb, 'SIGKILL');
  let answer = await health(port);
  await waitFor(async () => (answer = await health(port)).status === 503, 15_000, () => '/healthz 503 after the database died');
  expect(JSON.parse(answer.body)).toEqual({ database: expect.stringMatching(/^(restarting|unavailable)$/) });

  const restarted = await app.lockOwner(devdb, 30_000);
  expect(restarted.pid).toBe(app.pid);
  await waitFor(async () => (await health(port)).status === 200, 30_000, () => `/healthz 200 after the restart; stdout: ${app.stdout.slice(-2_000)}`);
  expect(app.stdout).toContain('the embedded database stopped; restarting it');
  expect(app.child.exitCode).toBeNull();

  app.child.kill('SIGTERM');
  await waitFor(async () => (await health(port)).status !== 200, 15_000, () => '/healthz to stop answering 200 after SIGTERM');
  expect(await app.exited).toBe(0);
  await waitUntilGone(restarted.devdb, 1_000);
}, 120_000);

test('a database process that keeps dying: after 5 deaths within a minute the app exits non-zero with one line saying so', async () => {
  const { app } = await startServerApp('giveup');
  let last: number | undefined;
  for (let death = 1; death <= 5; death += 1) {
    const { devdb } = await app.lockOwner(last, 30_000);
    process.kill(devdb, 'SIGKILL');
    last = devdb;
  }
  expect(await app.exited).toBe(1);
  const lines = app.stderr.trim().split('\n');
  expect(lines).toEqual([expect.stringMatching(/^notes-bot: the embedded database in DATA_DIR=\S+ stopped 5 times within a minute .*MONGODB_URI/)]);
  await waitUntilGone(last!, 1_000);
}, 120_000);
