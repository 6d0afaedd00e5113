import type { Connection } from 'mongoose';
import { ClaimLedger, claimModel } from '../../adapters/mongo/claims.js';
import { connectDatabase } from '../../adapters/mongo/connection.js';
import { createMongoRepositories, type MongoRepositories } from '../../adapters/mongo/index.js';
import { freshDatabaseUri } from '../support/database.js';
import { aPlan, minutes } from './suites/builders.js';

/**
 * The Mongo plan store keeps one-way steps as claims and the plan document as their cache. On
 * FerretDB an update rewrites the whole document, so a concurrent writer can put back a stale
 * copy; and a crash can fall between a claim and the document write. Reads must see the claims.
 */
const uri = freshDatabaseUri('plan-claims');
let connection: Connection;
let repos: MongoRepositories;
let ledger: ClaimLedger;

beforeAll(async () => {
  connection = await connectDatabase(uri);
  repos = createMongoRepositories(connection);
  await repos.ensureIndexes();
  ledger = new ClaimLedger(claimModel(connection));
});
afterAll(async () => connection?.close());

const rawPlans = () => repos.models.Plan.collection;

test('a stale copy written back over a transition does not undo it', async () => {
  await repos.plans.insert(aPlan('s1'));
  await repos.plans.transition('s1', 'previewed', 'executing', { updatedAt: minutes(1) });
  await rawPlans().updateOne({ _id: 's1' } as never, { $set: { status: 'previewed' } });
  expect((await repos.plans.find('s1'))?.status).toBe('executing');
  expect((await repos.plans.listByStatus('executing')).map((p) => p.id)).toContain('s1');
  expect(await repos.plans.transition('s1', 'previewed', 'cancelled')).toBeNull();
});

test('a finished plan keeps its final counts whatever stale progress is written back', async () => {
  await repos.plans.insert(aPlan('s2', { status: 'executing' }));
  await repos.plans.transition('s2', 'executing', 'done', { finishedAt: minutes(5), updatedAt: minutes(5), cursor: 4, deletedCount: 3, skippedCount: 1 });
  await rawPlans().updateOne({ _id: 's2' } as never, { $set: { status: 'executing', cursor: 2, deletedCount: 2, skippedCount: 0 } });
  expect(await repos.plans.find('s2')).toMatchObject({ status: 'done', cursor: 4, deletedCount: 3, skippedCount: 1, finishedAt: minutes(5) });
  expect((await repos.plans.listByStatus('executing')).map((p) => p.id)).not.toContain('s2');
});

test('a crash between the claim and the document write: the plan is executing, and resumed as such', async () => {
  await repos.plans.insert(aPlan('s3'));
  await ledger.claim('plan:s3:from:previewed', { to: 'executing', changes: { updatedAt: minutes(2) } }, minutes(2));
  expect(await repos.plans.find('s3')).toMatchObject({ status: 'executing', updatedAt: minutes(2) });
  expect((await repos.plans.listByStatus('executing')).map((p) => p.id)).toContain('s3');
});

test('plans are stored under their id', async () => {
  await repos.plans.insert(aPlan('s4'));
  expect(await rawPlans().findOne({ _id: 's4' } as never)).toMatchObject({ id: 's4' });
});
