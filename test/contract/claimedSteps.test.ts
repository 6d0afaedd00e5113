import type { Connection } from 'mongoose';
import { decisionClaimKey, executionClaimKey } from '../../adapters/mongo/approvalStore.js';
import { ClaimLedger, claimModel } from '../../adapters/mongo/claims.js';
import { settleClaimKey } from '../../adapters/mongo/confirmationStore.js';
import { connectDatabase } from '../../adapters/mongo/connection.js';
import { createMongoRepositories, type MongoRepositories } from '../../adapters/mongo/index.js';
import { aConfirmation, anApproval, minutes, T0 } from './suites/builders.js';
import { freshDatabaseUri } from '../support/database.js';

// What the contract cannot see from the ports: where the Mongo stores keep their documents, and
// how they recover when a claim was written but the document was not updated (a crash between
// the two, or another process writing back a stale copy).
const uri = freshDatabaseUri('claimedsteps');
const connection: Connection = await connectDatabase(uri);
const repos: MongoRepositories = createMongoRepositories(connection);
const claims = new ClaimLedger(claimModel(connection));
await repos.ensureIndexes();

afterAll(async () => {
  await connection.close();
});

const raw = (collection: string, id: string) => connection.db!.collection(collection).findOne({ _id: id as never });

describe('documents are keyed by their domain id', () => {
  test('approvals, confirmations and grants are stored with _id = id (or actor id)', async () => {
    await repos.approvals.insert(anApproval('r-key'));
    await repos.confirmations.insert(aConfirmation('c-key'));
    await repos.roles.upsert({ actorId: 'slack:UKEY', role: 'viewer', grantedBy: 'slack:UADMIN', grantedAt: T0 });
    expect(await raw('approvals', 'r-key')).toMatchObject({ id: 'r-key', status: 'pending' });
    expect(await raw('confirmations', 'c-key')).toMatchObject({ id: 'c-key', status: 'pending' });
    expect(await raw('roles', 'slack:UKEY')).toMatchObject({ actorId: 'slack:UKEY', role: 'viewer' });
  });
});

describe('a claim without its document update is repaired on read', () => {
  const decision = { status: 'rejected' as const, decidedBy: 'slack:UADMIN2', decidedAt: minutes(5), reason: 'keep it' };

  test('an approval whose decision was claimed reads as decided, everywhere, and is written back', async () => {
    await repos.approvals.insert(anApproval('r-crash'));
    const pendingIds = async () => (await repos.approvals.listPending(minutes(6))).map((r) => r.id);
    expect(await pendingIds()).toContain('r-crash');
    // The winner crashed right after claiming.
    expect(await claims.claim(decisionClaimKey('r-crash'), decision, decision.decidedAt)).toBe(true);
    expect(await raw('approvals', 'r-crash')).toMatchObject({ status: 'pending' });

    expect(await pendingIds()).not.toContain('r-crash');
    const expected = { ...anApproval('r-crash'), status: 'rejected', decidedBy: 'slack:UADMIN2', decidedAt: minutes(5), decisionReason: 'keep it' };
    expect(await repos.approvals.find('r-crash')).toEqual(expected);
    expect(await raw('approvals', 'r-crash')).toMatchObject({ status: 'rejected', decidedBy: 'slack:UADMIN2' });
    expect(await repos.approvals.decide('r-crash', { ...decision, status: 'approved', decidedBy: 'slack:UADMIN3' }, minutes(6))).toBeNull();
  });

  test('a stale copy written back over a decision does not undo it', async () => {
    await repos.approvals.insert(anApproval('r-stale'));
    const decided = await repos.approvals.decide('r-stale', decision, minutes(5));
    expect(decided?.status).toBe('rejected');
    // What FerretDB's unisolated `$set` from another process can do: replace with a pending copy.
    await connection.db!.collection('approvals').replaceOne({ _id: 'r-stale' as never }, { ...anApproval('r-stale'), message: { platform: 'slack', channelId: 'C1', messageId: '1.2' } });
    expect(await repos.approvals.find('r-stale')).toMatchObject({ status: 'rejected', decidedBy: 'slack:UADMIN2', message: { messageId: '1.2' } });
  });

  test('an approved note delete owes its execution by a flag the reconciler reads with one equality, cleared once recorded', async () => {
    await repos.approvals.insert(anApproval('r-due'));
    await repos.approvals.decide('r-due', { ...decision, status: 'approved' }, minutes(5));
    expect(await raw('approvals', 'r-due')).toMatchObject({ status: 'approved', executionDue: true });
    const execution = { outcome: 'deleted' as const, at: minutes(6), recovered: false };
    await repos.approvals.recordExecution('r-due', execution);
    expect(await raw('approvals', 'r-due')).toMatchObject({ executionDue: false, execution });
    expect(await repos.approvals.find('r-due')).not.toHaveProperty('executionDue');
  });

  test('an approval claimed but not written back (a crash between the two) is still found owing its delete', async () => {
    await repos.approvals.insert(anApproval('r-half'));
    expect(await claims.claim(decisionClaimKey('r-half'), { ...decision, status: 'approved' }, decision.decidedAt)).toBe(true);
    expect(await raw('approvals', 'r-half')).toMatchObject({ status: 'pending' });
    expect((await repos.approvals.listUnexecutedDeletes()).map((r) => r.id)).toContain('r-half');
    expect(await raw('approvals', 'r-half')).toMatchObject({ status: 'approved', executionDue: true });
  });

  test('an execution claimed but not written back is read from its claim and no longer owed', async () => {
    await repos.approvals.insert(anApproval('r-exec'));
    await repos.approvals.decide('r-exec', { ...decision, status: 'approved' }, minutes(5));
    const execution = { outcome: 'already-deleted' as const, at: minutes(6), recovered: true };
    expect(await claims.claim(executionClaimKey('r-exec'), execution, execution.at)).toBe(true);
    expect(await raw('approvals', 'r-exec')).toMatchObject({ executionDue: true });
    expect((await repos.approvals.listUnexecutedDeletes()).map((r) => r.id)).not.toContain('r-exec');
    expect(await raw('approvals', 'r-exec')).toMatchObject({ executionDue: false, execution });
    // A stale decision copy setting the flag again costs one claim lookup, nothing more.
    await connection.db!.collection('approvals').updateOne({ _id: 'r-exec' as never }, { $set: { executionDue: true } });
    expect((await repos.approvals.listUnexecutedDeletes()).map((r) => r.id)).not.toContain('r-exec');
    expect((await repos.approvals.find('r-exec'))!.execution).toEqual(execution);
  });

  test('a confirmation whose answer was claimed reads as settled and cannot be settled again', async () => {
    await repos.confirmations.insert(aConfirmation('c-crash'));
    expect(await claims.claim(settleClaimKey('c-crash'), { status: 'cancelled' }, T0)).toBe(true);
    expect((await repos.confirmations.find('c-crash'))?.status).toBe('cancelled');
    expect(await raw('confirmations', 'c-crash')).toMatchObject({ status: 'cancelled' });
    expect(await repos.confirmations.settle('c-crash', 'confirmed')).toBeNull();
  });
});

describe('admin set', () => {
  beforeEach(async () => {
    await connection.db!.collection('adminsets').deleteMany({});
    await repos.models.Role.deleteMany({}).exec();
  });

  test('admin grants stored by earlier versions are the admin set until its first change, then carried into it', async () => {
    const legacy = { actorId: 'slack:UOLD', role: 'admin', grantedBy: 'slack:UROOT', grantedAt: T0 };
    await connection.db!.collection('roles').insertOne({ _id: 'slack:UOLD' as never, ...legacy });
    const genesis = await repos.roles.adminSet();
    expect(genesis).toEqual({ version: 0, admins: [{ actorId: 'slack:UOLD', grantedBy: 'slack:UROOT', grantedAt: T0 }], changedBy: null, changedAt: null });
    expect(await repos.roles.find('slack:UOLD')).toEqual(legacy);

    // A change based on version 0 removes the legacy admin: from then on the stored admin grant is ignored.
    expect(await repos.roles.commitAdminSet({ version: 1, admins: [], changedBy: 'slack:UROOT', changedAt: minutes(1) })).toBe(true);
    expect(await repos.roles.find('slack:UOLD')).toBeNull();
    expect(await repos.roles.list()).toEqual([]);
  });

  test('a head left behind (lost race, crash) only costs reads: the newest version is still found', async () => {
    for (let version = 1; version <= 3; version += 1) {
      const admins = [{ actorId: `slack:U${version}`, grantedBy: 'slack:UROOT', grantedAt: T0 }];
      expect(await repos.roles.commitAdminSet({ version, admins, changedBy: 'slack:UROOT', changedAt: T0 })).toBe(true);
    }
    await connection.db!.collection('adminsets').updateOne({ _id: 'head' as never }, { $set: { version: 1, admins: [] } });
    expect((await repos.roles.adminSet()).admins.map((a) => a.actorId)).toEqual(['slack:U3']);
    expect(await raw('adminsets', 'head')).toMatchObject({ version: 3 });
  });
});
