/**
 * The server a benchmark runs against, chosen the same way for every benchmark:
 *
 *   (default)                   the embedded default that `npm start` uses (startDevDatabase, as
 *                               main.ts calls it), on a fresh data folder under the temp dir
 *   BENCH_POSTGRESQL_URL=postgres://user@host:5432
 *                               FerretDB on that PostgreSQL server instead of SQLite; a throw-away
 *                               database notes_bench_<random> is created there and dropped after
 *   MONGODB_URI=mongodb://...   that server (the benchmark's databases are created and dropped)
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startDevDatabase } from '../../adapters/mongo/devDatabase.js';
import { pidListeningOn } from './dbProcess.js';

export interface BenchDatabase {
  /** What it is, for the report. */
  label: string;
  backend: 'ferretdb-sqlite' | 'ferretdb-postgresql' | 'other';
  /** The local database server process, when there is one to measure. */
  pid: number | undefined;
  uriFor(database: string): string;
  dropDatabase(database: string): Promise<void>;
  stop(): Promise<void>;
}

type Say = (line: string) => void;

export function withDatabase(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

async function drop(uri: string): Promise<void> {
  const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.db().dropDatabase();
  } finally {
    await client.close();
  }
}

function psql(serverUrl: string, sql: string): void {
  const url = new URL(serverUrl);
  url.pathname = '/postgres';
  try {
    execFileSync('psql', [url.toString(), '-v', 'ON_ERROR_STOP=1', '-qc', sql], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`BENCH_POSTGRESQL_URL: psql could not run "${sql}" on ${url.host}: ${stderr || (error as Error).message}`);
  }
}

export async function startBenchDatabase(say: Say): Promise<BenchDatabase> {
  const given = process.env.MONGODB_URI;
  if (given) {
    return {
      label: `MONGODB_URI (${new URL(given).host})`,
      backend: 'other',
      pid: undefined,
      uriFor: (name) => withDatabase(given, name),
      dropDatabase: (name) => drop(withDatabase(given, name)),
      stop: async () => {},
    };
  }
  const pgServer = process.env.BENCH_POSTGRESQL_URL;
  const pgDatabase = `notes_bench_${randomBytes(4).toString('hex')}`;
  let pgUrl: string | undefined;
  if (pgServer) {
    psql(pgServer, `CREATE DATABASE ${pgDatabase}`);
    const url = new URL(pgServer);
    url.pathname = `/${pgDatabase}`;
    pgUrl = url.toString();
  }
  const home = mkdtempSync(path.join(tmpdir(), 'notes-bench-db-'));
  const cleanup = () => {
    rmSync(home, { recursive: true, force: true });
    // FORCE: a worker killed at a time limit may leave connections in FerretDB's pool.
    if (pgServer) psql(pgServer, `DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`);
  };
  let db;
  try {
    // As main.ts: <DATA_DIR>/db, here under a fresh temp folder.
    db = await startDevDatabase({ dataDir: path.join(home, 'db'), say, ...(pgUrl ? { postgresqlUrl: pgUrl } : {}) });
  } catch (error) {
    cleanup();
    throw error;
  }
  const base = db.uri;
  const label =
    db.kind !== 'ferretdb'
      ? `${db.kind} (the embedded fallback without Go)`
      : pgUrl
        ? `FerretDB 1.24 on PostgreSQL (${new URL(pgServer!).host}, database ${pgDatabase}, dropped afterwards)`
        : 'FerretDB 1.24 on SQLite (the embedded default of npm start)';
  return {
    label,
    backend: db.kind !== 'ferretdb' ? 'other' : pgUrl ? 'ferretdb-postgresql' : 'ferretdb-sqlite',
    pid: pidListeningOn(Number(new URL(base).port)),
    uriFor: (name) => withDatabase(base, name),
    dropDatabase: (name) => drop(withDatabase(base, name)),
    stop: async () => {
      await db.stop();
      cleanup();
    },
  };
}
