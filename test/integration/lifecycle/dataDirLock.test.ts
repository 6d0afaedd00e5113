import { spawn, spawnSync } from 'node:child_process';
import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from '@jest/globals';
import { DataDirInUse, LOCK_FILE, lockDataDir, readOwner } from '../../../adapters/mongo/dataDirLock.js';
import { root } from '../console/runBot.js';
import { removeDataDir, tempDataDir, waitFor } from './appProcess.js';

/** The embedded database's owner lock (DESIGN.md section 6): one owner, stale locks taken over. */
const dirs: string[] = [];
const freshDir = (label: string) => {
  const dir = tempDataDir(label);
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach(removeDataDir));

/** A pid that existed and is gone (and reaped): what a lock left by a killed process holds. */
function deadPid(): number {
  return spawnSync('true').pid;
}

test('the lock holds the owner pid, refuses a second owner, and is gone after release', async () => {
  const dir = freshDir('lock');
  const lock = await lockDataDir(dir);
  expect(readOwner(lock.file)).toEqual({ pid: process.pid, started: expect.stringMatching(/^\d+$/) });
  lock.recordDevdb(4242);
  expect(readOwner(lock.file)).toMatchObject({ pid: process.pid, devdb: 4242 });
  await expect(lockDataDir(dir)).rejects.toBeInstanceOf(DataDirInUse);
  lock.release();
  expect(existsSync(lock.file)).toBe(false);
  const again = await lockDataDir(dir);
  again.release();
});

test('release leaves a lock that another process took over alone', async () => {
  const dir = freshDir('taken');
  const lock = await lockDataDir(dir);
  writeFileSync(lock.file, JSON.stringify({ pid: process.ppid }));
  lock.release();
  expect(readOwner(path.join(dir, LOCK_FILE))).toEqual({ pid: process.ppid });
});

test('an empty lock (a crash between create and write) is taken over once it is old, not while fresh', async () => {
  const dir = freshDir('empty');
  const file = path.join(dir, LOCK_FILE);
  writeFileSync(file, '');
  const old = new Date(Date.now() - 60_000);
  utimesSync(file, old, old);
  const lock = await lockDataDir(dir);
  expect(readOwner(file)).toMatchObject({ pid: process.pid });
  lock.release();

  // Fresh and empty: its creator is about to write its pid, and then owns the folder.
  writeFileSync(file, '');
  const attempt = lockDataDir(dir);
  setTimeout(() => writeFileSync(file, JSON.stringify({ pid: process.ppid })), 300);
  await expect(attempt).rejects.toMatchObject({ name: 'DataDirInUse', ownerPid: process.ppid });
});

test('a lock whose pid now belongs to a process started later (a reused pid) is stale', async () => {
  const dir = freshDir('reused');
  const file = path.join(dir, LOCK_FILE);
  writeFileSync(file, JSON.stringify({ pid: process.ppid, started: '1' }));
  const lock = await lockDataDir(dir);
  expect(readOwner(file)).toMatchObject({ pid: process.pid });
  lock.release();
});

test('several starts racing for a stale lock: exactly one wins, the others name the winner', async () => {
  const dir = freshDir('race');
  writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid() }));
  const holders = Array.from({ length: 4 }, () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/integration/lifecycle/lockHolder.ts'), dir], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
    const holder = { child, said: '' };
    child.stdout.on('data', (chunk: Buffer) => (holder.said += chunk.toString()));
    return holder;
  });
  try {
    await waitFor(() => holders.every((h) => h.said.includes('\n')), 60_000, () => `every holder to answer: ${holders.map((h) => JSON.stringify(h.said)).join(', ')}`);
    const winners = holders.filter((h) => h.said === 'won\n');
    expect(winners).toHaveLength(1);
    const winnerPid = winners[0].child.pid;
    expect(readOwner(path.join(dir, LOCK_FILE))).toMatchObject({ pid: winnerPid });
    for (const loser of holders.filter((h) => h !== winners[0])) expect(loser.said).toBe(`refused ${winnerPid}\n`);
  } finally {
    for (const h of holders) h.child.stdin.end();
  }
  await waitFor(() => holders.every((h) => h.child.exitCode !== null), 10_000, () => 'holders to exit');
  expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
}, 90_000);
