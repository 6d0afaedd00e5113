import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { FakeSlack } from '../slack/fakeSlack.js';
import { AppProcess, devdbProcessesFor, freePort, removeDataDir, tempDataDir } from './appProcess.js';

/**
 * DESIGN.md section 6: credentials the platform rejects at start-up, an unreachable platform and
 * a busy PORT stop start-up with one line naming the setting, a non-zero exit, and nothing left
 * running (the embedded database was started before them and must be stopped).
 */
const fake = new FakeSlack();
const dirs: string[] = [];
let busy: Server;
let busyPort: number;

beforeAll(async () => {
  await fake.start();
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
});
afterAll(async () => {
  await fake.stop();
  await new Promise((resolve) => busy.close(resolve));
  for (const dir of dirs) removeDataDir(dir);
});

async function failedStart(label: string, env: Record<string, string>) {
  const dataDir = tempDataDir(label);
  dirs.push(dataDir);
  const app = new AppProcess(dataDir, { SLACK_BOT_TOKEN: 'xoxb-lifecycle', SLACK_SIGNING_SECRET: 'lifecycle-secret', LOG_LEVEL: 'silent', ...env }, []);
  const code = await app.exited;
  return { code, lines: app.stderr.trim().split('\n'), stderr: app.stderr, stdout: app.stdout, dataDir };
}

test.each([
  ['a bot token Slack refuses (invalid_auth)', 'SLACK_BOT_TOKEN', 'invalid_auth'],
  ['an unreachable SLACK_API_URL', 'SLACK_API_URL', 'unreachable'],
  ['a busy PORT', 'PORT', 'busy'],
  ['a Socket Mode app token Slack refuses', 'SLACK_APP_TOKEN', 'app_token'],
])('%s: one line naming %s, non-zero exit, no database process left', async (_title, setting, kind) => {
  fake.failing.clear();
  if (kind === 'invalid_auth') fake.failing.set('auth.test', 'invalid_auth');
  if (kind === 'app_token') fake.failing.set('apps.connections.open', 'invalid_auth');
  const apiUrl = kind === 'unreachable' ? `http://127.0.0.1:${await freePort()}/api/` : fake.apiUrl;
  const port = kind === 'busy' ? busyPort : await freePort();
  const socketMode: Record<string, string> = kind === 'app_token' ? { SLACK_APP_TOKEN: 'xapp-lifecycle' } : {};
  const run = await failedStart(kind, { SLACK_API_URL: apiUrl, PORT: String(port), ...socketMode });

  expect(run.code).not.toBe(0);
  expect(run.code).not.toBeNull();
  expect(run.lines).toHaveLength(1);
  expect(run.lines[0]).toMatch(new RegExp(`^notes-bot: .*\\b${setting}\\b`));
  expect(run.stderr).not.toMatch(/\n\s+at /);
  if (kind === 'invalid_auth' || kind === 'app_token') expect(run.lines[0]).toContain('invalid_auth');
  if (kind === 'busy') expect(run.lines[0]).toContain(`PORT=${busyPort}`);
  // The app waits for its database process to stop before it exits.
  expect(devdbProcessesFor(run.dataDir)).toEqual([]);
}, 60_000);
