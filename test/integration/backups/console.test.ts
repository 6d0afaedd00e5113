import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { freshDatabaseUri } from '../../support/database.js';
import { runScript } from '../console/runBot.js';

/** The real process (`npm start` in scripted mode): the backup command end to end, jobs started and drained. */
test('backup now, list, verify and a confirmed restore from the console', async () => {
  const uri = freshDatabaseUri('backupconsole');
  const dir = await mkdtemp(path.join(tmpdir(), 'notes-console-backups-'));
  const env = { MONGODB_URI: uri, NOTES_ADMINS: 'console:alice', BACKUP_DIR: dir };
  const as = ['--as', 'console:alice'];

  // "backup now" runs in the background: its result is the job's final line, written before the process exits.
  const first = await runScript('add acct-7 keep me safe\nbackup now\n', env, as);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  const id = /Backup (manual-\S+) written: 1 notes, 0 roles, 1 audit/.exec(first.stdout)?.[1];
  expect(id).toBeDefined();
  expect(first.stdout).toMatch(/Backup j-\S+ started in the background/);
  expect((await readdir(dir)).sort()).toEqual([`${id}.json`, `${id}.ndjson.gz`]);
  const listed = await runScript('backup list\n', env, as);
  expect(listed.stdout).toContain(`${id}  manual`);

  const client = await MongoClient.connect(uri);
  try {
    await client.db().collection('notes').deleteMany({});
    const second = await runScript(`backup verify ${id}\nbackup restore ${id}\ny\nlist record:acct-7\n`, env, as);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`Backup ${id} is intact`);
    expect(second.stdout).toContain('1 note in scope: 1 would come back');
    expect(second.stdout).toContain(`Restored 1 note from backup ${id} (all notes); skipped 0`);
    expect(second.stdout).toMatch(/n-[a-z0-9]{6} {2}acct-7 {2}console:alice/);
    // main.ts started Agenda on the same database: the recurring jobs are scheduled (the four of
    // DESIGN.md section 8 and notes:effects, jobs/noteEffects.ts).
    expect(await client.db().collection('agendaJobs').countDocuments({ type: 'single' })).toBe(5);
  } finally {
    await client.close();
  }
}, 60_000);
