import { rm } from 'node:fs/promises';
import { MongoClient, type Db, type Document } from 'mongodb';
import { AUDIT_TARGETS_MAX } from '../../../src/domain/plan.js';
import { freshDatabaseUri } from '../../support/database.js';
import { runScript, runUntilKilled as crashRun, type BotRun } from './runBot.js';

/**
 * Reliability: a plan of any kind (bulk delete, undo, restore from backup) whose process is
 * killed mid-way is finished by the next process that starts, with exact counts, every note it
 * changed audited exactly once, and nothing done twice. The kill is deterministic: the bot's
 * test-only crash point (NOTES_TEST_CRASH_AFTER_BATCH, see adapters/app.ts) SIGKILLs it at a
 * chosen step of a chosen batch.
 */
const NOTES = 300;
const BATCH = 25;
const RECORD = 'acct-crash';
let client: MongoClient;
let db: Db;
let env: Record<string, string>;
const backupDir = `/tmp/notes-crash-test-${process.pid}`;

beforeAll(async () => {
  const uri = freshDatabaseUri('crash');
  client = await MongoClient.connect(uri);
  db = client.db();
  env = { MONGODB_URI: uri, NOTES_ADMINS: 'console:alice', BULK_BATCH_SIZE: String(BATCH), BULK_APPROVAL_THRESHOLD: '100000', BACKUP_DIR: backupDir };
});
afterAll(async () => {
  await client.close();
  await rm(backupDir, { recursive: true, force: true });
});

beforeEach(async () => {
  for (const name of ['notes', 'plans', 'claims', 'audit']) await db.collection(name).deleteMany({});
  const start = new Date(Date.UTC(2026, 0, 1));
  await db.collection('notes').insertMany(
    Array.from({ length: NOTES }, (_, i) => {
      const at = new Date(start.getTime() + i * 1000);
      const id = `n-crash${i.toString().padStart(5, '0')}`;
      return { _id: id, id, recordId: RECORD, body: `row ${i}`, tags: [], authorId: 'console:alice', createdAt: at, updatedAt: at, deletedAt: null, deletedBy: null, deleteReason: null, deletionPlanId: null } as Document;
    }),
  );
});

const noteIds = Array.from({ length: NOTES }, (_, i) => `n-crash${i.toString().padStart(5, '0')}`);

/** Runs the bot on `script` with a crash point; it must die by SIGKILL, not finish. */
async function runUntilKilled(script: string, crash: { afterBatch: number; at: 'applied' | 'recorded' | 'advanced' }): Promise<BotRun> {
  return crashRun(env, { NOTES_TEST_CRASH_AFTER_BATCH: String(crash.afterBatch), NOTES_TEST_CRASH_AT: crash.at }, script);
}

/** Any start of the bot resumes unfinished plans before it takes commands. */
async function restart(script = 'trash record:acct-crash\n'): Promise<BotRun> {
  const run = await runScript(script, env, ['--as', 'console:alice']);
  expect(run.code).toBe(0);
  return run;
}

const findPlan = (filter: Document) => db.collection('plans').findOne(filter);

/** Each note is listed by exactly one batch entry of `action` for this plan; no entry is too long. */
async function expectEachAuditedOnce(action: string, planId: string, ids: string[]) {
  const all = await db.collection('audit').find({}).toArray();
  expect(Math.max(...all.map((e) => (e.targetIds as string[]).length))).toBeLessThanOrEqual(AUDIT_TARGETS_MAX);
  const batches = all.filter((e) => e.action === action && e.details.planId === planId && e.details.batch);
  const listed = batches.flatMap((e) => (e.targetIds as string[]).filter((t) => t !== planId));
  expect(listed.sort()).toEqual([...ids].sort());
  expect(all.filter((e) => e.action === action && e.details.planId === planId && e.details.finished)).toHaveLength(1);
}

test('bulk delete killed after its 2nd batch is recorded but before it is audited: the restart finishes it exactly', async () => {
  await runUntilKilled('bulk-delete record:acct-crash\ny\n', { afterBatch: 2, at: 'recorded' });
  const crashed = await findPlan({ kind: 'delete' });
  expect(crashed).toMatchObject({ status: 'executing', cursor: BATCH, deletedCount: BATCH });
  expect(await db.collection('notes').countDocuments({ deletionPlanId: crashed!.id })).toBe(2 * BATCH);
  expect(await db.collection('claims').countDocuments({ _id: `plan:${crashed!.id}:batch:${BATCH}` } as Document)).toBe(1);

  const restarted = await restart();
  // Lists no longer count every note: the trash shows its first page, the plan's counts are below.
  expect(restarted.stdout).toContain('10+ deleted notes matching record:acct-crash');
  expect(await findPlan({ id: crashed!.id })).toMatchObject({ status: 'done', cursor: NOTES, deletedCount: NOTES, skippedCount: 0 });
  expect(await db.collection('notes').countDocuments({ recordId: RECORD, deletedAt: null })).toBe(0);
  await expectEachAuditedOnce('plan.execute', crashed!.id, noteIds);
}, 120_000);

test('undo killed after acting on its 2nd batch, before recording it: the restart restores and audits each note once', async () => {
  await restart('bulk-delete record:acct-crash\ny\n');
  const deletion = await findPlan({ kind: 'delete', status: 'done' });
  expect(deletion).toMatchObject({ deletedCount: NOTES });
  await runUntilKilled(`undo ${deletion!.id}\n`, { afterBatch: 2, at: 'applied' });
  const crashed = await findPlan({ kind: 'undo' });
  expect(crashed).toMatchObject({ status: 'executing', sourceId: deletion!.id, cursor: BATCH, deletedCount: BATCH });
  // The 2nd batch's notes came back, but no record or audit says so yet.
  expect(await db.collection('notes').countDocuments({ deletedAt: null })).toBe(2 * BATCH);

  await restart();
  expect(await findPlan({ id: crashed!.id })).toMatchObject({ status: 'done', cursor: NOTES, deletedCount: NOTES, skippedCount: 0 });
  expect(await db.collection('notes').countDocuments({ deletedAt: null })).toBe(NOTES);
  await expectEachAuditedOnce('plan.undo', crashed!.id, noteIds);
}, 120_000);

test('restore from backup killed after acting on its 2nd batch, before recording it: the restart restores the rest, each note once, content intact', async () => {
  const made = await restart('backup now\n');
  const backupId = /manual-\S+/.exec(made.stdout)?.[0];
  expect(backupId).toBeDefined();
  const before = await db.collection('notes').find({}, { projection: { _id: 0, updatedAt: 0 } }).sort({ id: 1 }).toArray();
  await db.collection('notes').deleteMany({});

  await runUntilKilled(`backup restore ${backupId}\ny\n`, { afterBatch: 2, at: 'applied' });
  const crashed = await findPlan({ kind: 'backup-restore' });
  expect(crashed).toMatchObject({ status: 'executing', sourceId: backupId, cursor: BATCH, deletedCount: BATCH });
  // The 2nd batch's notes are back, but nothing records or audits it yet: the restart finds them
  // live, and must count them as this restore's, not as live notes it skipped.
  expect(await db.collection('notes').countDocuments({})).toBe(2 * BATCH);

  await restart();
  expect(await findPlan({ id: crashed!.id })).toMatchObject({ status: 'done', cursor: NOTES, deletedCount: NOTES, skippedCount: 0 });
  const after = await db.collection('notes').find({}, { projection: { _id: 0, updatedAt: 0 } }).sort({ id: 1 }).toArray();
  expect(after).toEqual(before);
  await expectEachAuditedOnce('backup.restore', crashed!.id, noteIds);
}, 120_000);
