import type { Connection } from 'mongoose';
import { pino } from 'pino';
import { MongoCrmNoteLinks } from '../../adapters/crm/noteLinks.js';
import { MongoCrmOutbox } from '../../adapters/crm/outbox.js';
import { outboxModel, syncStateModel } from '../../adapters/crm/outboxModel.js';
import { MongoSyncState } from '../../adapters/crm/syncState.js';
import { ClaimLedger, claimModel } from '../../adapters/mongo/claims.js';
import { connectDatabase } from '../../adapters/mongo/connection.js';
import { createMongoRepositories, type MongoRepositories } from '../../adapters/mongo/index.js';
import { freshDatabaseUri } from '../support/database.js';
import { InMemoryCrmNoteLinks, InMemoryCrmNotes, InMemoryCrmOutbox, InMemoryCrmSyncState } from '../support/memoryCrm.js';
import { crmNoteLinksContract } from './suites/crmNoteLinks.js';
import { crmOutboxContract } from './suites/crmOutbox.js';
import { crmSyncStateContract } from './suites/crmSyncState.js';

// The CRM ports (src/ports/crm.ts, crmOutbox.ts): the in-memory twins and adapters/crm on the
// test database, held to one contract. A second connection stands in for another process.
const uri = freshDatabaseUri('crmcontract');
let connection: Connection;
let otherConnection: Connection;
let repos: MongoRepositories;

beforeAll(async () => {
  connection = await connectDatabase(uri);
  otherConnection = await connectDatabase(uri);
  repos = createMongoRepositories(connection);
  await repos.ensureIndexes();
  await outboxModel(connection).createIndexes();
});

afterAll(async () => {
  await connection?.close();
  await otherConnection?.close();
});

crmOutboxContract('in-memory twin', async () => {
  const outbox = new InMemoryCrmOutbox();
  return { outbox, peer: outbox };
});
crmOutboxContract('mongo', async () => {
  await outboxModel(connection).deleteMany({}).exec();
  await connection.db!.collection('claims').deleteMany({});
  const on = (c: Connection) => new MongoCrmOutbox(outboxModel(c), new ClaimLedger(claimModel(c)));
  return { outbox: on(connection), peer: on(otherConnection) };
});

crmNoteLinksContract('in-memory twin', async () => {
  const notes = new InMemoryCrmNotes();
  return { notes, links: new InMemoryCrmNoteLinks(notes) };
});
crmNoteLinksContract('mongo', async () => {
  await repos.models.Note.deleteMany({}).exec();
  await repos.models.NoteKey.deleteMany({}).exec();
  return { notes: repos.notes, links: new MongoCrmNoteLinks(repos.models.Note, repos.models.NoteKey, pino({ level: 'silent' })) };
});

crmSyncStateContract('in-memory twin', async () => {
  const state = new InMemoryCrmSyncState();
  return { state, peer: state };
});
crmSyncStateContract('mongo', async () => {
  await syncStateModel(connection).deleteMany({}).exec();
  return { state: new MongoSyncState(syncStateModel(connection)), peer: new MongoSyncState(syncStateModel(otherConnection)) };
});
