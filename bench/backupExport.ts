/**
 * `npm run bench:backup` — the backup export against the raw driver (not a timed test).
 *
 * Seeds notes through the driver in the shape the repository stores, then for each size (250k,
 * then 1M): runs the project's export (mongoose cursor -> NDJSON -> gzip -> sha256 -> file, then the
 * verification re-read) and a raw-driver baseline (cursor -> JSON lines -> gzip -> file), each in
 * a child process that reports its own peak RSS (`process.resourceUsage().maxRSS`), while this
 * process samples the database server's RSS. The two alternate, ours first (ours, raw, ours,
 * raw, ...), BENCH_REPEATS pairs (3 by default): neither side always meets a cold database, and
 * the verdict is the median of the pairs' throughput ratios.
 *
 * Database: as every benchmark (bench/common/database.ts): the embedded default of `npm start`,
 * BENCH_POSTGRESQL_URL for FerretDB on PostgreSQL, MONGODB_URI for that server.
 * BENCH_SIZES=250000,1000000 overrides the sizes. Exits 1 when the median ratio is under 0.9 or
 * the export's peak RSS over 256 MB at any size.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { MongoClient } from 'mongodb';
import { pino } from 'pino';
import type { Note } from '../src/domain/note.js';
import { startBenchDatabase } from './common/database.js';
import { megabytes, PeakSampler, readMemory } from './common/dbProcess.js';
import { insertNotes } from './common/seedNotes.js';

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
  const { createApp } = await import('../root/app.js');
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

/** Notes `from`..`target`-1; one in ten is in the trash. */
function* backupNotes(from: number, target: number): Generator<Note> {
  for (let i = from; i < target; i += 1) {
    const at = new Date(Date.UTC(2025, 0, 1) + i * 1000);
    const deleted = i % 10 === 0;
    yield {
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
    };
  }
}

const RATIO_TARGET = 0.9;
const RSS_TARGET_MB = 256;

interface Measured extends ChildReport {
  kind: 'ours' | 'raw';
  /** The database server's peak RSS while this child ran, bytes. */
  dbPeak?: number;
}

async function measured(kind: 'ours' | 'raw', uri: string, dir: string, dbPid: number | undefined): Promise<Measured> {
  const sampler = new PeakSampler(dbPid);
  try {
    const report = await runChild(kind, uri, dir);
    return { ...report, kind, dbPeak: sampler.take() };
  } finally {
    sampler.stop();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function main(): Promise<number> {
  const sizes = (process.env.BENCH_SIZES ?? '250000,1000000').split(',').map(Number);
  const repeats = Number(process.env.BENCH_REPEATS ?? 3);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(repeats) || repeats < 1) {
    throw new Error('BENCH_SIZES must be a comma list of note counts and BENCH_REPEATS a whole number >= 1');
  }
  const db = await startBenchDatabase((line) => process.stderr.write(`${line}\n`));
  const uri = db.uriFor('bench');
  const dir = await mkdtemp(path.join(tmpdir(), 'notes-bench-backups-'));
  const rate = (r: ChildReport) => Math.round(r.docs / (r.ms / 1000));
  const failures: string[] = [];
  console.log(`backup export benchmark — ${db.label}, Node ${process.version}, ${repeats} pairs (ours, raw) per size`);
  try {
    let seeded = 0;
    for (const size of sizes) {
      const seedSampler = new PeakSampler(db.pid);
      const started = Date.now();
      await insertNotes(uri, backupNotes(seeded, size), 10_000);
      console.log(`seeded ${size - seeded} notes in ${((Date.now() - started) / 1000).toFixed(1)} s (now ${size}); database peak RSS ${megabytes(seedSampler.stop())} MB`);
      seeded = size;
      const runs: Measured[] = [];
      for (let pair = 0; pair < repeats; pair += 1) {
        for (const kind of ['ours', 'raw'] as const) {
          const run = await measured(kind, uri, dir, db.pid);
          runs.push(run);
          const what = kind === 'ours' ? 'backup export (write)        ' : 'raw driver cursor->gzip->file';
          const verify = run.verifyMs === undefined ? '' : `  + verify ${(run.verifyMs / 1000).toFixed(1)} s`;
          console.log(
            `  ${size.toLocaleString('en')} #${pair + 1} ${what} ${(run.ms / 1000).toFixed(1)} s  ${rate(run).toLocaleString('en')} notes/s  ${mbText(run.bytes)}  Node peak RSS ${run.maxRssMB} MB (${run.rssBeforeMB} before)  database peak RSS ${megabytes(run.dbPeak)} MB${verify}`,
          );
        }
      }
      const ours = runs.filter((r) => r.kind === 'ours');
      const raw = runs.filter((r) => r.kind === 'raw');
      const ratios = ours.map((o, i) => rate(o) / rate(raw[i]));
      const ratio = median(ratios);
      const oursRss = Math.max(...ours.map((r) => r.maxRssMB));
      const dbPeak = Math.max(0, ...runs.map((r) => r.dbPeak ?? 0));
      console.log(
        [
          `  ${size.toLocaleString('en')} notes: median ratio export/raw throughput ${ratio.toFixed(2)} (pairs ${ratios.map((r) => r.toFixed(2)).join(', ')}; target >= ${RATIO_TARGET}) ${ratio >= RATIO_TARGET ? 'ok' : 'UNDER'}`,
          `    export Node peak RSS ${oursRss} MB (target <= ${RSS_TARGET_MB}) ${oursRss <= RSS_TARGET_MB ? 'ok' : 'OVER'}; database peak RSS ${dbPeak ? megabytes(dbPeak) : '-'} MB during the exports (VmHWM since start ${megabytes(readMemory(db.pid)?.hwm)} MB)`,
        ].join('\n'),
      );
      if (ratio < RATIO_TARGET) failures.push(`${size}: ratio ${ratio.toFixed(2)} < ${RATIO_TARGET}`);
      if (oursRss > RSS_TARGET_MB) failures.push(`${size}: export peak RSS ${oursRss} MB > ${RSS_TARGET_MB}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await db.stop();
  }
  console.log(failures.length ? `FAIL: ${failures.join('; ')}` : `OK: every size within ${RATIO_TARGET}x of the raw driver's throughput and ${RSS_TARGET_MB} MB`);
  return failures.length ? 1 : 0;
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
  main().then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`${(error as Error).stack}\n`);
      process.exit(1);
    },
  );
}
