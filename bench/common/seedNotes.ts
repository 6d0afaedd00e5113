/**
 * Fast seeding in exactly the shape the app stores notes in. The benchmarks insert through the
 * driver (insertMany) because the repository inserts one note at a time; to keep that honest the
 * shape is not written down here but observed: one probe note goes through the real repository
 * (adapters/mongo) into a scratch database, and its stored document becomes the template. So a
 * storage change (say, the note id as `_id`) changes the seed with it, and a stored field the seed
 * cannot derive from a Note stops the benchmark with a message instead of seeding a wrong shape.
 */
import { isDeepStrictEqual } from 'node:util';
import { ObjectId, type Document } from 'mongodb';
import { connectDatabase } from '../../adapters/mongo/connection.js';
import { createMongoRepositories } from '../../adapters/mongo/index.js';
import type { Note } from '../../src/domain/note.js';
import { withDatabase } from './database.js';

export type ToStored = (note: Note) => Document;

const probe: Note = {
  id: 'n-probe7k3',
  recordId: 'acct-probe',
  body: 'probe note #probe',
  tags: ['probe'],
  authorId: 'console:probe',
  createdAt: new Date(Date.UTC(2020, 0, 1, 1)),
  updatedAt: new Date(Date.UTC(2020, 0, 1, 2)),
  deletedAt: null,
  deletedBy: null,
  deleteReason: null,
  deletionPlanId: null,
};

/** Learns the stored shape from the repository, in `<database>_shape` on the same server (dropped after). */
export async function learnNoteShape(uri: string): Promise<ToStored> {
  const database = new URL(uri).pathname.slice(1) || 'test';
  const connection = await connectDatabase(withDatabase(uri, `${database}_shape`));
  let stored: Document | null;
  try {
    await createMongoRepositories(connection).notes.insert(probe);
    stored = await connection.collection(createMongoRepositories(connection).models.Note.collection.collectionName).findOne({});
  } finally {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
  if (!stored) throw new Error('bench seed: the repository stored no document for the probe note');
  const copy: string[] = [];
  const fromId: string[] = [];
  for (const [key, value] of Object.entries(stored)) {
    const domain = (probe as unknown as Record<string, unknown>)[key];
    if (key in probe && isDeepStrictEqual(value, domain)) copy.push(key);
    else if (value === probe.id) fromId.push(key);
    else if (key === '_id' && value instanceof ObjectId) continue; // the driver assigns one
    else throw new Error(`bench seed: stored notes have a field "${key}" (${JSON.stringify(value)}) that bench/common/seedNotes.ts cannot derive from a Note; teach it`);
  }
  return (note) => {
    const doc: Document = {};
    for (const key of fromId) doc[key] = note.id;
    for (const key of copy) doc[key] = (note as unknown as Record<string, unknown>)[key];
    return doc;
  };
}

/**
 * Creates the app's indexes (so the seed pays for them, as the app would), then inserts `notes` in
 * batches through the driver. Returns how many were inserted.
 */
export async function insertNotes(uri: string, notes: Iterable<Note>, batchSize = 1000): Promise<number> {
  const toStored = await learnNoteShape(uri);
  const connection = await connectDatabase(uri);
  let inserted = 0;
  try {
    const repositories = createMongoRepositories(connection);
    await repositories.ensureIndexes();
    const collection = repositories.models.Note.collection;
    let batch: Document[] = [];
    for (const note of notes) {
      batch.push(toStored(note));
      if (batch.length === batchSize) {
        await collection.insertMany(batch, { ordered: false });
        inserted += batch.length;
        batch = [];
      }
    }
    if (batch.length) {
      await collection.insertMany(batch, { ordered: false });
      inserted += batch.length;
    }
  } finally {
    await connection.close();
  }
  return inserted;
}
