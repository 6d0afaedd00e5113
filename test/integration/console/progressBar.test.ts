import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { MongoClient } from 'mongodb';
import { seedBulkNotes } from '../../support/bulkSeed.js';
import { freshDatabaseUri } from '../../support/database.js';
import { root, runScript } from './runBot.js';

/**
 * The console's progress display (adapters/console/progress.ts) as people and programs see it.
 * On a terminal (the real bot in a pseudo-terminal, through util-linux `script`): one bar
 * redrawn in place (carriage return, erase line) with its percentage and done/total, then the
 * result on a line of its own with exact counts. Scripted (stdin a pipe): one plain line per
 * update, no control sequence.
 */
const NOTES = 2_000;
const BATCH = 200;
const dir = `/tmp/notes-console-bar-${process.pid}`;
const ERASE = '\r\u001b[2K';
const count = (n: number) => n.toLocaleString('en-US');
let env: Record<string, string>;
let uri = '';

beforeAll(async () => {
  uri = freshDatabaseUri('consolebar');
  await seedBulkNotes(uri, NOTES, 'acct-bar');
  await seedBulkNotes(uri, NOTES, 'acct-lines');
  env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    TERM: 'xterm',
    MONGODB_URI: uri,
    NOTES_ADMINS: 'console:alice',
    BULK_BATCH_SIZE: String(BATCH),
    BULK_APPROVAL_THRESHOLD: '100000',
    PROGRESS_UPDATE_SECONDS: '1',
    DATA_DIR: dir,
    BACKUP_DIR: `${dir}/backups`,
  };
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/** The real bot (as `npm start` runs it) on a pseudo-terminal: its stdin is a TTY, its output what a terminal receives. */
function onTerminal(args: string[]) {
  const command = [process.execPath, '--import', 'tsx', path.join(root, 'main.ts'), ...args].map(quote).join(' ');
  const child: ChildProcess = spawn('script', ['-qfec', command, '/dev/null'], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', () => {});
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    get out() {
      return out;
    },
    exited,
    // A terminal sends a carriage return for Enter.
    type: (line: string) => child.stdin?.write(`${line}\r`),
    kill: () => child.kill('SIGKILL'),
    async until(pattern: RegExp, ms = 240_000): Promise<RegExpExecArray> {
      for (const deadline = Date.now() + ms; ; ) {
        const found = pattern.exec(out);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no ${pattern} on the terminal within ${ms} ms:\n${JSON.stringify(out.slice(-2000))}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

test('on a terminal: the bar is redrawn in place with percentage and done/total, then the result line with exact counts', async () => {
  const bot = onTerminal(['--as', 'console:alice']);
  try {
    await bot.until(/console:alice> /, 60_000);
    bot.type('bulk-delete record:acct-bar');
    await bot.until(/Confirm\? \[y\/N\]/, 60_000);
    bot.type('y');
    const planId = (await bot.until(/Bulk delete (p-\w+) started in the background/))[1];
    const end = await bot.until(new RegExp(`\\[${planId}\\] Bulk delete ${planId} finished in [^\\r\\n]+: ${count(NOTES)} deleted\\.[^\\r\\n]*\\r?\\n`));
    bot.type('exit');
    expect(await bot.exited).toBe(0);

    // Every redraw starts with a carriage return and an erase of the line; the bar's segments
    // are the text between one redraw and the next.
    const segments = bot.out.split(ERASE).slice(1);
    const bars = segments
      .map((segment) => ({ segment, bar: new RegExp(`^Bulk delete ${planId} \\[([#.]{30})\\] +(\\d+)% ([\\d,]+) of ${count(NOTES)} \\((\\d+)%\\)`).exec(segment) }))
      .filter((s) => s.bar);
    expect(bars.length).toBeGreaterThanOrEqual(2);
    const shown = bars.map(({ bar }) => ({ filled: bar![1].split('#').length - 1, percent: Number(bar![2]), done: Number(bar![3].replace(/,/g, '')), again: Number(bar![4]) }));
    for (const step of shown) {
      // Done counts are whole batches; the bar, the percentage and done/total agree.
      expect(step.done % BATCH).toBe(0);
      expect(step.percent).toBe(Math.floor((step.done * 100) / NOTES));
      expect(step.again).toBe(step.percent);
      expect(step.filled).toBe(Math.round((step.percent / 100) * 30));
    }
    const dones = shown.map((s) => s.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(new Set(dones).size).toBeGreaterThanOrEqual(2);
    // In place: no bar is followed by a new line before the next redraw or the end erases it.
    for (const { segment } of bars) expect(segment).not.toMatch(/[\r\n]/);
    // The result replaces the bar: the line is erased first, and the result then ends its line.
    expect(bot.out).toContain(`${ERASE}${end[0]}`);
    expect(end[0]).toContain(`Undo with: undo ${planId}`);
  } finally {
    bot.kill();
  }
  const client = await MongoClient.connect(uri);
  try {
    expect(await client.db().collection('notes').countDocuments({ recordId: 'acct-bar', deletedAt: null })).toBe(0);
  } finally {
    await client.close();
  }
}, 300_000);

test('scripted (stdin not a terminal): one plain line per update, then the result line; no carriage return or escape', async () => {
  const run = await runScript('bulk-delete record:acct-lines\ny\n', env, ['--as', 'console:alice']);
  expect(run.code).toBe(0);
  const planId = /Bulk delete (p-\w+) started in the background/.exec(run.stdout)![1];
  expect(run.stdout).not.toContain('\r');
  expect(run.stdout).not.toContain('\u001b');
  const steps = [...run.stdout.matchAll(new RegExp(`^\\[${planId}\\] ([\\d,]+) of ${count(NOTES)} \\((\\d+)%\\)`, 'gm'))].map((m) => Number(m[1].replace(/,/g, '')));
  expect(steps.length).toBeGreaterThanOrEqual(1);
  expect(steps).toEqual([...steps].sort((a, b) => a - b));
  for (const done of steps) expect(done % BATCH).toBe(0);
  expect(run.stdout).toMatch(new RegExp(`^\\[${planId}\\] Bulk delete ${planId} finished in .+: ${count(NOTES)} deleted\\. Undo with: undo ${planId}`, 'm'));
}, 300_000);
