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
 * Two Slack bot processes on one database. Instance A runs a 10,000-note bulk delete and is
 * killed (SIGKILL) after its 3rd batch; instance B, started before and never restarted, sees the
 * job's run stop beating and takes it over (src/usecases/takeOver.ts): it finishes the plan with
 * exact counts, each note audited once, on A's own progress message, and tells the requester.
 */
const SECRET = 'takeover-signing-secret-0123456789abcdef';
const ADMIN = 'UADMIN1';
const CHANNEL = 'C0SALES';
const NOTES = 10_000;
const fake = new FakeSlack();
const dir = `/tmp/notes-slack-takeover-${process.pid}`;
let client: MongoClient;
let db: Db;
let env: Record<string, string>;
const bots: ChildProcess[] = [];

beforeAll(async () => {
  await fake.start();
  const uri = freshDatabaseUri('slacktakeover');
  await seedBulkNotes(uri, NOTES, 'acct-takeover');
  client = await MongoClient.connect(uri);
  db = client.db();
  env = {
    MONGODB_URI: uri,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_API_URL: fake.apiUrl,
    NOTES_ADMINS: `slack:${ADMIN}`,
    BULK_APPROVAL_THRESHOLD: '100000',
    BULK_BATCH_SIZE: '1000',
    PROGRESS_UPDATE_SECONDS: '1',
    BACKUP_DIR: `${dir}/backups`,
    LOG_LEVEL: 'warn',
  };
}, 120_000);

afterAll(async () => {
  for (const bot of bots) bot.kill('SIGKILL');
  await client?.close();
  await fake.stop();
  await rm(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Instance {
  port: number;
  exit: Promise<NodeJS.Signals | null>;
  exited: () => boolean;
}

/** One bot process with its own port and data folder; resolves once it answers /healthz. */
async function startInstance(name: string, extra: Record<string, string> = {}): Promise<Instance> {
  const port = await freePort();
  const bot = spawnBot({ ...env, PORT: String(port), DATA_DIR: `${dir}/${name}`, ...extra });
  bots.push(bot);
  bot.stdout?.resume();
  bot.stderr?.resume();
  let gone = false;
  const exit = new Promise<NodeJS.Signals | null>((resolve) =>
    bot.once('exit', (_code, signal) => {
      gone = true;
      resolve(signal);
    }),
  );
  for (const deadline = Date.now() + 60_000; ; ) {
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) return { port, exit, exited: () => gone };
    if (gone || Date.now() > deadline) throw new Error(`bot ${name} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function post(port: number, body: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: signedHeaders(body, { secret: SECRET }), body });
  await res.text();
  return res.status;
}

test('instance A killed -9 mid-run: instance B, still running, takes the job over and finishes the same message with exact counts', async () => {
  const b = await startInstance('b');
  const a = await startInstance('a', { NOTES_TEST_CRASH_AFTER_BATCH: '3', NOTES_TEST_CRASH_AT: 'recorded' });
  const { url } = fake.newResponseUrl();
  const mark = fake.calls.length;
  expect(await post(a.port, slashCommandForm({ userId: ADMIN, channelId: CHANNEL, text: 'bulk-delete record:acct-takeover', responseUrl: url, triggerId: 'trigger-1' }))).toBe(200);
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
  expect(await post(a.port, interactionForm(submission))).toBe(200);
  const progress = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === CHANNEL && /Bulk delete p-\w+ running/.test(String(c.body.text)), { from: mark, ms: 60_000 });
  const planId = /Bulk delete (p-\w+) running/.exec(String(progress.body.text))![1];
  expect(await a.exit).toBe('SIGKILL');
  const killedAt = fake.calls.length;
  const ts = String((await db.collection('operations').findOne({ _id: planId } as never))?.message?.messageId);
  const crashed = await db.collection('plans').findOne({ id: planId });
  expect(crashed).toMatchObject({ status: 'executing' });
  expect(crashed?.cursor).toBeLessThan(NOTES);

  // Nobody restarts A: B's sweep finds the silent run and finishes the job on A's message.
  const finished = await fake.waitFor((c) => c.method === 'chat.update' && c.body.ts === ts && String(c.body.text).includes('finished'), { from: killedAt, ms: 480_000 });
  expect(b.exited()).toBe(false);
  expect(finished.body.channel).toBe(CHANNEL);
  expect(String(finished.body.text)).toContain(`Bulk delete ${planId} finished`);
  expect(String(finished.body.text)).toContain('10,000 deleted.');
  expect(buttonOf(finished.body, ACTION.undoPlan).value).toBe(planId);
  // B went on from where A stopped, on the same message: progress updates, no new message in the channel.
  expect(fake.calls.slice(killedAt).some((c) => c.method === 'chat.update' && c.body.ts === ts && String(c.body.text).includes('running'))).toBe(true);
  expect(fake.calls.slice(killedAt).filter((c) => c.method === 'chat.postMessage' && c.body.channel === CHANNEL)).toHaveLength(0);
  expect(await db.collection('plans').findOne({ id: planId })).toMatchObject({ status: 'done', deletedCount: NOTES, skippedCount: 0 });
  expect(await db.collection('operations').findOne({ _id: planId } as never)).toMatchObject({ status: 'done', done: NOTES, total: NOTES, runs: 2 });
  expect(await db.collection('notes').countDocuments({ recordId: 'acct-takeover', deletedAt: null })).toBe(0);
  const batches = await db.collection('audit').find({ action: 'plan.execute', 'details.planId': planId, 'details.batch': { $exists: true } }).toArray();
  const listed = batches.flatMap((e) => (e.targetIds as string[]).filter((t) => t !== planId));
  expect(listed).toHaveLength(NOTES);
  expect(new Set(listed).size).toBe(NOTES);
  expect(await db.collection('audit').countDocuments({ action: 'plan.execute', 'details.planId': planId, 'details.finished': true })).toBe(1);
  // The requester is told once, by B.
  await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === ADMIN && String(c.body.text).includes(planId), { from: killedAt });
  expect(fake.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === ADMIN && String(c.body.text).includes(planId))).toHaveLength(1);
}, 600_000);
