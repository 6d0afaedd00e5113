import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { ensureDevdbBinary, startFerret } from '../../adapters/mongo/devDatabase.js';

/** The server both sides of the benchmark talk to; databases on it are named per run. */
export interface BenchServer {
  /** What it is, for the report. */
  label: string;
  onFerretPostgres: boolean;
  uriFor(database: string): string;
  dropDatabase(database: string): Promise<void>;
  stop(): Promise<void>;
}

const PG = { host: '127.0.0.1', port: '5432', user: 'postgres' };

function psql(sql: string): void {
  execFileSync('psql', ['-h', PG.host, '-p', PG.port, '-U', PG.user, '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qc', sql], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

function withDatabase(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * MONGODB_URI when set (a real MongoDB); otherwise the project's FerretDB launcher on a fresh
 * PostgreSQL database of the machine (DESIGN.md section 7: FerretDB's SQLite backend rewrites
 * documents one by one with full scans, far too slow for 100,000 notes), dropped again at the end.
 */
export async function startBenchServer(say: (line: string) => void): Promise<BenchServer> {
  const given = process.env.MONGODB_URI;
  const uriFor = (base: string) => (database: string) => withDatabase(base, database);
  const dropDatabase = (base: string) => async (database: string) => {
    const client = await MongoClient.connect(withDatabase(base, database), { serverSelectionTimeoutMS: 5_000 });
    try {
      await client.db().dropDatabase();
    } finally {
      await client.close();
    }
  };
  if (given) {
    return { label: `MONGODB_URI (${new URL(given).host})`, onFerretPostgres: false, uriFor: uriFor(given), dropDatabase: dropDatabase(given), stop: async () => {} };
  }
  ensureDevdbBinary(say);
  const pgDatabase = `notes_bench_bulk_${randomBytes(4).toString('hex')}`;
  psql(`CREATE DATABASE ${pgDatabase}`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'notes-bench-bulk-'));
  const cleanup = () => {
    rmSync(dataDir, { recursive: true, force: true });
    // FORCE: a worker killed at the time limit may leave connections behind in FerretDB's pool.
    psql(`DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`);
  };
  let ferret;
  try {
    ferret = await startFerret(dataDir, `postgres://${PG.user}@${PG.host}:${PG.port}/${pgDatabase}`);
  } catch (error) {
    cleanup();
    throw error;
  }
  const base = ferret.uri;
  return {
    label: `FerretDB 1.24 on PostgreSQL (database ${pgDatabase}, dropped afterwards)`,
    onFerretPostgres: true,
    uriFor: uriFor(base),
    dropDatabase: dropDatabase(base),
    stop: async () => {
      await ferret.stop();
      cleanup();
    },
  };
}
