import { closeSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * One owner per embedded-database folder (DESIGN.md section 6): two database processes over one
 * SQLite folder would each believe they own its files. The lock is a file created with `wx`
 * (atomic: exactly one creator wins) holding the owner's pid, and the database process's pid once
 * it runs. A lock whose owner is no longer alive (kill -9, power cut) is taken over.
 */
export const LOCK_FILE = 'devdb.lock';

export interface LockOwner {
  pid: number;
  /** When the owner started (Linux: clock ticks since boot), so a reused pid is not mistaken for it. */
  started?: string;
  /** The database process the owner started; a takeover waits for it to be gone. */
  devdb?: number;
}

export class DataDirInUse extends Error {
  constructor(
    readonly dir: string,
    readonly ownerPid: number,
  ) {
    super(`the database folder ${dir} is in use by process ${ownerPid}`);
    this.name = 'DataDirInUse';
  }
}

export interface DataDirLock {
  readonly file: string;
  /** Records the database process's pid (atomically: readers see the old or the new content). */
  recordDevdb(pid: number): void;
  /** Removes the lock if it is still ours. Safe to call twice. */
  release(): void;
}

/** Locks held by this process: its own pid in a lock is stale only if this process does not hold it. */
const heldHere = new Set<string>();

export async function lockDataDir(dir: string, pid = process.pid): Promise<DataDirLock> {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  if (heldHere.has(file)) throw new DataDirInUse(dir, pid);
  const me: LockOwner = { pid, ...startOf(pid) };
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (tryCreate(file, me)) return heldLock(file, me);
    const owner = readOwner(file);
    if (owner && owner.pid !== pid && isOwnerAlive(owner)) throw new DataDirInUse(dir, owner.pid);
    // No readable owner: another process may be between its `wx` open and its write; only an
    // unreadable lock that stays so for a while is treated as left over from a crash.
    if (owner || ageMs(file) > 2_000) await takeOver(file, owner);
    if (Date.now() > deadline) throw new Error(`could not take the lock ${file} within 15s; remove it if no instance is running`);
    await sleep(50);
  }
}

function heldLock(file: string, me: LockOwner): DataDirLock {
  let held = true;
  heldHere.add(file);
  const release = () => {
    if (!held) return;
    held = false;
    heldHere.delete(file);
    process.removeListener('exit', release);
    if (readOwner(file)?.pid === me.pid) unlinkQuietly(file);
  };
  // process.exit() from anywhere still frees the folder for the next start.
  process.on('exit', release);
  return {
    file,
    recordDevdb(devdb) {
      writeFileAtomically(`${file}.${me.pid}.tmp`, file, { ...me, devdb });
    },
    release,
  };
}

function tryCreate(file: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(owner)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Removes a stale lock. Several starts may find the same stale lock at once; a short-lived guard
 * (also `wx`) lets only one re-check and remove it, so none removes a lock another has just won.
 */
async function takeOver(file: string, stale: LockOwner | undefined): Promise<void> {
  const guard = `${file}.takeover`;
  if (!tryCreate(guard, { pid: process.pid })) {
    // A guard outlives its holder only if that start died mid-takeover.
    if (ageMs(guard) > 10_000) unlinkQuietly(guard);
    return;
  }
  try {
    const now = readOwner(file);
    const same = now?.pid === stale?.pid && now?.started === stale?.started && now?.devdb === stale?.devdb;
    if (!same) return;
    if (stale?.devdb) await waitUntilGone(stale.devdb, 10_000);
    unlinkQuietly(file);
  } finally {
    unlinkQuietly(guard);
  }
}

export function readOwner(file: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    if (!Number.isInteger(parsed.pid)) return undefined;
    return {
      pid: parsed.pid!,
      ...(typeof parsed.started === 'string' ? { started: parsed.started } : {}),
      ...(Number.isInteger(parsed.devdb) ? { devdb: parsed.devdb } : {}),
    };
  } catch {
    return undefined;
  }
}

/** True while the process exists and is not a zombie waiting for a parent that does not reap. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // Field 3 of /proc/<pid>/stat is the state; the name before it is in parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): kill(0) succeeding is all we know
  }
}

/** A container restarted with the same pids can give an owner's pid to another process. */
function isOwnerAlive(owner: LockOwner): boolean {
  if (!isAlive(owner.pid)) return false;
  const now = startOf(owner.pid).started;
  return owner.started === undefined || now === undefined || now === owner.started;
}

/** Field 22 of /proc/<pid>/stat (start time); nothing where there is no /proc. */
function startOf(pid: number): { started?: string } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const started = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return started ? { started } : {};
  } catch {
    return {};
  }
}

/** An orphaned database process ends when it sees its parent gone; give it the time to. */
async function waitUntilGone(pid: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (isAlive(pid) && Date.now() < deadline) await sleep(50);
}

function writeFileAtomically(temp: string, file: string, owner: LockOwner) {
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, `${JSON.stringify(owner)}\n`);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function unlinkQuietly(file: string) {
  try {
    unlinkSync(file);
  } catch {
    // already gone: someone else cleaned up
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
