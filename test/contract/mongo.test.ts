import type { Connection } from 'mongoose';
import { connectDatabase } from '../../adapters/mongo/connection.js';
import { createMongoRepositories, type MongoRepositories } from '../../adapters/mongo/index.js';
import { freshDatabaseUri } from '../support/database.js';
import { auditLogContract } from './suites/audit.js';
import { noteRepositoryContract } from './suites/notes.js';
import { planStoreContract } from './suites/plans.js';
import { roleRepositoryContract } from './suites/roles.js';
import { approvalStoreContract, confirmationStoreContract } from './suites/stores.js';

// The Mongo repositories on the real test database (FerretDB unless MONGODB_URI says otherwise).
// One database for the file; each test empties the collection of the port it exercises.
const uri = freshDatabaseUri('contract');
let connection: Connection;
let repos: MongoRepositories;
// A second connection with its own repositories stands in for another process.
let otherConnection: Connection;
let otherRepos: MongoRepositories;

beforeAll(async () => {
  connection = await connectDatabase(uri);
  otherConnection = await connectDatabase(uri);
  repos = createMongoRepositories(connection);
  otherRepos = createMongoRepositories(otherConnection);
  await repos.ensureIndexes();
});

afterAll(async () => {
  await connection?.close();
  await otherConnection?.close();
});

const label = 'mongo';
type Emptiable = { deleteMany(filter: object): { exec(): Promise<unknown> } };
const emptied = async <T>(model: Emptiable, port: () => T): Promise<T> => {
  await model.deleteMany({}).exec();
  return port();
};

noteRepositoryContract(label, () => emptied(repos.models.Note, () => repos.notes));
roleRepositoryContract(label, async () => {
  await connection.db!.collection('adminsets').deleteMany({});
  return emptied(repos.models.Role, () => ({ roles: repos.roles, peer: otherRepos.roles }));
});
// Decisions, settlements and plan steps are claims: a test's ids are fresh only if the claims are gone too.
const withoutClaims = async <T>(port: () => Promise<T>): Promise<T> => {
  await connection.db!.collection('claims').deleteMany({});
  return port();
};
confirmationStoreContract(label, () =>
  withoutClaims(() => emptied(repos.models.Confirmation, () => ({ store: repos.confirmations, peer: otherRepos.confirmations }))),
);
planStoreContract(label, () => withoutClaims(() => emptied(repos.models.Plan, () => ({ plans: repos.plans, peer: otherRepos.plans }))));
approvalStoreContract(label, () => withoutClaims(() => emptied(repos.models.Approval, () => ({ store: repos.approvals, peer: otherRepos.approvals }))));
// Appends from the other connection do not share this process's queue, so concurrent appends
// from both meet only at the unique index on `seq` (atomic on FerretDB too) and must retry.
auditLogContract(label, () => emptied(repos.models.Audit, () => ({ log: repos.audit, peer: otherRepos.audit })));
