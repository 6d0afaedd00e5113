import { MongoClient, type Db } from 'mongodb';
import { freshDatabaseUri } from '../../support/database.js';
import { runScript } from './runBot.js';

/** End to end: scripts piped into the real process, output and database both checked. */
let uri: string;
let client: MongoClient;
let db: Db;
let env: Record<string, string>;

beforeAll(async () => {
  uri = freshDatabaseUri('console');
  client = await MongoClient.connect(uri);
  db = client.db();
  env = { MONGODB_URI: uri, NOTES_ADMINS: 'console:alice,console:bob', BULK_APPROVAL_THRESHOLD: '3', BACKUP_DIR: `/tmp/notes-console-test-${process.pid}` };
});
afterAll(async () => client.close());

const noteIdIn = (text: string) => /Added note (n-[a-z0-9]+)/.exec(text)?.[1] ?? '';

test('the README example: add and list, every note shown with its id, exit code 0', async () => {
  const run = await runScript('/notes add acct-42 Called about renewal #followup\n/notes list record:acct-42\n', env, ['--as', 'console:alice']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const id = noteIdIn(run.stdout);
  expect(id).toMatch(/^n-[a-z0-9]{6}$/);
  expect(run.stdout).toContain(`${id}  acct-42  console:alice`);
  expect(await db.collection('notes').findOne({ id })).toMatchObject({ recordId: 'acct-42', tags: ['followup'], deletedAt: null, authorId: 'console:alice' });
});

test.each([
  ['y', true],
  ['yes', true],
  ['n', false],
  ['', false],
  ['list', false], // the confirmation consumes the next line, whatever it is
])('a confirmation answered %j deletes: %s', async (answer, deleted) => {
  const added = await runScript('add acct-conf to be deleted\n', env, ['--as', 'console:alice']);
  const id = noteIdIn(added.stdout);
  const run = await runScript(`delete ${id}\n${answer}\nshow ${id}\n`, env, ['--as', 'console:alice']);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain(`Delete note ${id} on acct-conf?`);
  expect(run.stdout).toContain(deleted ? `Deleted note ${id}` : `Delete of note ${id} cancelled`);
  const note = await db.collection('notes').findOne({ id });
  expect(note?.deletedAt === null).toBe(!deleted);
  if (answer === 'list') expect(run.stdout).not.toMatch(/notes? — page/); // "list" was the answer, not a command
});

test('two-person rule from one terminal: bob asks, bob cannot approve, alice approves, undo restores', async () => {
  const script = [
    'add acct-tp one #cleanup',
    'add acct-tp two #cleanup',
    'add acct-tp three #cleanup',
    'add acct-tp four #cleanup',
    'as console:bob',
    'bulk-delete record:acct-tp tag:cleanup',
    'y',
    'approvals',
  ].join('\n');
  const asked = await runScript(`${script}\n`, env, ['--as', 'console:alice']);
  const requestId = /Approval request (r-[a-z0-9]+) sent/.exec(asked.stdout)?.[1];
  expect(requestId).toBeDefined();
  expect(await db.collection('notes').countDocuments({ recordId: 'acct-tp', deletedAt: null })).toBe(4);

  const refused = await runScript(`approve ${requestId}\n`, env, ['--as', 'console:bob']);
  expect(refused.stdout).toContain('✗ You cannot decide your own request');

  const approved = await runScript(`approve ${requestId}\ntrash record:acct-tp\n`, env, ['--as', 'console:alice']);
  expect(approved.stdout).toMatch(/Request r-[a-z0-9]+ approved by console:alice/);
  const planId = /Bulk delete (p-[a-z0-9]+) done: deleted 4 notes/.exec(approved.stdout)?.[1];
  expect(planId).toBeDefined();
  expect(approved.stdout).toContain('4 deleted notes matching record:acct-tp');
  expect(await db.collection('notes').countDocuments({ recordId: 'acct-tp', deletedAt: null })).toBe(0);

  const undone = await runScript(`undo ${planId}\naudit verify\n`, env, ['--as', 'console:alice']);
  expect(undone.stdout).toContain(`Undid bulk delete ${planId}: restored 4 notes.`);
  expect(undone.stdout).toMatch(/Audit log intact: \d+ entries checked/);
  expect(await db.collection('notes').countDocuments({ recordId: 'acct-tp', deletedAt: null })).toBe(4);
});

test('refusals and bad input are one clear line each and change nothing', async () => {
  const before = await db.collection('audit').countDocuments();
  const run = await runScript('bulk-delete record:acct-42\nroles grant console:eve admin\nlist before:2026-13-01\nfrobnicate\n', env, ['--as', 'console:mallory']);
  expect(run.code).toBe(0);
  const errors = run.stdout.split('\n').filter((line) => line.startsWith('✗'));
  expect(errors).toEqual([
    '✗ "bulk-delete" needs the admin role; you are a member.',
    '✗ "roles" needs the admin role; you are a member.',
    '✗ "before:" needs a date as YYYY-MM-DD, got "2026-13-01".',
    '✗ Unknown command "frobnicate". Type "help" to see what you can do.',
  ]);
  expect(run.stdout).toContain('Usage: list [filter] [page:<n>]');
  expect(await db.collection('audit').countDocuments()).toBe(before);
});

test('a bad setting stops start-up naming the variable', async () => {
  const run = await runScript('', { ...env, BULK_MAX: 'lots' });
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/Invalid BULK_MAX="lots"/);
  const badActor = await runScript('', env, ['--as', 'alice']);
  expect(badActor.code).toBe(2);
  expect(badActor.stderr).toContain('--as needs an actor id like console:alice');
});

test('--demo loads a realistic sample once, with two admins to try the two-person rule', async () => {
  const demoUri = freshDatabaseUri('demo');
  const first = await runScript('list record:acct-42\nroles\n', { ...env, MONGODB_URI: demoUri, NOTES_ADMINS: '' }, ['--demo', '--as', 'console:alice']);
  expect(first.stdout).toMatch(/Demo: loaded 20 sample notes/);
  expect(first.stdout).toMatch(/4 notes matching record:acct-42/);
  expect(first.stdout).toContain('Admins: console:alice, console:bob');
  const second = await runScript('', { ...env, MONGODB_URI: demoUri, NOTES_ADMINS: '' }, ['--demo']);
  expect(second.stdout).toMatch(/the 20 sample notes are already there; nothing loaded/);
});
