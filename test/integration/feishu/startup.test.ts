import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { AppProcess, devdbProcessesFor, freePort, removeDataDir, tempDataDir } from '../lifecycle/appProcess.js';
import { FAKE_APP, FakeFeishu } from './fakeFeishu.js';

/**
 * `npm start` with Feishu settings the open platform refuses, or an open platform it cannot
 * reach: one line naming the setting, a non-zero exit, nothing left running (DESIGN.md section 6).
 */
const fake = new FakeFeishu();
const dirs: string[] = [];
beforeAll(() => fake.start());
afterAll(async () => {
  await fake.stop();
  for (const dir of dirs) removeDataDir(dir);
});

test.each([
  ['an app secret the open platform refuses', 'FEISHU_APP_SECRET', 'refused'],
  ['an unreachable FEISHU_API_URL', 'FEISHU_API_URL', 'unreachable'],
])('%s: one line naming %s, non-zero exit, no database process left', async (_title, setting, kind) => {
  const dataDir = tempDataDir(`feishu-${kind}`);
  dirs.push(dataDir);
  const apiUrl = kind === 'unreachable' ? `http://127.0.0.1:${await freePort()}` : fake.url;
  const app = new AppProcess(dataDir, {
    FEISHU_APP_ID: FAKE_APP.appId,
    FEISHU_APP_SECRET: kind === 'refused' ? 'not-the-secret' : FAKE_APP.appSecret,
    FEISHU_VERIFICATION_TOKEN: 'token',
    FEISHU_API_URL: apiUrl,
    PORT: String(await freePort()),
    LOG_LEVEL: 'silent',
  }, []);
  const code = await app.exited;
  const lines = app.stderr.trim().split('\n');
  expect(code).not.toBe(0);
  expect(code).not.toBeNull();
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^notes-bot: Invalid ${setting}=`));
  expect(app.stderr).not.toContain('not-the-secret');
  expect(app.stderr).not.toMatch(/\n\s+at /);
  expect(devdbProcessesFor(dataDir)).toEqual([]);
}, 120_000);
