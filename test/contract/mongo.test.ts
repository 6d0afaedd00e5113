import type { Connection } from 'mongoose';
import { connectDatabase } from '../../adapters/mongo/connection.js';
import { createMongoRepositories, FERRETDB, MONGODB, type MongoRepositories } from '../../adapters/mongo/index.js';
import { freshDatabaseUri } from '../support/database.js';
import { auditLogContract } from './suites/audit.js';
import { noteRepositoryContract } from './suites/notes.js';
import { planStoreContract } from './suites/plans.js';
import { approvalStoreContract, confirmationStoreContract, roleRepositoryContract } from './suites/stores.js';

// The Mongo repositories on the real test database (FerretDB unless MONGODB_URI says otherwise).
// One database for the file; each test empties the collection of the port it exercises.
const uri = freshDatabaseUri('contract');
let connection: Connection;
let repos: MongoRepositories;
// A second connection stands in for another process.
let otherConnection: Connection;
// The same database through the other server's query path: conditional writes as one atomic
// findOneAndUpdate (MongoDB) or read, check and write by _id (FerretDB), whichever this server is.
let otherPath: MongoRepositories;

beforeAll(async () => {
  connection = await connectDatabase(uri);
  otherConnection = await connectDatabase(uri);
  repos = createMongoRepositories(connection);
  otherPath = createMongoRepositories(connection, repos.server.atomicConditionalUpdates ? FERRETDB : MONGODB);
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
noteRepositoryContract(`${label}, the other server's query path`, () => emptied(repos.models.Note, () => otherPath.notes));
roleRepositoryContract(label, () => emptied(repos.models.Role, () => repos.roles));
confirmationStoreContract(label, () => emptied(repos.models.Confirmation, () => repos.confirmations));
planStoreContract(label, () => emptied(repos.models.Plan, () => repos.plans));
approvalStoreContract(label, () => emptied(repos.models.Approval, () => repos.approvals));
// Appends from the other connection do not share this process's queue, so concurrent appends
// from both meet only at the unique index on `seq` (atomic on FerretDB too) and must retry.
auditLogContract(label, async () => {
  await repos.models.AuditHead.deleteMany({}).exec();
  // Fresh instances: an emptied log must not be appended to from an instance's memory of the old head.
  const log = createMongoRepositories(connection).audit;
  const peer = createMongoRepositories(otherConnection).audit;
  return emptied(repos.models.Audit, () => ({ log, peer }));
});
