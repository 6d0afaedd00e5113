import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lockDataDir } from './dataDirLock.js';
import { buildPatchedDevdb, patchSources } from './devdbBuild.js';
import { Supervisor, type Launched, type SupervisedState, type SupervisorEvents } from './supervisor.js';

/**
 * The embedded development database (DESIGN.md section 7): FerretDB on SQLite, built from the
 * project's own Go program in `devdb/`, or mongodb-memory-server where Go is missing. Production
 * sets MONGODB_URI and never comes here.
 */
export interface DevDatabase {
  uri: string;
  kind: 'ferretdb' | 'mongodb-memory-server';
  /** The FerretDB process's pid (it changes when the process is restarted). */
  readonly pid?: number;
  readonly state: SupervisedState;
  stop(): Promise<void>;
}

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sourceDir = path.join(projectRoot, 'devdb');
export const devdbBinary = path.join(projectRoot, '.data', 'bin', 'devdb');
/** Go's soft memory limit for FerretDB (devdb -memory-limit-mib); GOMEMLIMIT in the environment wins. */
const DEVDB_MEMORY_LIMIT_MIB = 512;

type Say = (line: string) => void;

export interface DevDatabaseOptions {
  dataDir: string;
  say?: Say;
  /**
   * FerretDB's PostgreSQL handler instead of SQLite (DESIGN.md section 7): for benchmarks, where
   * SQLite's per-document updates are too slow. The database in the URL must already exist.
   */
  postgresqlUrl?: string;
  /** Restarts and giving up (default: one line each on stderr). */
  events?: SupervisorEvents;
}

export async function startDevDatabase(options: DevDatabaseOptions): Promise<DevDatabase> {
  const say = options.say ?? ((line) => process.stderr.write(`${line}\n`));
  if (hasGo()) {
    ensureDevdbBinary(say);
    return startFerret(options.dataDir, options.postgresqlUrl, options.events ?? sayingEvents(say));
  }
  return startMemoryServer(say);
}

function hasGo(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

/** Builds the binary once; rebuilds only when the Go sources are newer than it. */
export function ensureDevdbBinary(say: Say): string {
  const sources = [...['main.go', 'go.mod', 'go.sum'].map((f) => path.join(sourceDir, f)), ...patchSources(sourceDir)];
  const built = existsSync(devdbBinary) ? statSync(devdbBinary).mtimeMs : 0;
  if (built && sources.every((f) => !existsSync(f) || statSync(f).mtimeMs <= built)) return devdbBinary;
  say('Building the development database (FerretDB 1.24 on SQLite) from devdb/ — the first build takes a minute or two…');
  mkdirSync(path.dirname(devdbBinary), { recursive: true });
  // Built aside and renamed in: a process starting meanwhile runs the old binary or the new one, never half of one.
  const building = `${devdbBinary}.${process.pid}.tmp`;
  const result = buildPatchedDevdb(sourceDir, building);
  if (result.status !== 0) {
    throw new Error(
      'Could not build the development database with Go (see the output above). Set MONGODB_URI to a MongoDB server instead.',
    );
  }
  renameSync(building, devdbBinary);
  say('Development database built.');
  return devdbBinary;
}

/**
 * FerretDB on `dataDir`, owned by this process alone (a lock file in the folder), ending with it
 * (devdb stops when its stdin pipe closes, which the kernel does when this process dies, even on
 * SIGKILL), and restarted on the same port if it dies while this process runs.
 */
export async function startFerret(dataDir: string, postgresqlUrl?: string, events: SupervisorEvents = {}): Promise<DevDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const lock = await lockDataDir(dataDir);
  let first: Launched & { uri: string };
  let launch: () => Promise<Launched & { uri: string }>;
  try {
    const port = await freePort();
    const backend = postgresqlUrl ? ['-postgresql', postgresqlUrl] : [];
    const args = ['-listen', `127.0.0.1:${port}`, '-dir', dataDir, '-watch-stdin', '-memory-limit-mib', String(DEVDB_MEMORY_LIMIT_MIB), ...backend];
    launch = async () => {
      const launched = await launchDevdb(args);
      try {
        lock.recordDevdb(launched.child.pid!);
      } catch (error) {
        await stopChild(launched.child);
        throw error;
      }
      return launched;
    };
    first = await launch();
  } catch (error) {
    lock.release();
    throw error;
  }
  const supervisor = new Supervisor(first, launch, stopChild, events);
  return {
    uri: first.uri,
    kind: 'ferretdb',
    get pid() {
      return supervisor.pid;
    },
    get state() {
      return supervisor.state;
    },
    async stop() {
      await supervisor.stop();
      lock.release();
    },
  };
}

function launchDevdb(args: string[]): Promise<Launched & { uri: string }> {
  const child = spawn(devdbBinary, args, {
    // stdin is the lifeline (-watch-stdin): never written, never closed while we run. Its own
    // process group keeps a terminal's Ctrl-C from stopping it before the app has drained.
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdin?.on('error', () => undefined);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2_000);
  });
  const detail = () => stderr.trim().replace(/\s*\n\s*/g, ' | ');
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => fail(new Error('the development database did not start within 30s')), 30_000);
    const onStdout = (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^ready (\S+)$/m.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      child.stdout?.off('data', onStdout).resume();
      child.off('exit', onExit).off('error', fail);
      resolve({ child, uri: match[1], detail });
    };
    const onExit = (code: number | null) => fail(new Error(`the development database exited (code ${code})`));
    function fail(error: Error) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}${detail() ? `: ${detail()}` : ''}. Set MONGODB_URI to use another server.`));
    }
    child.stdout?.on('data', onStdout);
    child.once('exit', onExit);
    child.once('error', fail);
  });
}

function sayingEvents(say: Say): SupervisorEvents {
  return {
    onExit: (exit) => say(`The development database stopped (code ${exit.code ?? exit.signal}); restarting in ${exit.delayMs} ms.`),
    onRestart: (pid) => say(`The development database is running again (pid ${pid}).`),
    onGiveUp: (exit) => say(`The development database stopped ${exit.recentFailures} times within a minute; not restarting it: ${exit.detail}`),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function startMemoryServer(say: Say): Promise<DevDatabase> {
  say('Go is not installed: starting mongodb-memory-server instead (it needs a mongod download or MONGOMS_SYSTEM_BINARY).');
  try {
    const { MongoMemoryServer } = await import('mongodb-memory-server-core');
    const server = await MongoMemoryServer.create();
    return { uri: server.getUri(), kind: 'mongodb-memory-server', state: 'running', stop: async () => void (await server.stop()) };
  } catch (error) {
    throw new Error(
      `No database: MONGODB_URI is not set, Go is not on the PATH to build FerretDB, and mongodb-memory-server failed (${(error as Error).message}). Install Go, or set MONGODB_URI=mongodb://host:27017/notes.`,
    );
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
