import type { Connection } from 'mongoose';
import { connectDatabase } from '../../adapters/mongo/connection.js';
import { createMongoRepositories, type MongoRepositories } from '../../adapters/mongo/index.js';
import { freshDatabaseUri } from '../support/database.js';
import { aNote, aPlan, minutes } from '../contract/suites/builders.js';

/**
 * Collected only when MONGODB_URI is set (see jest.config.js): run `MONGODB_URI=mongodb://... npm test`
 * against a real MongoDB. FerretDB would fail it by design, hence not part of the default run.
 */
const uri = freshDatabaseUri('crossprocess');
const connection: Connection = await connectDatabase(uri);
const repos: MongoRepositories = createMongoRepositories(connection);
await repos.ensureIndexes();

afterAll(async () => {
  await connection.close();
});

// FerretDB 1.24 runs every update as "query, then replace by _id" without isolation, so
// compare-and-set holds only within one process there (the repositories queue their own writes).
// On MongoDB the filters alone must hold across processes: checked here when the tests run on it.
// Approval decisions and confirmations are claims instead, which hold on FerretDB too: their
// cross-process tests run everywhere (test/contract/mongo.test.ts, test/integration/processes).
describe('compare-and-set across processes (MongoDB only)', () => {
  let otherConnection: Connection;
  let other: MongoRepositories;
  beforeAll(async () => {
    otherConnection = await connectDatabase(uri);
    other = createMongoRepositories(otherConnection);
  });
  afterAll(async () => {
    await otherConnection.close();
  });
  const both = <T>(n: number, act: (r: MongoRepositories, i: number) => Promise<T>) =>
    Promise.all(Array.from({ length: n }, (_, i) => act(i % 2 ? other : repos, i)));

  test('one batch record, one soft delete win', async () => {
    await repos.plans.insert(aPlan('x-p1', { status: 'executing' }));
    await repos.notes.insert(aNote('x-n1'));
    const mark = { deletedAt: minutes(1), deletedBy: 'slack:UADMIN', reason: null, planId: null };
    const winners = async <T>(results: Promise<(T | null)[]>) => (await results).filter((r) => r !== null).length;
    const batch = (i: number) => ({ cursor: 0, next: 2, doneIds: ['x-n1', 'x-n2'], skipped: 0, doneTotal: 2, skippedTotal: 0, at: minutes(i) });
    const records = await both(10, (r, i) => r.plans.recordBatch('x-p1', batch(i)));
    expect(new Set(records.map((record) => record.at.getTime())).size).toBe(1);
    await other.plans.advance('x-p1', records[0]);
    expect(await winners(both(10, (r) => r.notes.softDelete('x-n1', mark)))).toBe(1);
    expect(await repos.plans.find('x-p1')).toMatchObject({ cursor: 2, deletedCount: 2 });
  });
});
