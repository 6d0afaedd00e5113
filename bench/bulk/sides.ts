import { createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { MongoClient } from 'mongodb';
import { pino } from 'pino';
import { createApp, type App } from '../../root/app.js';
import { finalStatuses, type DeletionPlan } from '../../src/domain/plan.js';
import { parseCommand } from '../../adapters/chat/parseCommand.js';
import { loadConfig } from '../../adapters/config.js';
import type { RequestContext } from '../../src/usecases/context.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import { measurePhase, type PhaseResult } from './memory.js';
import { BENCH_FILTER_TEXT, BENCH_TAG } from './seed.js';

export interface SideResult {
  phases: PhaseResult[];
  /** Notes written to the snapshot file and notes soft-deleted, as each side reports them. */
  snapshotted: number;
  deleted: number;
  /** Soft-deleted notes in the database afterwards, counted independently. */
  deletedInDatabase: number;
  snapshotBytes: number;
}

const ADMIN = 'console:bench';

/** What the app's `tag:bench` filter selects, for the raw side (the same query the app builds). */
const liveBenchNotes = { deletedAt: null, tags: { $all: [BENCH_TAG] } };

/** The raw `mongodb` driver doing the same work: cursor -> NDJSON -> gzip -> file, then one updateMany. */
export async function runRaw(uri: string, workDir: string, dbPid?: number): Promise<SideResult> {
  const client = await MongoClient.connect(uri, { maxPoolSize: 20 });
  try {
    const notes = client.db().collection('notes');
    await mkdir(workDir, { recursive: true });
    let snapshotted = 0;
    const file = path.join(workDir, 'raw-snapshot.ndjson.gz');
    const snapshot = await measurePhase('raw: cursor -> gzip file', async () => {
      const cursor = notes.find(liveBenchNotes, { batchSize: 1000 });
      async function* lines() {
        for await (const doc of cursor) {
          snapshotted += 1;
          yield `${JSON.stringify({ c: 'notes', d: doc })}\n`;
        }
      }
      const out = createWriteStream(file);
      await pipeline(Readable.from(lines()), createGzip(), out);
      return out.bytesWritten;
    }, dbPid);
    const update = await measurePhase('raw: updateMany', () =>
      notes.updateMany(liveBenchNotes, {
        $set: { deletedAt: new Date(), deletedBy: ADMIN, deleteReason: null, deletionPlanId: 'raw-baseline' },
      }),
      dbPid,
    );
    return {
      phases: [snapshot.phase, update.phase],
      snapshotted,
      deleted: update.value.modifiedCount,
      deletedInDatabase: await notes.countDocuments({ deletedAt: { $ne: null } }),
      snapshotBytes: snapshot.value,
    };
  } finally {
    await client.close();
  }
}

async function readManifest(file: string): Promise<{ counts: { notes: number }; bytes: number }> {
  return JSON.parse(await readFile(file, 'utf8')) as { counts: { notes: number }; bytes: number };
}

/**
 * Confirms a bulk delete and waits for its plan to end: a plan over a page runs in the background
 * (answered "started"), so the plan's stored status says when its last batch is done.
 */
export async function confirmAndFinish(app: App, ctx: RequestContext, confirmationId: string): Promise<FinishedPlan> {
  const outcome = await app.dispatcher.execute(ctx, { name: 'confirm', confirmationId });
  if (outcome.kind === 'plan-executed') return outcome.plan;
  const { planId } = expectKind(outcome, 'operation-started').operation;
  const plans = app.connection.collection<FinishedPlan>('plans');
  for (;;) {
    const plan = await plans.findOne({ id: planId ?? '' });
    if (!plan) throw new Error(`plan ${planId} is not stored`);
    if (finalStatuses.includes(plan.status)) return plan;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

type FinishedPlan = Pick<DeletionPlan, 'id' | 'status' | 'deletedCount' | 'skippedCount' | 'snapshotId' | 'finishedAt'>;

function expectKind<K extends Outcome['kind']>(outcome: Outcome, kind: K): Extract<Outcome, { kind: K }> {
  if (outcome.kind !== kind) throw new Error(`expected a ${kind} outcome, got ${outcome.kind}`);
  return outcome as Extract<Outcome, { kind: K }>;
}

/** The real app end to end: `bulk-delete tag:bench` (preview, frozen plan), then `confirm`. */
export async function runApp(uri: string, workDir: string, count: number, dbPid?: number): Promise<SideResult> {
  const config = loadConfig({
    DATA_DIR: workDir,
    NOTES_ADMINS: ADMIN,
    BULK_MAX: String(Math.max(count, 10_000)),
    BULK_APPROVAL_THRESHOLD: String(count + 1),
    ...(process.env.BULK_BATCH_SIZE ? { BULK_BATCH_SIZE: process.env.BULK_BATCH_SIZE } : {}),
  });
  const app = await createApp({ config, logger: pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' }, pino.destination(2)), databaseUri: uri });
  // No front end registers a progress board here: long work may start at once.
  app.startBackground();
  try {
    const ctx: RequestContext = { actor: { id: ADMIN, platform: 'console' }, origin: { platform: 'console', channelId: 'bench' } };
    const preview = await measurePhase('app: bulk-delete (preview)', async () =>
      expectKind(await app.dispatcher.execute(ctx, parseCommand(`/notes bulk-delete ${BENCH_FILTER_TEXT}`, { platform: 'console' })), 'confirm-plan'),
      dbPid,
    );
    const confirmationId = preview.value.confirmationId;
    const run = await measurePhase('app: confirm (snapshot + batches)', async () => confirmAndFinish(app, ctx, confirmationId), dbPid);
    const plan = run.value;
    const manifest = await readManifest(path.join(config.backupDir, `${plan.snapshotId}.json`));
    return {
      phases: [preview.phase, run.phase],
      snapshotted: manifest.counts.notes,
      deleted: plan.deletedCount,
      deletedInDatabase: await app.connection.collection('notes').countDocuments({ deletedAt: { $ne: null } }),
      snapshotBytes: manifest.bytes,
    };
  } finally {
    await app.close();
  }
}
