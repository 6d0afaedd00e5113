import { ObjectId, type Db } from 'mongodb';
import type { Connection } from 'mongoose';
import { connectDatabase } from '../../adapters/mongo/connection.js';
import { createMongoRepositories, type MongoRepositories } from '../../adapters/mongo/index.js';
import { DOMAIN_KEYS_MARKER } from '../../adapters/mongo/migrations.js';
import { verifyChain } from '../../src/domain/audit.js';
import { freshDatabaseUri } from '../support/database.js';
import { aConfirmation, aDeletedNote, aNote, anAuditInput, aPlan, collect, minutes, T0 } from './suites/builders.js';

// A database as earlier versions left it: every document under a generated ObjectId, with the
// unique indexes those versions declared on the domain key.
let connection: Connection;
let db: Db;
let repos: MongoRepositories;

beforeEach(async () => {
  connection = await connectDatabase(freshDatabaseUri('migrations'));
  db = connection.db!;
  repos = createMongoRepositories(connection);
});
afterEach(() => connection.close());

const NOTES = 1_203;

async function seedTheOldWay(): Promise<void> {
  const notes = Array.from({ length: NOTES }, (_, i) =>
    i % 7 === 0 ? aDeletedNote(`old-${i}`, minutes(i + 1), { createdAt: minutes(i) }) : aNote(`old-${i}`, { createdAt: minutes(i) }),
  );
  await db.collection('notes').insertMany(notes.map((note) => ({ _id: new ObjectId(), ...note })));
  await db.collection('notes').createIndex({ id: 1 }, { unique: true });
  await db.collection('notes').createIndex({ recordId: 1, createdAt: -1 });
  await db.collection('confirmations').insertOne({ _id: new ObjectId(), ...aConfirmation('c-1') });
  await db.collection('confirmations').createIndex({ id: 1 }, { unique: true });
  await db.collection('plans').insertOne({ _id: new ObjectId(), ...aPlan('p-1') });
  await db.collection('approvals').insertOne({ _id: new ObjectId(), id: 'r-1', kind: 'note', status: 'pending', createdAt: T0, expiresAt: minutes(60) });
  await db.collection('roles').insertOne({ _id: new ObjectId(), actorId: 'slack:U1', role: 'admin', grantedBy: 'system:bootstrap', grantedAt: T0 });
  await db.collection('roles').createIndex({ actorId: 1 }, { unique: true });
  // An audit chain written the old way: the current code appends it, then the entries are re-keyed back.
  for (let i = 0; i < 12; i += 1) await repos.audit.append(anAuditInput({ details: { i } }), minutes(i));
  const entries = await db.collection('audit').find().toArray();
  await db.collection('audit').deleteMany({});
  await db.collection('audit').insertMany(entries.map(({ _id, ...entry }) => ({ _id: new ObjectId(), ...entry })));
  await db.collection('audit_head').deleteMany({});
}

const objectIdKeyed = async (collection: string) => db.collection(collection).countDocuments({ _id: { $type: 'objectId' } });

test('every old document is re-keyed once at start-up, and the repositories find them by the new key', async () => {
  await seedTheOldWay();
  const report = await repos.ensureIndexes();
  expect(report).toEqual({ notes: NOTES, confirmations: 1, plans: 1, approvals: 1, roles: 1, audit: 12 });
  for (const collection of ['notes', 'confirmations', 'plans', 'approvals', 'roles', 'audit']) expect(await objectIdKeyed(collection)).toBe(0);
  // Indexes no query uses any more are gone; the ones declared now are there.
  const noteIndexes = (await db.collection('notes').indexes()).map((index) => index.name);
  expect(noteIndexes).not.toContain('recordId_1_createdAt_-1');
  expect(noteIndexes).not.toContain('id_1');
  expect(noteIndexes).toContain('recordId_1_deletedAt_1_createdAt_-1__id_-1');
  expect(await db.collection('notes').countDocuments()).toBe(NOTES);
  expect(await db.collection<{ _id: string }>('roles').findOne({ _id: 'slack:U1' })).toMatchObject({ role: 'admin' });
  expect(await db.collection<{ _id: string }>('audit').findOne({ _id: '000000000007' })).toMatchObject({ seq: 7 });

  // A fresh process on the migrated database: reads by _id, and the chain goes on where it was.
  const later = createMongoRepositories(connection);
  expect(await later.notes.findById('old-14')).toEqual(aDeletedNote('old-14', minutes(15), { createdAt: minutes(14) }));
  expect(await later.notes.softDelete('old-15', { deletedAt: minutes(99), deletedBy: 'slack:U1', reason: null, planId: null })).toMatchObject({ id: 'old-15' });
  expect(await later.audit.append(anAuditInput(), minutes(20))).toMatchObject({ seq: 13 });
  expect(await verifyChain(later.audit.streamAll())).toEqual({ ok: true, checked: 13 });
  expect(await collect(later.notes.streamAll())).toHaveLength(NOTES);

  // The marker makes every later start-up a single lookup that moves nothing.
  expect(await db.collection<{ _id: string }>('migrations').findOne({ _id: DOMAIN_KEYS_MARKER })).toMatchObject({ moved: report });
  expect(await later.ensureIndexes()).toEqual({});
});

test('a run that stopped half-way (some copies made, old documents still there) completes on the next start', async () => {
  await seedTheOldWay();
  // What a crash after the first batch of copies leaves behind: both the old note and its copy.
  const copied = await db.collection('notes').find().limit(500).toArray();
  await db.collection('notes').dropIndex('id_1');
  await db.collection('notes').insertMany(copied.map(({ _id, ...note }) => ({ ...note, _id: note.id as unknown as ObjectId })));
  const report = await repos.ensureIndexes();
  expect(report.notes).toBe(NOTES - 500);
  expect(await objectIdKeyed('notes')).toBe(0);
  expect(await db.collection('notes').countDocuments()).toBe(NOTES);
  expect((await repos.notes.findById('old-3'))?.id).toBe('old-3');
});

test('a new, empty database is marked as migrated and moves nothing', async () => {
  expect(await repos.ensureIndexes()).toEqual({});
  expect(await db.collection<{ _id: string }>('migrations').findOne({ _id: DOMAIN_KEYS_MARKER })).not.toBeNull();
});
