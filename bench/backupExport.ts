/**
 * `npm run bench:backup` — the backup export against the raw driver (not a timed test).
 *
 * Seeds notes with the raw driver (insertMany in batches), then for each size (250k, then 1M):
 * runs the project's export (mongoose cursor -> NDJSON -> gzip -> sha256 -> file, then the
 * verification re-read) and a raw-driver baseline (cursor -> JSON lines -> gzip -> file), each in
 * a child process that reports its own peak RSS (`process.resourceUsage().maxRSS`).
 *
 * Database: MONGODB_URI if set; else the embedded FerretDB, on PostgreSQL when
 * BENCH_POSTGRESQL_URL is set (e.g. postgres://postgres@127.0.0.1:5432/notes_bench, database
 * created by this script), else on SQLite. BENCH_SIZES=250000,1000000 overrides the sizes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { MongoClient, type Document } from 'mongodb';
import { pino } from 'pino';

const self = fileURLToPath(import.meta.url);
const mb = (kb: number) => Math.round(kb / 1024);
const mbText = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

interface ChildReport {
  ms: number;
  /** RSS once connected and loaded, before the export started: the export's own cost is the rest. */
  rssBeforeMB: number;
  verifyMs?: number;
  docs: number;
  bytes: number;
  maxRssMB: number;
}

/** Child: the project's export, through the real app (createApp, repositories, exporter). */
async function childOurs(uri: string, dir: string): Promise<ChildReport> {
  const { loadConfig } = await import('../adapters/config.js');
  const { createApp } = await import('../adapters/app.js');
  const { BackupCatalog } = await import('../adapters/backups/catalog.js');
  const { exportBackup } = await import('../adapters/backups/exporter.js');
  const app = await createApp({ config: loadConfig({ BACKUP_DIR: dir }), logger: pino({ level: 'silent' }), databaseUri: uri });
  const rssBeforeMB = mb(process.memoryUsage().rss / 1024);
  const started = Date.now();
  const backup = await exportBackup(new BackupCatalog(dir), app.deps, app.deps.clock, 'manual');
  const total = Date.now() - started;
  await app.close();
  if (!backup.verification?.ok) throw new Error(`the export did not verify: ${backup.verification?.problem}`);
  return { ms: backup.durationMs, rssBeforeMB, verifyMs: total - backup.durationMs, docs: backup.counts.notes, bytes: backup.bytes, maxRssMB: mb(process.resourceUsage().maxRSS) };
}

/** Child: the baseline, as one would write it with the driver alone. */
async function childRaw(uri: string, dir: string): Promise<ChildReport> {
  const client = await MongoClient.connect(uri);
  const rssBeforeMB = mb(process.memoryUsage().rss / 1024);
  const started = Date.now();
  let docs = 0;
  const cursor = client.db().collection('notes').find({}, { projection: { _id: 0 } }).sort({ id: 1 }).batchSize(1000);
  async function* jsonLines() {
    let pending = '';
    for await (const doc of cursor) {
      docs += 1;
      pending += `${JSON.stringify(doc)}\n`;
      if (pending.length >= 64 * 1024) {
        yield pending;
        pending = '';
      }
    }
    if (pending) yield pending;
  }
  const file = path.join(dir, 'raw.ndjson.gz');
  await pipeline(Readable.from(jsonLines()), createGzip(), createWriteStream(file));
  const ms = Date.now() - started;
  const { size } = await import('node:fs/promises').then((fs) => fs.stat(file));
  await client.close();
  return { ms, rssBeforeMB, docs, bytes: size, maxRssMB: mb(process.resourceUsage().maxRSS) };
}

function runChild(kind: 'ours' | 'raw', uri: string, dir: string): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', self, '--child', kind, uri, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as ChildReport) : reject(new Error(`${kind} child exited ${code}`))));
  });
}

const words = 'call follow-up renewal pricing churn risk onboarding escalation budget champion legal security review demo'.split(' ');

/** Grows the notes collection to `target` documents with the raw driver. */
async function seed(uri: string, from: number, target: number) {
  const client = await MongoClient.connect(uri);
  const notes = client.db().collection('notes');
  const batch = 10_000;
  const started = Date.now();
  for (let start = from; start < target; start += batch) {
    const docs: Document[] = [];
    for (let i = start; i < Math.min(target, start + batch); i += 1) {
      const at = new Date(Date.UTC(2025, 0, 1) + i * 1000);
      const deleted = i % 10 === 0;
      docs.push({
        _id: `n-${i.toString(36).padStart(7, '0')}`, // notes are keyed by their id (adapters/mongo/models.ts)
        id: `n-${i.toString(36).padStart(7, '0')}`,
        recordId: `acct-${i % 5000}`,
        body: `Note ${i}: ${words[i % words.length]} with ${words[(i * 7) % words.length]}, next step ${words[(i * 3) % words.length]} #${words[i % 5]}`,
        tags: [words[i % 5]],
        authorId: `slack:U${(i % 300).toString().padStart(6, '0')}`,
        createdAt: at,
        updatedAt: at,
        deletedAt: deleted ? new Date(at.getTime() + 86_400_000) : null,
        deletedBy: deleted ? 'slack:UADMIN' : null,
        deleteReason: deleted ? 'cleanup' : null,
        deletionPlanId: null,
      });
    }
    await notes.insertMany(docs, { ordered: false });
  }
  await client.close();
  return Date.now() - started;
}

async function database(): Promise<{ uri: string; label: string; stop: () => Promise<void> }> {
  if (process.env.MONGODB_URI) return { uri: process.env.MONGODB_URI, label: 'MONGODB_URI', stop: async () => undefined };
  const { startDevDatabase } = await import('../adapters/mongo/devDatabase.js');
  const pg = process.env.BENCH_POSTGRESQL_URL;
  if (pg) {
    const name = new URL(pg).pathname.slice(1);
    spawnSync('psql', [new URL('/postgres', pg).toString(), '-c', `DROP DATABASE IF EXISTS ${name}`, '-c', `CREATE DATABASE ${name}`], { stdio: 'ignore' });
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'notes-bench-db-'));
  const db = await startDevDatabase({ dataDir, ...(pg ? { postgresqlUrl: pg } : {}) });
  return {
    uri: new URL('bench', db.uri).toString(),
    label: pg ? 'FerretDB 1.24 on PostgreSQL 15' : 'FerretDB 1.24 on SQLite',
    stop: async () => {
      await db.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function main() {
  const sizes = (process.env.BENCH_SIZES ?? '250000,1000000').split(',').map(Number);
  const db = await database();
  const dir = await mkdtemp(path.join(tmpdir(), 'notes-bench-backups-'));
  const rate = (r: ChildReport) => Math.round(r.docs / (r.ms / 1000));
  console.log(`backup export benchmark — ${db.label}, Node ${process.version}`);
  try {
    // The app's indexes (unique note id: the export streams in id order) before seeding.
    const { createApp } = await import('../adapters/app.js');
    const { loadConfig } = await import('../adapters/config.js');
    await (await createApp({ config: loadConfig({ BACKUP_DIR: dir }), logger: pino({ level: 'silent' }), databaseUri: db.uri })).close();
    let seeded = 0;
    for (const size of sizes) {
      const seedMs = await seed(db.uri, seeded, size);
      console.log(`seeded ${size - seeded} notes in ${(seedMs / 1000).toFixed(1)} s (now ${size})`);
      seeded = size;
      const raw = await runChild('raw', db.uri, dir);
      const ours = await runChild('ours', db.uri, dir);
      console.log(
        [
          `  ${size.toLocaleString('en')} notes:`,
          `    raw driver  cursor->JSON->gzip->file   ${(raw.ms / 1000).toFixed(1)} s  ${rate(raw).toLocaleString('en')} notes/s  ${mbText(raw.bytes)}  peak RSS ${raw.maxRssMB} MB (${raw.rssBeforeMB} MB before)`,
          `    backup export (write)                  ${(ours.ms / 1000).toFixed(1)} s  ${rate(ours).toLocaleString('en')} notes/s  ${mbText(ours.bytes)}  peak RSS ${ours.maxRssMB} MB (${ours.rssBeforeMB} MB before)`,
          `    + verification re-read                 ${((ours.verifyMs ?? 0) / 1000).toFixed(1)} s`,
          `    ratio export/raw throughput            ${(rate(ours) / rate(raw)).toFixed(2)}  (target >= 0.8; peak RSS target <= 256 MB)`,
        ].join('\n'),
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await db.stop();
  }
}

if (process.argv[2] === '--child') {
  const [kind, uri, dir] = process.argv.slice(3);
  (kind === 'ours' ? childOurs(uri, dir) : childRaw(uri, dir)).then(
    (report) => {
      process.stdout.write(`${JSON.stringify(report)}\n`);
      process.exit(0);
    },
    (error) => {
      process.stderr.write(`${(error as Error).stack}\n`);
      process.exit(1);
    },
  );
} else {
  main().catch((error) => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  });
}
