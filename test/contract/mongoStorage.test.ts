import type { Connection } from 'mongoose';
import { connectDatabase } from '../../adapters/mongo/connection.js';
import { createMongoRepositories, type MongoRepositories } from '../../adapters/mongo/index.js';
import { MongoNoteRepository } from '../../adapters/mongo/noteRepository.js';
import { verifyChain } from '../../src/domain/audit.js';
import { sourcedNoteId } from '../../src/domain/sourcedNote.js';
import { freshDatabaseUri } from '../support/database.js';
import { anAuditInput, aNote, collect, minutes, T0 } from './suites/builders.js';

// What the contract cannot see from the ports: indexes, stored shape, large streams, and
// compare-and-set across processes.
const uri = freshDatabaseUri('mongostorage');
const connection: Connection = await connectDatabase(uri);
const repos: MongoRepositories = createMongoRepositories(connection);
await repos.ensureIndexes();

afterAll(async () => {
  await connection.close();
});

type IndexInfo = { key: Record<string, number>; unique?: boolean };
const indexesOf = async (collection: string) =>
  ((await connection.db!.collection(collection).listIndexes().toArray()) as IndexInfo[]).map((i) => ({
    key: i.key,
    unique: i.unique === true,
  }));

describe('indexes', () => {
  const expected: [string, IndexInfo[]][] = [
    ['notes', [{ key: { deletedAt: 1, createdAt: -1, _id: -1 } }, { key: { recordId: 1, deletedAt: -1, _id: -1 } }, { key: { tags: 1, deletedAt: 1, createdAt: -1, _id: -1 } }, { key: { deletionPlanId: 1 } }]],
    ['roles', [{ key: { actorId: 1 }, unique: true }]],
    ['confirmations', [{ key: { id: 1 }, unique: true }]],
    ['plans', [{ key: { id: 1 }, unique: true }, { key: { status: 1 } }]],
    ['approvals', [{ key: { id: 1 }, unique: true }, { key: { status: 1, expiresAt: 1 } }]],
    ['audit', [{ key: { seq: 1 }, unique: true }, { key: { targetIds: 1, seq: -1 } }, { key: { actorId: 1, seq: -1 } }, { key: { action: 1, seq: 1 } }]],
  ];

  test.each(expected)('%s has every index it needs, and ensureIndexes can run again', async (collection, wanted) => {
    await repos.ensureIndexes();
    const found = await indexesOf(collection);
    for (const index of wanted) expect(found).toContainEqual({ key: index.key, unique: index.unique === true });
    expect(found).toContainEqual({ key: { _id: 1 }, unique: false });
  });
});

describe('stored shape', () => {
  test('a note is stored under _id = its id, keeps the id field too, and has no __v', async () => {
    await repos.notes.insert(aNote('shape-1'));
    const raw = await connection.db!.collection<{ _id: string }>('notes').findOne({ _id: 'shape-1' });
    expect(raw).toMatchObject({ _id: 'shape-1', id: 'shape-1', deletedAt: null });
    expect(raw).not.toHaveProperty('__v');
    expect(await repos.notes.findById('shape-1')).not.toHaveProperty('_id');
  });

  test('undefined inside audit details is dropped before hashing, so the stored entry verifies', async () => {
    await repos.models.Audit.deleteMany({}).exec();
    const entry = await repos.audit.append(anAuditInput({ details: { kept: 1, dropped: undefined, nested: { gone: undefined } }, tenantId: undefined }), T0);
    expect(entry.details).toEqual({ kept: 1, nested: {} });
    const [stored] = await collect(repos.audit.streamAll());
    expect(stored.details).toStrictEqual({ kept: 1, nested: {} });
    expect(await verifyChain([stored])).toEqual({ ok: true, checked: 1 });
  });
});

describe('large streams', () => {
  const count = 2_500;
  beforeAll(async () => {
    await repos.models.Note.deleteMany({}).exec();
    const docs = Array.from({ length: count }, (_, i) => aNote(`big-${String(i).padStart(5, '0')}`, { createdAt: minutes(i) }));
    await repos.models.Note.insertMany(docs.reverse().map((note) => ({ ...note, _id: note.id })));
  });

  test('streamAll crosses cursor batches and yields every note once, in id order', async () => {
    let previous = '';
    let seen = 0;
    for await (const note of repos.notes.streamAll()) {
      expect(note.id > previous).toBe(true);
      previous = note.id;
      seen += 1;
    }
    expect(seen).toBe(count);
  });

  test('a consumer may stop a stream early', async () => {
    const firstTen: string[] = [];
    for await (const note of repos.notes.streamAll()) {
      firstTen.push(note.id);
      if (firstTen.length === 10) break;
    }
    expect(firstTen).toEqual(Array.from({ length: 10 }, (_, i) => `big-0000${i}`));
    expect(await repos.notes.count({ state: 'live' })).toBe(count);
  });

  test('streamByIds and findByIds handle id lists longer than one $in chunk', async () => {
    const ids = Array.from({ length: count }, (_, i) => `big-${String(count - 1 - i).padStart(5, '0')}`);
    const chunked = new MongoNoteRepository(repos.models.Note, { streamChunk: 1_000, server: repos.server });
    const streamed = (await collect(chunked.streamByIds(ids))).map((n) => n.id);
    expect(streamed).toHaveLength(count);
    expect([...streamed].sort()).toEqual([...ids].sort());
    expect((await repos.notes.findByIds(ids)).map((n) => n.id)).toEqual(ids);
  });
});

describe('sourced notes: every step repairable by the next writer', () => {
  const input = (externalId: string, body: string) => ({
    source: 'hubspot' as const,
    externalId,
    recordId: 'acct-9',
    body,
    tags: [],
    authorId: 'system:import',
    createdAt: T0,
  });

  test('a key claimed by a writer that crashed before inserting its note gets the note at the next upsert', async () => {
    // The state a crash between the key claim and the note insert leaves: a key, no note.
    const noteId = sourcedNoteId('hubspot:crashed');
    await repos.models.NoteKey.collection.insertOne({ _id: 'hubspot:crashed', noteId, at: T0 } as never);
    const report = await repos.notes.upsertBySource([input('crashed', 'after the crash')], minutes(1));
    expect(report.results).toEqual([{ id: noteId, status: 'created' }]);
    expect((await repos.notes.findBySource('hubspot', 'crashed'))!.body).toBe('after the crash');
  });

  test('the key document is stored under <source>:<externalId> and names the note', async () => {
    const { results } = await repos.notes.upsertBySource([input('named', 'x')], T0);
    const key = await repos.models.NoteKey.collection.findOne({ _id: 'hubspot:named' } as never);
    expect(key).toMatchObject({ noteId: results[0].id });
    const stored = await repos.models.Note.collection.findOne({ _id: results[0].id } as never);
    expect(stored).toMatchObject({ source: 'hubspot', externalId: 'named' });
  });
});
