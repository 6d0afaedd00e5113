import { MongoClient, type Db } from 'mongodb';
import { freshDatabaseUri } from '../../support/database.js';
import { collect, runScript, spawnBot } from './runBot.js';

/**
 * Reliability: a bulk plan whose process is killed mid-way is finished by the next process that
 * starts, with exact counts, and nothing deleted or counted twice.
 */
const NOTES = 300;
let client: MongoClient;
let db: Db;
let env: Record<string, string>;

beforeAll(async () => {
  const uri = freshDatabaseUri('crash');
  client = await MongoClient.connect(uri);
  db = client.db();
  const now = new Date(Date.UTC(2026, 0, 1));
  await db.collection('notes').insertMany(
    Array.from({ length: NOTES }, (_, i) => ({
      id: `n-crash${i.toString().padStart(5, '0')}`,
      recordId: 'acct-crash',
      body: `row ${i}`,
      tags: [],
      authorId: 'console:alice',
      createdAt: new Date(now.getTime() + i * 1000),
      updatedAt: new Date(now.getTime() + i * 1000),
      deletedAt: null,
      deletedBy: null,
      deleteReason: null,
      deletionPlanId: null,
    })),
  );
  // One note per batch makes the plan slow enough to kill part-way.
  env = { MONGODB_URI: uri, NOTES_ADMINS: 'console:alice', BULK_BATCH_SIZE: '1', BULK_APPROVAL_THRESHOLD: '100000', BACKUP_DIR: `/tmp/notes-crash-test-${process.pid}` };
});
afterAll(async () => client.close());

async function waitFor<T>(probe: () => Promise<T | null | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('kill -9 in the middle of a plan, restart, exact counts', async () => {
  const bot = spawnBot(env, ['--as', 'console:alice']);
  const finished = collect(bot);
  bot.stdin?.write('bulk-delete record:acct-crash\ny\n'); // stdin stays open: the process would wait for more
  const plan = await waitFor(() => db.collection('plans').findOne({ status: 'executing', cursor: { $gte: 20 } }), 60_000);
  bot.kill('SIGKILL');
  await finished;

  const crashed = await db.collection('plans').findOne({ id: plan.id });
  expect(crashed?.status).toBe('executing');
  expect(crashed?.cursor).toBeLessThan(NOTES);
  const deletedBeforeRestart = await db.collection('notes').countDocuments({ deletionPlanId: plan.id });
  expect(deletedBeforeRestart).toBeGreaterThanOrEqual(20);
  expect(deletedBeforeRestart).toBeLessThan(NOTES);

  // Any start of the bot resumes unfinished plans before it takes commands.
  const restart = await runScript('trash record:acct-crash\n', env, ['--as', 'console:alice']);
  expect(restart.code).toBe(0);
  // Lists no longer count every note: the trash shows its first page, the plan's counts are below.
  expect(restart.stdout).toContain('10+ deleted notes matching record:acct-crash');
  const done = await db.collection('plans').findOne({ id: plan.id });
  expect(done).toMatchObject({ status: 'done', cursor: NOTES, deletedCount: NOTES, skippedCount: 0 });
  expect(await db.collection('notes').countDocuments({ recordId: 'acct-crash', deletedAt: null })).toBe(0);
  expect(await db.collection('audit').countDocuments({ action: 'plan.execute', targetIds: plan.id })).toBe(1);
}, 120_000);
