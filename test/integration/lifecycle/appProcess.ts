import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isAlive, LOCK_FILE, readOwner, type LockOwner } from '../../../adapters/mongo/dataDirLock.js';
import { freePort } from '../../../adapters/mongo/devDatabase.js';
import { spawnBot } from '../console/runBot.js';

/**
 * The real `main.ts` as a process on an embedded database of its own (a fresh DATA_DIR), with
 * what the lifecycle tests look at: its output, its exit, its lock file and its database process.
 */
export class AppProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;
  readonly child: ChildProcess;

  constructor(
    readonly dataDir: string,
    env: Record<string, string> = {},
    args: string[] = ['--as', 'console:alice'],
  ) {
    this.child = spawnBot({ DATA_DIR: dataDir, NOTES_ADMINS: 'console:alice', ...env }, args);
    this.child.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Console mode: sends one line and waits for `expected` to appear in what follows. */
  async say(line: string, expected: RegExp, ms = 30_000): Promise<string> {
    const from = this.stdout.length;
    this.child.stdin?.write(`${line}\n`);
    await waitFor(() => expected.test(this.stdout.slice(from)), ms, () => `"${expected}" after "${line}"; stdout: ${this.stdout.slice(from)}; stderr: ${this.stderr}`);
    return this.stdout.slice(from);
  }

  /** The lock file's content once the database process runs (optionally a different one than `not`). */
  async lockOwner(not?: number, ms = 60_000): Promise<Required<LockOwner>> {
    let owner: LockOwner | undefined;
    await waitFor(
      () => {
        owner = readOwner(path.join(this.dataDir, 'db', LOCK_FILE));
        return owner?.devdb !== undefined && owner.devdb !== not;
      },
      ms,
      () => `a lock with a database pid in ${this.dataDir}; stderr: ${this.stderr}`,
    );
    return owner as Required<LockOwner>;
  }

  /** Ends the process if a failed test left it running. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

export function tempDataDir(label: string): string {
  return mkdtempSync(path.join(tmpdir(), `notes-lifecycle-${label}-`));
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Live database processes serving `dataDir` (Linux /proc), whoever started them. */
export function devdbProcessesFor(dataDir: string): number[] {
  const wanted = path.join(dataDir, 'db');
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (!argv[0]?.endsWith('devdb')) continue;
    if (argv[argv.indexOf('-dir') + 1] === wanted && isAlive(Number(entry))) found.push(Number(entry));
  }
  return found;
}

export async function waitUntilGone(pid: number, ms = 15_000): Promise<void> {
  await waitFor(() => !isAlive(pid), ms, () => `process ${pid} to end`);
}

/** GET /healthz: the status (or 'refused' when nothing listens) and the body. */
export async function health(port: number): Promise<{ status: number | 'refused'; body: string }> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5_000) });
    return { status: res.status, body: await res.text() };
  } catch {
    return { status: 'refused', body: '' };
  }
}

export async function waitFor(condition: () => boolean | Promise<boolean>, ms: number, what: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export { freePort };
