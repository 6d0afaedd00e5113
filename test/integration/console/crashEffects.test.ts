import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient, type Db, type Document } from 'mongodb';
import { ZOHO_CLIENT } from '../crm/fakeZoho.js';
import { startCrmApp, type CrmHarness } from '../crm/harness.js';
import { runScript, runUntilKilled as crashRun, type BotRun } from './runBot.js';

/**
 * Reliability of single-note changes: the bot (`main.ts`, a real process) is killed with SIGKILL
 * right after a note's delete or restore is stored and before its audit and CRM entries are
 * written (the test-only crash point NOTES_TEST_CRASH_AT_EFFECT, root/app.ts). The next start
 * writes them from what the change left on the note: audited exactly once, as the person who
 * made the change, and sent to the CRM exactly once. The CRM is a loopback fake Zoho; a harness
 * app on the same database pulls the note in and drains the outbox, as the CRM jobs would.
 */
let h: CrmHarness;
let client: MongoClient;
let db: Db;
let env: Record<string, string>;

beforeAll(async () => {
  h = await startCrmApp('fxcrash');
  client = await MongoClient.connect(h.databaseUri);
  db = client.db();
  env = {
    MONGODB_URI: h.databaseUri,
    NOTES_ADMINS: 'console:alice',
    BACKUP_DIR: await mkdtemp(path.join(tmpdir(), 'notes-fxcrash-')),
    ZOHO_CLIENT_ID: ZOHO_CLIENT.clientId,
    ZOHO_CLIENT_SECRET: ZOHO_CLIENT.clientSecret,
    ZOHO_REFRESH_TOKEN: ZOHO_CLIENT.refreshToken,
    ZOHO_API_URL: h.zoho.url,
    ZOHO_ACCOUNTS_URL: h.zoho.url,
  };
});
afterAll(async () => {
  await client.close();
  await h.close();
});

/** Runs the bot on `script`, crashing at the effect of `change`; it must die by SIGKILL. */
async function runUntilKilled(script: string, change: 'delete' | 'restore'): Promise<BotRun> {
  return crashRun(env, { NOTES_TEST_CRASH_AT_EFFECT: change }, script);
}

/** Any start of the bot carries out what a crash left pending before it takes commands. */
async function restart(script: string): Promise<BotRun> {
  const run = await runScript(script, env, ['--as', 'console:alice']);
  expect(run.code).toBe(0);
  return run;
}

const auditOf = (noteId: string, action: string) => db.collection('audit').find({ action, targetIds: noteId }).toArray();
const outboxOf = (noteId: string, change: string) => db.collection('crm_outbox').find({ noteId, change } as Document).toArray();

test('kill -9 after a delete, before its audit and CRM entries: the restart audits it once as alice and Zoho gets one delete; the same for a restore', async () => {
  const inZoho = h.zoho.addNote({ content: 'Call notes, entered twice' });
  await h.run('crm sync');
  const note = await h.app.deps.notes.findBySource('zoho', inZoho.id);
  expect(note).not.toBeNull();
  const noteId = note!.id;

  await runUntilKilled(`delete ${noteId} entered twice\ny\n`, 'delete');
  expect((await db.collection('notes').findOne({ _id: noteId } as Document))?.deletedAt).toBeInstanceOf(Date);
  expect(await auditOf(noteId, 'note.delete')).toEqual([]);
  expect(await outboxOf(noteId, 'delete')).toEqual([]);

  const shown = await restart(`show ${noteId}\n`);
  expect(shown.stdout).toContain(noteId);
  const deletes = await auditOf(noteId, 'note.delete');
  expect(deletes).toHaveLength(1);
  expect(deletes[0]).toMatchObject({ actorId: 'console:alice', platform: 'console', details: { reason: 'entered twice', recordId: note!.recordId } });
  expect(await outboxOf(noteId, 'delete')).toHaveLength(1);
  await h.app.crm!.drain('zoho');
  await h.app.crm!.drain('zoho');
  expect(h.zoho.deleteCalls.flat().filter((id) => id === inZoho.id)).toHaveLength(1);
  expect(h.zoho.notes.has(inZoho.id)).toBe(false);

  await runUntilKilled(`restore ${noteId}\n`, 'restore');
  expect((await db.collection('notes').findOne({ _id: noteId } as Document))?.deletedAt).toBeNull();
  expect(await auditOf(noteId, 'note.restore')).toEqual([]);

  await restart(`show ${noteId}\n`);
  const restores = await auditOf(noteId, 'note.restore');
  expect(restores).toHaveLength(1);
  expect(restores[0]).toMatchObject({ actorId: 'console:alice', details: { recordId: note!.recordId } });
  expect(await auditOf(noteId, 'note.delete')).toHaveLength(1);
  expect(await outboxOf(noteId, 'restore')).toHaveLength(1);
  await h.app.crm!.drain('zoho');
  await h.app.crm!.drain('zoho');
  expect(h.zoho.restoreCalls.filter((id) => id === inZoho.id)).toHaveLength(1);
  expect(h.zoho.notes.has(inZoho.id)).toBe(true);
  // Nothing is left owing: the notes that owe an effect are found by one indexed equality.
  expect(await db.collection('notes').countDocuments({ effectsDue: 'due' })).toBe(0);
}, 180_000);
