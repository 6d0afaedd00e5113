import { rm } from 'node:fs/promises';
import type { ChildProcess } from 'node:child_process';
import { MongoClient, type Db } from 'mongodb';
import { seedBulkNotes } from '../../support/bulkSeed.js';
import { freshDatabaseUri } from '../../support/database.js';
import { spawnBot } from './runBot.js';

/**
 * The console with a 10,000-note bulk delete: the confirmation is answered "started" at once,
 * the run prints one progress line per update (stdin is not a terminal), and a kill -9 mid-run
 * is finished by the next start with exact counts, each note audited once. A running undo is
 * stopped with `cancel <id>` between batches, with exact counts. With the default batch size (the
 * development database looks a batch's ids up by index) a 10,000-note plan shows live progress.
 */
const NOTES = 10_000;
const BATCH = 1_000;
const backupDir = `/tmp/notes-console-long-${process.pid}`;
let client: MongoClient;
let db: Db;
let env: Record<string, string>;
let uri = '';

beforeAll(async () => {
  uri = freshDatabaseUri('consolelong');
  await seedBulkNotes(uri, NOTES, 'acct-big');
  client = await MongoClient.connect(uri);
  db = client.db();
  env = { MONGODB_URI: uri, NOTES_ADMINS: 'console:alice', BULK_BATCH_SIZE: String(BATCH), BULK_APPROVAL_THRESHOLD: '100000', PROGRESS_UPDATE_SECONDS: '1', BACKUP_DIR: backupDir };
}, 120_000);
afterAll(async () => {
  await client?.close();
  await rm(backupDir, { recursive: true, force: true });
});

/** A bot driven line by line: `until` waits for its output to match. */
function drive(bot: ChildProcess) {
  let out = '';
  bot.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  bot.stderr?.on('data', () => {});
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => bot.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    get out() {
      return out;
    },
    exited,
    send: (line: string) => bot.stdin?.write(`${line}\n`),
    end: () => bot.stdin?.end(),
    async until(pattern: RegExp, ms = 120_000): Promise<RegExpExecArray> {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = pattern.exec(out);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no ${pattern} in the output within ${ms} ms:\n${out.slice(-2000)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

const live = () => db.collection('notes').countDocuments({ recordId: 'acct-big', deletedAt: null });
let planId = '';

test('confirm answers "started" at once; kill -9 after the 3rd batch; the next start finishes it with exact counts, each note audited once', async () => {
  const first = drive(spawnBot({ ...env, NOTES_TEST_CRASH_AFTER_BATCH: '3', NOTES_TEST_CRASH_AT: 'recorded' }, ['--as', 'console:alice']));
  first.send('bulk-delete record:acct-big');
  await first.until(/Confirm\? \[y\/N\]/, 60_000);
  const asked = Date.now();
  first.send('y');
  planId = (await first.until(/Bulk delete (p-\w+) started in the background \(10,000 notes\)/))[1];
  expect(Date.now() - asked).toBeLessThan(3_000);
  await first.until(new RegExp(`\\[${planId}\\] [\\d,]+ of 10,000 \\(\\d+%\\)`));
  expect((await first.exited).signal).toBe('SIGKILL');
  const crashed = await db.collection('plans').findOne({ id: planId });
  expect(crashed).toMatchObject({ status: 'executing' });
  expect(await live()).toBeGreaterThan(0);

  const second = drive(spawnBot(env, ['--as', 'console:alice']));
  second.send('jobs');
  second.end();
  const done = await second.until(new RegExp(`\\[${planId}\\] Bulk delete ${planId} finished in .+: 10,000 deleted\\. Undo with: undo ${planId}`));
  expect(done).toBeTruthy();
  expect((await second.exited).code).toBe(0);
  // The resumed run printed its progress too, and `jobs` showed it running.
  expect(second.out).toMatch(new RegExp(`${planId} {2}bulk delete {2}running`));
  expect(await live()).toBe(0);
  expect(await db.collection('plans').findOne({ id: planId })).toMatchObject({ status: 'done', deletedCount: NOTES, skippedCount: 0 });
  const batches = await db.collection('audit').find({ action: 'plan.execute', 'details.planId': planId, 'details.batch': { $exists: true } }).toArray();
  const listed = batches.flatMap((e) => (e.targetIds as string[]).filter((t) => t !== planId));
  expect(listed).toHaveLength(NOTES);
  expect(new Set(listed).size).toBe(NOTES);
}, 300_000);

test('cancel <id> stops a running undo between batches: exact counts, and the console waits for the stop before it exits', async () => {
  const bot = drive(spawnBot(env, ['--as', 'console:alice']));
  bot.send(`undo ${planId}`);
  const undoId = (await bot.until(/Undo (p-\w+) started in the background/))[1];
  await bot.until(new RegExp(`\\[${undoId}\\] [\\d,]+ of 10,000`));
  bot.send(`cancel ${undoId}`);
  await bot.until(new RegExp(`Undo ${undoId} will stop after the batch it is on`));
  bot.end();
  const ended = await bot.until(new RegExp(`\\[${undoId}\\] Undo ${undoId} stopped by console:alice in .+: ([\\d,]+) restored; ([\\d,]+) not reached\\.`));
  expect((await bot.exited).code).toBe(0);
  const undo = await db.collection('plans').findOne({ id: undoId });
  expect(undo).toMatchObject({ status: 'cancelled' });
  expect(undo!.deletedCount % BATCH).toBe(0);
  expect(ended[1]).toBe(undo!.deletedCount.toLocaleString('en-US'));
  expect(Number(ended[2].replace(/,/g, ''))).toBe(NOTES - undo!.deletedCount);
  expect(await live()).toBe(undo!.deletedCount);
  expect(await db.collection('audit').countDocuments({ action: 'job.cancel', targetIds: undoId })).toBe(1);
}, 300_000);

test('with the default batch size, a 10,000-note bulk delete runs in at least ten batches, shows at least three progress lines and ends with exact counts', async () => {
  await seedBulkNotes(uri, NOTES, 'acct-default');
  const { BULK_BATCH_SIZE: _unset, ...defaults } = env;
  const bot = drive(spawnBot(defaults, ['--as', 'console:alice']));
  bot.send('bulk-delete record:acct-default');
  await bot.until(/Confirm\? \[y\/N\]/, 60_000);
  bot.send('y');
  const id = (await bot.until(/Bulk delete (p-\w+) started in the background \(10,000 notes\)/))[1];
  bot.end();
  await bot.until(new RegExp(`\\[${id}\\] Bulk delete ${id} finished in .+: 10,000 deleted\\. Undo with: undo ${id}`), 600_000);
  expect((await bot.exited).code).toBe(0);
  const progressLines = bot.out.match(new RegExp(`\\[${id}\\] [\\d,]+ of 10,000 \\(\\d+%\\)`, 'g')) ?? [];
  expect(progressLines.length).toBeGreaterThanOrEqual(3);
  expect(await db.collection('plans').findOne({ id })).toMatchObject({ status: 'done', deletedCount: NOTES, skippedCount: 0 });
  expect(await db.collection('notes').countDocuments({ recordId: 'acct-default', deletedAt: null })).toBe(0);
  // A batch is audited in entries of at most 100 notes; its position tells the batches apart.
  const entries = await db.collection('audit').find({ action: 'plan.execute', 'details.planId': id, 'details.batch': { $exists: true } }).toArray();
  const batches = new Set(entries.map((entry) => (entry.details as { batch: { from: number } }).batch.from));
  expect(batches.size).toBeGreaterThanOrEqual(10);
  expect(entries.flatMap((entry) => (entry.targetIds as string[]).filter((target) => target !== id))).toHaveLength(NOTES);
}, 600_000);
