/**
 * `npm run bench:batches` (issue 11, "long work with live progress"): a bulk delete of 10,000 notes
 * of one record among 100,000, through the real app, timed from the confirmation to the plan's end,
 * with how many batches it ran and when the first one (the first progress update) was done.
 *
 *   BENCH_NOTES=100000          notes in the collection
 *   BENCH_PLAN_NOTES=10000      of which this many (every n-th, so spread over the id order) are on
 *                               the record the plan deletes
 *   BULK_BATCH_SIZE=default     passed to the app's config; a comma list (`default,1000,500`) runs
 *                               one plan per size, in turn on the same notes (made live again)
 *   (server)                    as every benchmark: the embedded default, BENCH_POSTGRESQL_URL or
 *                               MONGODB_URI (see bench/common/database.ts)
 *
 * On FerretDB before `$in` pushdown (devdb/_ferretdb/.../query_filter.go) every batch scanned the
 * whole collection, hence the large default batch and no progress; now a batch reads its own notes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { pino } from 'pino';
import { parseCommand } from '../adapters/chat/parseCommand.js';
import { loadConfig } from '../adapters/config.js';
import { createApp } from '../root/app.js';
import type { RequestContext } from '../src/usecases/context.js';
import { startBenchDatabase } from './common/database.js';
import { insertNotes } from './common/seedNotes.js';
import { benchNotes } from './bulk/seed.js';
import { confirmAndFinish } from './bulk/sides.js';

const say = (line: string) => process.stderr.write(`${line}\n`);
const ADMIN = 'console:bench';
const RECORD = 'acct-plan';

interface Run {
  batchSize: string;
  seconds: number;
  batches: number;
  firstBatchSeconds: number;
  longestGapSeconds: number;
  deleted: number;
}

function* seeded(total: number, inPlan: number) {
  const every = Math.max(1, Math.floor(total / inPlan));
  let i = 0;
  for (const note of benchNotes(total)) {
    yield i % every === 0 && i / every < inPlan ? { ...note, recordId: RECORD } : note;
    i += 1;
  }
}

async function runOnce(uri: string, batchSize: string | undefined, workDir: string): Promise<Run> {
  const config = loadConfig({
    DATA_DIR: workDir,
    NOTES_ADMINS: ADMIN,
    BULK_APPROVAL_THRESHOLD: '1000000',
    ...(batchSize ? { BULK_BATCH_SIZE: batchSize } : {}),
  });
  const app = await createApp({ config, logger: pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' }, pino.destination(2)), databaseUri: uri });
  app.startBackground();
  try {
    const ctx: RequestContext = { actor: { id: ADMIN, platform: 'console' }, origin: { platform: 'console', channelId: 'bench' } };
    const preview = await app.dispatcher.execute(ctx, parseCommand(`/notes bulk-delete record:${RECORD}`, { platform: 'console' }));
    if (preview.kind !== 'confirm-plan') throw new Error(`expected a confirm-plan outcome, got ${preview.kind}`);
    const started = Date.now();
    const plan = await confirmAndFinish(app, ctx, preview.confirmationId);
    const seconds = (Date.now() - started) / 1000;
    const entries = await app.connection
      .collection('audit')
      .find({ action: 'plan.execute', 'details.planId': plan.id, 'details.batch': { $exists: true } })
      .toArray();
    // A batch is audited in entries of at most 100 notes each; its end is its last entry.
    const batchEnds = new Map<number, number>();
    for (const entry of entries) {
      const from = (entry.details as { batch: { from: number } }).batch.from;
      batchEnds.set(from, Math.max(batchEnds.get(from) ?? 0, new Date(entry.at as Date).getTime()));
    }
    const times = [...batchEnds.values()].sort((a, b) => a - b);
    const gaps = times.map((t, i) => t - (i ? times[i - 1] : started));
    return {
      batchSize: `${config.BULK_BATCH_SIZE}${batchSize ? '' : ' (default)'}`,
      seconds,
      batches: times.length,
      firstBatchSeconds: gaps.length ? gaps[0] / 1000 : NaN,
      longestGapSeconds: gaps.length ? Math.max(...gaps) / 1000 : NaN,
      deleted: plan.deletedCount,
    };
  } finally {
    await app.close();
  }
}

async function resetPlanNotes(uri: string): Promise<void> {
  const client = await MongoClient.connect(uri);
  try {
    await client
      .db()
      .collection('notes')
      .updateMany({ recordId: RECORD, deletedAt: { $ne: null } }, { $set: { deletedAt: null, deletedBy: null, deleteReason: null, deletionPlanId: null } });
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  const total = Number(process.env.BENCH_NOTES ?? 100_000);
  const inPlan = Number(process.env.BENCH_PLAN_NOTES ?? 10_000);
  // `default` in the list: the app's default.
  const sizes = (process.env.BULK_BATCH_SIZE ?? 'default').split(',').map((size) => (size.trim() === 'default' ? undefined : size.trim()));
  const server = await startBenchDatabase(say);
  const workDir = mkdtempSync(path.join(tmpdir(), 'notes-bench-batches-'));
  const runs: Run[] = [];
  const name = 'bench_batches';
  try {
    await server.dropDatabase(name);
    const seedStarted = Date.now();
    await insertNotes(server.uriFor(name), seeded(total, inPlan), 1000);
    say(`seeded ${total} notes (${inPlan} on ${RECORD}) in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);
    for (const size of sizes) {
      // The same notes for every size: the previous plan's notes live again (seeding anew takes minutes).
      await resetPlanNotes(server.uriFor(name));
      say(`batch size ${size ?? 'default'}`);
      runs.push(await runOnce(server.uriFor(name), size, path.join(workDir, `run-${runs.length}`)));
      say(row(runs[runs.length - 1]));
    }
  } finally {
    await server.dropDatabase(name).catch(() => undefined);
    await server.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
  process.stdout.write(`Bulk delete of ${inPlan} of ${total} notes on ${server.label}\n`);
  process.stdout.write('batch size        | total s | batches | first batch s | longest gap s | deleted\n');
  for (const run of runs) process.stdout.write(`${row(run)}\n`);
}

function row(run: Run): string {
  const cells = [run.batchSize.padEnd(17), run.seconds.toFixed(1).padStart(7), String(run.batches).padStart(7), run.firstBatchSeconds.toFixed(1).padStart(13), run.longestGapSeconds.toFixed(1).padStart(13), String(run.deleted).padStart(7)];
  return cells.join(' | ');
}

await main();
