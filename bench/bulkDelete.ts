/**
 * `npm run bench` / `npm run bench:bulk` (issue 2, "Benchmark"): one bulk-delete plan end to end
 * through the real app, next to the raw `mongodb` driver doing the same work on the same server in
 * the same run, with peak memory per phase.
 *
 *   BENCH_COUNTS=10000,25000,50000,100000
 *                               note counts, run in this order (the default)
 *   BENCH_TIME_LIMIT_S=1800     the whole run stops within about this; larger counts are skipped
 *                               when the previous one says they cannot finish in time
 *   (default)                   the embedded default of `npm start` (FerretDB on SQLite), fresh
 *   BENCH_POSTGRESQL_URL=postgres://user@host:5432
 *                               FerretDB on that PostgreSQL server (a throw-away database)
 *   MONGODB_URI=mongodb://...   use that server (databases bench_bulk_* are created and dropped)
 *   BULK_BATCH_SIZE=...         passed to the app's config (its default otherwise)
 *   BENCH_LOG_LEVEL=info        the app's log on stderr (silent by default)
 *
 * Each side runs in its own child process, so a phase's peak RSS is its own and not what an
 * earlier phase left behind; the database server's peak RSS is sampled per phase next to it.
 * Loopback only. Exits 1 when a side fails or the app is over 1.5x the raw driver at a count both
 * sides finished; a count skipped or stopped at the time limit is reported, not failed.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../adapters/config.js';
import type { PhaseResult } from './bulk/memory.js';
import { startBenchDatabase, type BenchDatabase } from './common/database.js';
import { PeakSampler } from './common/dbProcess.js';
import { runApp, runRaw, type SideResult } from './bulk/sides.js';
import { seedDatabase } from './bulk/seed.js';
import { printReport, verdict, type CountReport } from './bulk/report.js';

type Side = 'raw' | 'app';
interface WorkerJob {
  side: Side;
  uri: string;
  workDir: string;
  count: number;
  dbPid?: number;
}
type WorkerReply = { ok: true; result: SideResult } | { ok: false; error: string };
type SideRun = SideResult | { timedOutAfterMs: number } | { failed: string };

/** Ascending, so the table always has the largest count that fits in the time limit. */
const DEFAULT_COUNTS = '10000,25000,50000,100000';
const say = (line: string) => process.stderr.write(`${line}\n`);
const thisFile = fileURLToPath(import.meta.url);

/** Child mode: run one side and send the result back over IPC. */
async function worker(job: WorkerJob): Promise<void> {
  let reply: WorkerReply;
  try {
    const result = job.side === 'raw' ? await runRaw(job.uri, job.workDir, job.dbPid) : await runApp(job.uri, job.workDir, job.count, job.dbPid);
    reply = { ok: true, result };
  } catch (error) {
    reply = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  await new Promise<void>((resolve) => process.send?.(reply, () => resolve()));
}

/** Runs one side in a child (same tsx loader via execArgv); kills it at the deadline. */
function runSide(job: WorkerJob, timeoutMs: number): Promise<SideRun> {
  return new Promise((resolve) => {
    const child = fork(thisFile, ['--worker', JSON.stringify(job)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // --expose-gc: each phase also reports the heap it keeps, after a collection, untimed.
      execArgv: [...process.execArgv, '--expose-gc'],
    });
    const started = Date.now();
    let reply: WorkerReply | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), Math.max(1_000, timeoutMs));
    child.on('message', (message: WorkerReply) => (reply = message));
    child.once('error', (error) => resolve({ failed: error.message }));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (reply?.ok) resolve(reply.result);
      else if (signal === 'SIGKILL') resolve({ timedOutAfterMs: Date.now() - started });
      else resolve({ failed: `exit ${code ?? signal}: ${reply?.ok === false ? reply.error : 'no reply'}` });
    });
  });
}

function parseCounts(text: string): number[] {
  const counts = text.split(',').map((part) => Number(part.trim()));
  if (!counts.length || counts.some((n) => !Number.isInteger(n) || n < 1 || n > 1_000_000)) {
    throw new Error(`BENCH_COUNTS must be a comma list of note counts (1..1000000), got "${text}"`);
  }
  return counts;
}

async function benchCount(server: BenchDatabase, count: number, deadline: number, workDir: string): Promise<CountReport> {
  const names = { raw: `bench_bulk_raw_${count}`, app: `bench_bulk_app_${count}` };
  const seedStarted = performance.now();
  const seedMemory = new PeakSampler(server.pid);
  for (const name of Object.values(names)) {
    await server.dropDatabase(name);
    await seedDatabase(server.uriFor(name), count);
  }
  const seedMs = performance.now() - seedStarted;
  const seedDbRssPeak = seedMemory.stop();
  say(`  seeded ${count} notes twice in ${(seedMs / 1000).toFixed(1)} s`);
  const report: CountReport = { count, seedMs, ...(seedDbRssPeak ? { seedDbRssPeak } : {}) };
  try {
    for (const side of ['raw', 'app'] as const) {
      const job = { side, uri: server.uriFor(names[side]), workDir: path.join(workDir, `${side}-${count}`), count, dbPid: server.pid };
      const outcome = await runSide(job, deadline - Date.now());
      report[side] = outcome;
      if ('failed' in outcome) say(`  ${side} failed: ${outcome.failed}`);
      if (!('phases' in outcome)) break;
      report[side] = outcome;
      say(`  ${side}: ${(total(outcome.phases) / 1000).toFixed(1)} s`);
    }
  } finally {
    for (const name of Object.values(names)) await server.dropDatabase(name).catch(() => undefined);
  }
  return report;
}

const total = (phases: PhaseResult[]) => phases.reduce((sum, phase) => sum + phase.ms, 0);

/**
 * Time the next count would take, from the previous one: with the square of the count on FerretDB
 * (SQLite or PostgreSQL: each batch scans the whole collection and tests `$in` in turn), in
 * proportion on MongoDB.
 */
function projectMs(previous: CountReport | undefined, count: number, quadratic: boolean): number {
  if (!previous?.raw || !previous.app || !('phases' in previous.app) || !('phases' in previous.raw)) return 0;
  const spent = previous.seedMs + total(previous.raw.phases) + total(previous.app.phases);
  return spent * (count / previous.count) ** (quadratic ? 2 : 1);
}

async function main(): Promise<number> {
  const counts = parseCounts(process.env.BENCH_COUNTS ?? DEFAULT_COUNTS);
  const limitS = Number(process.env.BENCH_TIME_LIMIT_S ?? 1800);
  const deadline = Date.now() + limitS * 1000;
  const workDir = mkdtempSync(path.join(tmpdir(), 'notes-bench-bulk-files-'));
  const server = await startBenchDatabase(say);
  // Ctrl-C: the workers get it too; still stop the database (and drop a PostgreSQL one).
  process.once('SIGINT', () => void server.stop().finally(() => process.exit(130)));
  const reports: CountReport[] = [];
  try {
    for (const count of counts) {
      const lastRun = reports.findLast((report) => !report.skipped);
      const projected = projectMs(lastRun, count, server.backend !== 'other');
      const left = deadline - Date.now();
      if (reports.at(-1)?.skipped || projected > left) {
        reports.push({ count, seedMs: 0, skipped: `projected ${(projected / 1000).toFixed(0)} s > ${(left / 1000).toFixed(0)} s left` });
        continue;
      }
      say(`${count} notes on ${server.label}`);
      reports.push(await benchCount(server, count, deadline, workDir));
    }
  } finally {
    await server.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
  const batchSize = loadConfig({ BULK_BATCH_SIZE: process.env.BULK_BATCH_SIZE }).BULK_BATCH_SIZE;
  printReport(server.label, limitS, `${batchSize}${process.env.BULK_BATCH_SIZE ? '' : ' (the default)'}`, reports);
  const { ok, line } = verdict(reports);
  process.stdout.write(`${line}\n`);
  return ok ? 0 : 1;
}

if (process.argv[2] === '--worker') {
  await worker(JSON.parse(process.argv[3] ?? '{}') as WorkerJob);
} else {
  process.exitCode = await main();
}
