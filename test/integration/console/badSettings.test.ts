import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { collect, spawnBot, type BotRun } from './runBot.js';

/**
 * The real `npm start` process with a bad setting (DESIGN.md section 6): one line on stderr naming
 * the variable, exit code 2, nothing else started, and promptly: an unwritable DATA_DIR used to
 * hang start-up for ever.
 */
const scratch = mkdtempSync(path.join(tmpdir(), 'notes-badsettings-'));
const aFile = path.join(scratch, 'a-file');
writeFileSync(aFile, 'not a folder');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const DEADLINE_MS = 30_000;

async function runWithDeadline(env: Record<string, string>): Promise<BotRun> {
  const child = spawnBot({ DATA_DIR: path.join(scratch, 'data'), ...env });
  const deadline = setTimeout(() => child.kill('SIGKILL'), DEADLINE_MS);
  try {
    return await collect(child, '');
  } finally {
    clearTimeout(deadline);
  }
}

test.each([
  ['BACKUP_CRON', 'x x x x x'],
  ['TRASH_PURGE_CRON', '99 99 99 99 99'],
  ['BULK_MAX', '0x10'],
  ['NOTES_ADMINS', ',,,'],
  ['PORT', '3000abc'],
  ['BACKUP_DIR', aFile],
  ['DATA_DIR', '/proc/notes-bot-data'],
])('%s=%j: one line naming it, exit code 2, no hang', async (variable, value) => {
  const started = Date.now();
  const run = await runWithDeadline({ [variable]: value });
  expect(Date.now() - started).toBeLessThan(DEADLINE_MS);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(new RegExp(`^notes-bot: Invalid ${variable}=[^\\n]*\\n$`));
}, DEADLINE_MS + 5_000);
