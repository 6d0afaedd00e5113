import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient, type Db, type Document } from 'mongodb';
import { freshDatabaseUri } from '../../support/database.js';
import { runScript, runUntilKilled as crashRun, type BotRun } from './runBot.js';

/**
 * Reliability of approvals: the bot (`main.ts`, a real process) is killed with SIGKILL after an
 * admin's approval of a member's delete request is stored and before the note is deleted (the
 * test-only crash point NOTES_TEST_CRASH_AT_APPROVAL=decided, root/app.ts). The next start
 * carries the delete out in the approver's name: the note is deleted once, audited once (approver,
 * requester, approval id), the decision told once, and the request records that it was done.
 */
const NOTE = 'n-approved1';
let client: MongoClient;
let db: Db;
let env: Record<string, string>;
let backupDir: string;

beforeAll(async () => {
  const uri = freshDatabaseUri('crashapproval');
  client = await MongoClient.connect(uri);
  db = client.db();
  backupDir = await mkdtemp(path.join(tmpdir(), 'notes-crashapproval-'));
  env = { MONGODB_URI: uri, NOTES_ADMINS: 'console:alice', BACKUP_DIR: backupDir };
  const at = new Date(Date.UTC(2026, 0, 1));
  const note = { _id: NOTE, id: NOTE, recordId: 'acct-ap', body: 'call notes filed on the wrong account', tags: [], authorId: 'console:bob' };
  await db.collection('notes').insertOne({ ...note, createdAt: at, updatedAt: at, deletedAt: null, deletedBy: null, deleteReason: null, deletionPlanId: null } as Document);
});
afterAll(async () => {
  await client.close();
  await rm(backupDir, { recursive: true, force: true });
});

/** Runs the bot on `script` with the approval crash point; it must die by SIGKILL. */
async function runUntilKilled(script: string): Promise<BotRun> {
  return crashRun(env, { NOTES_TEST_CRASH_AT_APPROVAL: 'decided' }, script);
}

async function restart(script: string): Promise<BotRun> {
  const run = await runScript(script, env, ['--as', 'console:alice']);
  expect(run.code).toBe(0);
  return run;
}

const auditOf = (action: string) => db.collection('audit').find({ action, targetIds: NOTE }).toArray();
const noteNow = () => db.collection('notes').findOne({ _id: NOTE } as Document);
const toldDecided = (run: BotRun, requestId: string) => run.stdout.split('\n').filter((line) => line.includes(`request ${requestId} approved by console:alice`));

test('kill -9 between an approval and its delete: the restart deletes the note once as approved, audits it once and tells it once', async () => {
  const asked = await restart(`as console:bob\ndelete ${NOTE} wrong account\n`);
  const request = await db.collection('approvals').findOne({ targetId: NOTE });
  expect(request).toMatchObject({ kind: 'note-delete', requesterId: 'console:bob', status: 'pending' });
  const requestId = String(request!.id);
  expect(asked.stdout).toContain(requestId);

  await runUntilKilled(`approve ${requestId}\n`);
  expect((await noteNow())?.deletedAt).toBeNull();
  expect(await auditOf('approval.approve')).toHaveLength(1);
  expect(await auditOf('note.delete')).toEqual([]);

  const restarted = await restart(`show ${NOTE}\n`);
  expect(await noteNow()).toMatchObject({ deletedBy: 'console:bob', deleteReason: 'wrong account', deletedAt: expect.any(Date) });
  const deletes = await auditOf('note.delete');
  expect(deletes).toHaveLength(1);
  expect(deletes[0]).toMatchObject({ actorId: 'console:alice', details: { requestedBy: 'console:bob', approvalId: requestId, reason: 'wrong account' } });
  expect(await auditOf('approval.approve')).toHaveLength(1);
  expect(await db.collection('approvals').findOne({ _id: requestId } as Document)).toMatchObject({
    status: 'approved',
    executionDue: false,
    execution: { outcome: 'deleted', recovered: true },
  });
  expect(toldDecided(restarted, requestId)).toHaveLength(1);

  // Another start finds nothing owed: nothing deleted, audited or told again.
  const again = await restart(`show ${NOTE}\n`);
  expect(await auditOf('note.delete')).toHaveLength(1);
  expect(toldDecided(again, requestId)).toEqual([]);
  expect(await db.collection('approvals').countDocuments({ executionDue: true })).toBe(0);
}, 180_000);
