import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { LOCK_FILE } from '../../../adapters/mongo/dataDirLock.js';
import { AppProcess, devdbProcessesFor, removeDataDir, tempDataDir, waitUntilGone } from './appProcess.js';

/**
 * DESIGN.md section 6: the embedded database has one owner, and it ends with its parent. Real
 * processes (`main.ts` in console mode, stdin kept open) on a DATA_DIR of their own.
 */
const dataDir = tempDataDir('owner');
const running: AppProcess[] = [];
const start = (dir = dataDir) => {
  const app = new AppProcess(dir);
  running.push(app);
  return app;
};

afterAll(() => {
  for (const app of running) app.kill();
  removeDataDir(dataDir);
});

test('a second start on the same DATA_DIR is refused in one line, and the first keeps working', async () => {
  const first = start();
  await first.say('add acct-own written by the first', /Added note n-\w+ to acct-own\./);
  const { devdb } = await first.lockOwner();

  const second = start();
  expect(await second.exited).not.toBe(0);
  expect(second.stderr.trim().split('\n')).toEqual([expect.stringContaining(`DATA_DIR=${dataDir}`)]);
  expect(second.stderr).toContain('MONGODB_URI');
  expect(second.stderr).toContain(`pid ${first.pid}`);
  expect(devdbProcessesFor(dataDir)).toEqual([devdb]);

  const listed = await first.say('list record:acct-own', /1 note/);
  expect(listed).toContain('written by the first');
  first.child.stdin?.end();
  expect(await first.exited).toBe(0);
  expect(devdbProcessesFor(dataDir)).toEqual([]);
  expect(existsSync(path.join(dataDir, 'db', LOCK_FILE))).toBe(false);
}, 120_000);

test('kill -9 of the app ends its database process; the next start takes over the stale lock', async () => {
  const victim = start();
  await victim.say('add acct-crash before the crash', /Added note/);
  const owner = await victim.lockOwner();
  expect(owner.pid).toBe(victim.pid);

  victim.child.kill('SIGKILL');
  await victim.exited;
  await waitUntilGone(owner.devdb);

  const next = start();
  const listed = await next.say('list record:acct-crash', /1 note/);
  expect(listed).toContain('before the crash');
  expect((await next.lockOwner()).pid).toBe(next.pid);
  next.child.stdin?.end();
  expect(await next.exited).toBe(0);
}, 120_000);
