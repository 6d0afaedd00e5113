import { MongoClient, type Db } from 'mongodb';
import { freshDatabaseUri } from '../../support/database.js';
import { runScript } from './runBot.js';

/**
 * Raw and over-long input at the terminal: refused with one line naming the limit and nothing
 * stored; control characters stripped on the way in; and nothing printed can drive the terminal,
 * even a note stored before the stripping existed.
 */
let client: MongoClient;
let db: Db;
let env: Record<string, string>;

beforeAll(async () => {
  const uri = freshDatabaseUri('consoleinput');
  client = await MongoClient.connect(uri);
  db = client.db();
  env = { MONGODB_URI: uri, NOTES_ADMINS: 'console:alice', BACKUP_DIR: `/tmp/notes-console-input-${process.pid}` };
});
afterAll(async () => client.close());

const alice = ['--as', 'console:alice'];
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0B-\x1F\x7F-\x9F]/;
const errorLines = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('✗'));

test('over-long note, reason and command: one line naming the limit each, nothing stored', async () => {
  const added = await runScript('add acct-keep short\n', env, alice);
  const id = /Added note (n-[a-z0-9]+)/.exec(added.stdout)?.[1];
  const auditBefore = await db.collection('audit').countDocuments();
  const script = [`add acct-long ${'x'.repeat(4001)}`, `delete ${id} ${'r'.repeat(501)}`, `add acct-long ${'y'.repeat(9000)}`].join('\n');
  const run = await runScript(`${script}\n`, env, alice);
  expect(run.code).toBe(0);
  expect(errorLines(run.stdout)).toEqual([
    '✗ The note is 4,001 characters; the limit is 4,000.',
    '✗ The reason is 501 characters; the limit is 500.',
    '✗ The command is 9,014 characters; the limit is 8,000.',
  ]);
  expect(run.stdout).not.toContain('Confirm?');
  expect(await db.collection('notes').countDocuments({ recordId: 'acct-long' })).toBe(0);
  expect(await db.collection('notes').findOne({ id })).toMatchObject({ deletedAt: null });
  expect(await db.collection('audit').countDocuments()).toBe(auditBefore);
});

test('NUL, BEL and ESC[31m in a note are stripped before storing and never printed', async () => {
  const run = await runScript('add acct-bell ring\u0007 \u001b[31mred\u0000 #alarm\nlist record:acct-bell\n', env, alice);
  const id = /Added note (n-[a-z0-9]+)/.exec(run.stdout)?.[1];
  expect(await db.collection('notes').findOne({ id })).toMatchObject({ body: 'ring [31mred #alarm', tags: ['alarm'] });
  expect(run.stdout).toContain('ring [31mred #alarm');
  expect(run.stdout).not.toMatch(CONTROL);
});

test('a note stored with escape codes (imported, or older than the stripping) prints without them', async () => {
  const added = await runScript('add acct-old placeholder\n', env, alice);
  const id = /Added note (n-[a-z0-9]+)/.exec(added.stdout)?.[1];
  await db.collection('notes').updateOne({ id }, { $set: { body: 'clear \u001b[2J\u001b]0;pwned\u0007 screen \u009b31m', deleteReason: null } });
  const run = await runScript(`show ${id}\nlist record:acct-old\naudit note:${id}\n`, env, alice);
  expect(run.stdout).toContain('clear [2J]0;pwned screen 31m');
  expect(run.stdout).not.toMatch(CONTROL);
});
