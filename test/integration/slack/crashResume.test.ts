import type { ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { MongoClient, type Db } from 'mongodb';
import { ACTION } from '../../../adapters/slack/blocks.js';
import { seedBulkNotes } from '../../support/bulkSeed.js';
import { freshDatabaseUri } from '../../support/database.js';
import { spawnBot } from '../console/runBot.js';
import { FakeSlack } from './fakeSlack.js';
import { buttonOf } from './harness.js';
import { interactionForm, signedHeaders, slashCommandForm } from './signer.js';

/**
 * A Slack bot process killed (SIGKILL) in the middle of a 3,000-note bulk delete: the next
 * process resumes the job and finishes the same progress message (chat.update on its ts) with
 * exact counts and Undo, and tells the requester.
 */
const SECRET = 'crash-signing-secret-0123456789abcdef';
const ADMIN = 'UADMIN1';
const CHANNEL = 'C0SALES';
const NOTES = 3_000;
const fake = new FakeSlack();
const dir = `/tmp/notes-slack-crash-${process.pid}`;
let client: MongoClient;
let db: Db;
let env: Record<string, string>;
let port = 0;
let bot: ChildProcess | undefined;

beforeAll(async () => {
  await fake.start();
  const uri = freshDatabaseUri('slackcrash');
  await seedBulkNotes(uri, NOTES, 'acct-crash');
  client = await MongoClient.connect(uri);
  db = client.db();
  port = await freePort();
  env = {
    MONGODB_URI: uri,
    PORT: String(port),
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_API_URL: fake.apiUrl,
    NOTES_ADMINS: `slack:${ADMIN}`,
    BULK_APPROVAL_THRESHOLD: '100000',
    BULK_BATCH_SIZE: '300',
    PROGRESS_UPDATE_SECONDS: '1',
    DATA_DIR: dir,
    BACKUP_DIR: `${dir}/backups`,
    LOG_LEVEL: 'warn',
  };
}, 120_000);

afterAll(async () => {
  bot?.kill('SIGKILL');
  await client?.close();
  await fake.stop();
  await rm(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: found } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return found;
}

async function startBot(extra: Record<string, string> = {}): Promise<{ exited: Promise<NodeJS.Signals | null> }> {
  bot = spawnBot({ ...env, ...extra });
  bot.stdout?.resume();
  bot.stderr?.resume();
  const exited = new Promise<NodeJS.Signals | null>((resolve) => bot!.once('exit', (_code, signal) => resolve(signal)));
  for (const deadline = Date.now() + 60_000; ; ) {
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (up) return { exited };
    if (Date.now() > deadline) throw new Error('the bot did not start');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function post(body: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: signedHeaders(body, { secret: SECRET }), body });
  await res.text();
  return res.status;
}

test('kill -9 mid-run: the next process resumes the job and finishes the same message with exact counts', async () => {
  const first = await startBot({ NOTES_TEST_CRASH_AFTER_BATCH: '3', NOTES_TEST_CRASH_AT: 'recorded' });
  const { url } = fake.newResponseUrl();
  const mark = fake.calls.length;
  expect(await post(slashCommandForm({ userId: ADMIN, channelId: CHANNEL, text: 'bulk-delete record:acct-crash', responseUrl: url, triggerId: 'trigger-1' }))).toBe(200);
  const filled = await fake.waitFor((c) => c.method === 'views.update', { from: mark, ms: 60_000 });
  const view = filled.body.view as Record<string, unknown>;
  const submission = {
    type: 'view_submission',
    team: { id: 'T0TEAM', domain: 'acme' },
    user: { id: ADMIN, username: 'admin', name: 'admin', team_id: 'T0TEAM' },
    api_app_id: 'A0NOTES',
    token: 'unused',
    trigger_id: 'trigger-2',
    view: { id: 'V-submitted', team_id: 'T0TEAM', type: 'modal', state: { values: {} }, hash: 'h1', ...view },
    response_urls: [],
  };
  expect(await post(interactionForm(submission))).toBe(200);
  const progress = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === CHANNEL && /Bulk delete p-\w+ running/.test(String(c.body.text)), { from: mark, ms: 60_000 });
  const planId = /Bulk delete (p-\w+) running/.exec(String(progress.body.text))![1];
  expect(await first.exited).toBe('SIGKILL');
  // Where the progress message is, as the job stored it (read once the killed process is gone).
  const ts = String((await db.collection('operations').findOne({ _id: planId } as never))?.message?.messageId);
  expect(fake.calls.slice(mark).some((c) => c.method === 'chat.update' && c.body.ts === ts && String(c.body.text).includes('running'))).toBe(true);
  expect(await db.collection('plans').findOne({ id: planId })).toMatchObject({ status: 'executing' });

  const restartMark = fake.calls.length;
  await startBot();
  const finished = await fake.waitFor((c) => c.method === 'chat.update' && c.body.ts === ts && String(c.body.text).includes('finished'), { from: restartMark, ms: 180_000 });
  expect(finished.body.channel).toBe(CHANNEL);
  expect(String(finished.body.text)).toContain(`Bulk delete ${planId} finished`);
  expect(String(finished.body.text)).toContain('3,000 deleted.');
  expect(buttonOf(finished.body, ACTION.undoPlan).value).toBe(planId);
  // No second progress message: the resumed run updated the first one.
  expect(fake.calls.slice(restartMark).filter((c) => c.method === 'chat.postMessage' && c.body.channel === CHANNEL)).toHaveLength(0);
  expect(await db.collection('plans').findOne({ id: planId })).toMatchObject({ status: 'done', deletedCount: NOTES, skippedCount: 0 });
  expect(await db.collection('notes').countDocuments({ recordId: 'acct-crash', deletedAt: null })).toBe(0);
  await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === ADMIN && String(c.body.text).includes(planId), { from: restartMark });
  bot?.kill('SIGTERM');
}, 300_000);
