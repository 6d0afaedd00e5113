import type { Connection } from 'mongoose';
import { pino } from 'pino';
import { connectDatabase } from '../../adapters/mongo/connection.js';
import { ADDRESS_KNOWN_FOR_MS, MongoConversationAddresses, SERVICE_URL_COLLECTION } from '../../adapters/mongo/conversationAddresses.js';
import { createMongoRepositories, FERRETDB, jobStateModel, MONGODB, type MongoRepositories } from '../../adapters/mongo/index.js';
import { freshDatabaseUri } from '../support/database.js';
import { conversationAddressesContract } from './suites/addresses.js';
import { auditLogContract } from './suites/audit.js';
import { notePurgerContract, noteRestorerContract } from './suites/backupNotes.js';
import { jobStateContract } from './suites/jobState.js';
import { noteRepositoryContract } from './suites/notes.js';
import { noteEffectsContract } from './suites/noteEffects.js';
import { operationStoreContract } from './suites/operations.js';
import { planStoreContract } from './suites/plans.js';
import { roleRepositoryContract } from './suites/roles.js';
import { sourcedNotesContract } from './suites/sourcedNotes.js';
import { tokenStoreContract } from './suites/tokens.js';
import { MongoTokenStore, tokenModel } from '../../adapters/mongo/tokenStore.js';
import { approvalStoreContract, confirmationStoreContract, localeStoreContract } from './suites/stores.js';
import { localeModel } from '../../adapters/mongo/localeStore.js';

// The Mongo repositories on the real test database (FerretDB unless MONGODB_URI says otherwise).
// One database for the file; each test empties the collection of the port it exercises.
const uri = freshDatabaseUri('contract');
let connection: Connection;
let repos: MongoRepositories;
// A second connection stands in for another process.
let otherConnection: Connection;
let otherRepos: MongoRepositories;
// The same database through the other server's query path: conditional writes as one atomic
// findOneAndUpdate (MongoDB) or read, check and write by _id (FerretDB), whichever this server is.
let otherPath: MongoRepositories;

beforeAll(async () => {
  connection = await connectDatabase(uri);
  otherConnection = await connectDatabase(uri);
  otherRepos = createMongoRepositories(otherConnection);
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
noteEffectsContract(label, () => emptied(repos.models.Note, () => repos.notes));
noteEffectsContract(`${label}, the other server's query path`, () => emptied(repos.models.Note, () => otherPath.notes));
// Sourced notes: the other connection is another process racing on the same keys.
sourcedNotesContract(label, async () => {
  await repos.models.NoteKey.deleteMany({}).exec();
  return emptied(repos.models.Note, () => ({ notes: repos.notes, peer: otherRepos.notes }));
});
sourcedNotesContract(`${label}, the other server's query path`, async () => {
  await repos.models.NoteKey.deleteMany({}).exec();
  return emptied(repos.models.Note, () => ({ notes: otherPath.notes, peer: otherRepos.notes }));
});
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
operationStoreContract(label, () =>
  withoutClaims(async () => {
    await connection.db!.collection('operations').deleteMany({});
    return { store: repos.operations, peer: otherRepos.operations };
  }),
);
localeStoreContract(label, () => emptied(localeModel(connection), () => ({ store: repos.locales, peer: otherRepos.locales })));
approvalStoreContract(label, () => withoutClaims(() => emptied(repos.models.Approval, () => ({ store: repos.approvals, peer: otherRepos.approvals }))));
// Appends from the other connection do not share this process's queue, so concurrent appends
// from both meet only at the unique index on `seq` (atomic on FerretDB too) and must retry.
auditLogContract(label, async () => {
  await repos.models.AuditHead.deleteMany({}).exec();
  // Fresh instances: an emptied log must not be appended to from an instance's memory of the old head.
  const log = createMongoRepositories(connection).audit;
  const peer = createMongoRepositories(otherConnection).audit;
  return emptied(repos.models.Audit, () => ({ log, peer }));
});
tokenStoreContract(label, async () => {
  await connection.db!.collection('api_tokens').deleteMany({});
  return { store: new MongoTokenStore(tokenModel(connection)), peer: new MongoTokenStore(tokenModel(otherConnection)) };
});
conversationAddressesContract(label, async () => {
  await connection.db!.collection(SERVICE_URL_COLLECTION).deleteMany({});
  const silent = pino({ level: 'silent' });
  // One clock for every instance, moved past the time an instance trusts its memory of the database.
  let clock = 0;
  const now = () => clock;
  return {
    store: new MongoConversationAddresses(connection.db!, silent, now),
    // Another process: a fresh cache on its own connection.
    peer: () => new MongoConversationAddresses(otherConnection.db!, silent, now),
    age: () => {
      clock += ADDRESS_KNOWN_FOR_MS;
    },
  };
});
// The backup ports share the notes collection (and the write queue) with the note repository.
noteRestorerContract(label, () => emptied(repos.models.Note, () => ({ restorer: repos.noteRestorer, peer: otherRepos.noteRestorer, notes: repos.notes })));
notePurgerContract(label, () => emptied(repos.models.Note, () => ({ purger: repos.notePurger, notes: repos.notes, restorer: repos.noteRestorer })));
notePurgerContract(`${label}, the other server's query path`, () => emptied(repos.models.Note, () => ({ purger: otherPath.notePurger, notes: otherPath.notes, restorer: otherPath.noteRestorer })));
// A drill is reported through a claim: fresh drills need the claims gone too.
jobStateContract(label, () => withoutClaims(() => emptied(jobStateModel(connection), () => ({ state: repos.jobState, peer: otherRepos.jobState }))));
