import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPatchedDevdb, PATCH_LIST } from './devdbBuild.js';

/**
 * The embedded development database (DESIGN.md section 7): FerretDB on SQLite, built from the
 * project's own Go program in `devdb/`, or mongodb-memory-server where Go is missing. Production
 * sets MONGODB_URI and never comes here.
 */
export interface DevDatabase {
  uri: string;
  kind: 'ferretdb' | 'mongodb-memory-server';
  stop(): Promise<void>;
}

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sourceDir = path.join(projectRoot, 'devdb');
export const devdbBinary = path.join(projectRoot, '.data', 'bin', 'devdb');

type Say = (line: string) => void;

export interface DevDatabaseOptions {
  dataDir: string;
  say?: Say;
  /**
   * FerretDB's PostgreSQL handler instead of SQLite (DESIGN.md section 7): for benchmarks, where
   * SQLite's per-document updates are too slow. The database in the URL must already exist.
   */
  postgresqlUrl?: string;
}

export async function startDevDatabase(options: DevDatabaseOptions): Promise<DevDatabase> {
  const say = options.say ?? ((line) => process.stderr.write(`${line}\n`));
  if (hasGo()) {
    ensureDevdbBinary(say);
    return startFerret(options.dataDir, options.postgresqlUrl);
  }
  return startMemoryServer(say);
}

function hasGo(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

/** Builds the binary once; rebuilds only when the Go sources are newer than it. */
export function ensureDevdbBinary(say: Say): string {
  const sources = ['main.go', 'go.mod', 'go.sum', PATCH_LIST].map((f) => path.join(sourceDir, f));
  const built = existsSync(devdbBinary) ? statSync(devdbBinary).mtimeMs : 0;
  if (built && sources.every((f) => !existsSync(f) || statSync(f).mtimeMs <= built)) return devdbBinary;
  say('Building the development database (FerretDB 1.24 on SQLite) from devdb/ — the first build takes a minute or two…');
  mkdirSync(path.dirname(devdbBinary), { recursive: true });
  const result = buildPatchedDevdb(sourceDir, devdbBinary);
  if (result.status !== 0) {
    throw new Error(
      'Could not build the development database with Go (see the output above). Set MONGODB_URI to a MongoDB server instead.',
    );
  }
  say('Development database built.');
  return devdbBinary;
}

export async function startFerret(dataDir: string, postgresqlUrl?: string): Promise<DevDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const backend = postgresqlUrl ? ['-postgresql', postgresqlUrl] : [];
  const child = spawn(devdbBinary, ['-listen', `127.0.0.1:${port}`, '-dir', dataDir, ...backend], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const uri = await waitForReady(child);
  return {
    uri,
    kind: 'ferretdb',
    stop: () => stopChild(child),
  };
}

function waitForReady(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    let stdout = '';
    const timer = setTimeout(() => fail(new Error('the development database did not start within 30s')), 30_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}${stderr ? `: ${stderr.trim()}` : ''}. Set MONGODB_URI to use another server.`));
    };
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^ready (\S+)$/m.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => fail(new Error(`the development database exited (code ${code})`)));
    child.once('error', fail);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
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
    return { uri: server.getUri(), kind: 'mongodb-memory-server', stop: async () => void (await server.stop()) };
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
