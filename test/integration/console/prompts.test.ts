import type { ChildProcess } from 'node:child_process';
import { MongoClient, type Db } from 'mongodb';
import { freshDatabaseUri } from '../../support/database.js';
import { runScript, spawnBot } from './runBot.js';
import { translatorFor } from '../../../adapters/chat/i18n/index.js';

/** The confirmation prompt as the catalog words it: the driver waits for exactly that text. */
const PROMPT = translatorFor('en').t('confirm.prompt');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Scripted mode driven like `expect` does it: each answer is written only once the question is on
 * stdout. And `--demo` on a database that already holds notes of its own.
 */
let uri: string;
let client: MongoClient;
let db: Db;
let env: Record<string, string>;

beforeAll(async () => {
  uri = freshDatabaseUri('prompts');
  client = await MongoClient.connect(uri);
  db = client.db();
  env = { MONGODB_URI: uri, NOTES_ADMINS: 'console:alice', BACKUP_DIR: `/tmp/notes-prompts-test-${process.pid}` };
});
afterAll(async () => client.close());

/** A running console whose stdout can be awaited, as an expect-style driver reads it. */
class Driver {
  private out = '';
  private readonly exited: Promise<number | null>;

  constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.out += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', resolve));
  }

  get stdout(): string {
    return this.out;
  }

  write(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  /** Resolves with the first match after `from` in stdout; fails with what was printed if it never comes. */
  async waitFor(pattern: RegExp, from = 0, ms = 20_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + ms;
    for (;;) {
      const match = pattern.exec(this.out.slice(from));
      if (match) return match;
      if (Date.now() > deadline) throw new Error(`stdout never showed ${pattern}; it shows:\n${this.out}`);
      // Woken by new output, or by the clock so the deadline holds when nothing comes at all.
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.child.stdout?.off('data', wake);
          resolve();
        };
        const timer = setTimeout(wake, 250);
        this.child.stdout?.on('data', wake);
      });
    }
  }

  async end(): Promise<number | null> {
    this.child.stdin?.end();
    return this.exited;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

test('the confirmation question is printed before the answer is read, so a driver can wait for it', async () => {
  const bot = new Driver(spawnBot(env, ['--as', 'console:alice']));
  try {
    bot.write('add acct-expect a note to delete');
    const noteId = (await bot.waitFor(/Added note (n-[a-z0-9]+)/))[1];
    const mark = bot.stdout.length;
    bot.write(`delete ${noteId}`);
    await bot.waitFor(new RegExp(`${escapeRegExp(PROMPT)}$`), mark);
    expect(await db.collection('notes').findOne({ id: noteId })).toMatchObject({ deletedAt: null });
    bot.write('y');
    await bot.waitFor(new RegExp(`Deleted note ${noteId}`), mark);
    expect(await bot.end()).toBe(0);
    expect(await db.collection('notes').findOne({ id: noteId })).toMatchObject({ deletedBy: 'console:alice' });
    // The transcript reads like a terminal session: each prompt followed by what was typed.
    expect(bot.stdout).toContain(`console:alice> delete ${noteId}\n`);
    expect(bot.stdout).toContain(`${PROMPT}y\n`);
  } finally {
    bot.kill();
  }
});

test('--demo on a database with notes of its own loads the samples, and a second --demo loads nothing twice', async () => {
  const demoUri = freshDatabaseUri('demoplus');
  const demoEnv = { ...env, MONGODB_URI: demoUri, NOTES_ADMINS: '' };
  const demoDb = client.db(new URL(demoUri).pathname.slice(1));
  const own = await runScript('add acct-42 A note of my own\n', demoEnv, ['--as', 'console:alice']);
  expect(own.stdout).toMatch(/Added note/);

  const first = await runScript('list record:acct-42\n', demoEnv, ['--demo', '--as', 'console:alice']);
  expect(first.stdout).toMatch(/Demo: loaded 20 sample notes/);
  expect(first.stdout).toMatch(/5 notes matching record:acct-42/);
  expect(await demoDb.collection('notes').countDocuments()).toBe(21);

  const second = await runScript('', demoEnv, ['--demo']);
  expect(second.stdout).toMatch(/the 20 sample notes are already there; nothing loaded/);
  expect(await demoDb.collection('notes').countDocuments()).toBe(21);
});
