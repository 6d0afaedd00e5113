/**
 * Fast seeding in exactly the shape the app stores its documents in. The benchmarks insert through
 * the driver (insertMany) because the repositories write one document at a time; to keep that
 * honest the shape is not written down here but observed: one probe goes through the real
 * repository (adapters/mongo) into a scratch database, and its stored document becomes the
 * template. So a storage change (say, the note id as `_id`) changes the seed with it, and a stored
 * field the seed cannot derive stops the benchmark with a message instead of seeding a wrong shape.
 */
import { ObjectId, type Document } from 'mongodb';
import type { Connection } from 'mongoose';
import { connectDatabase } from '../../adapters/mongo/connection.js';
import { createMongoRepositories, type MongoRepositories } from '../../adapters/mongo/index.js';
import { auditKey } from '../../adapters/mongo/models.js';
import { auditHash, GENESIS_HASH, type AuditEntry, type AuditInput } from '../../src/domain/audit.js';
import type { Note } from '../../src/domain/note.js';
import { withDatabase } from './database.js';

type ToStored<T> = (value: T) => Document;

const probeNote: Note = {
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

const isDate = (value: unknown): value is Date => Object.prototype.toString.call(value) === '[object Date]';

/** Deep equality that also holds across realms (a Date cloned under jest's VM is still a Date). */
function same(a: unknown, b: unknown): boolean {
  if (isDate(a) || isDate(b)) return isDate(a) && isDate(b) && a.getTime() === b.getTime();
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => same(item, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
  }
  return Object.is(a, b);
}

/**
 * The template: every stored field is a field of the probe (copied), one of `derived` (computed
 * from the value, e.g. `_id` = the note's id), or a driver-assigned ObjectId `_id`.
 */
function template<T extends object>(probe: T, stored: Document, derived: Record<string, (value: T) => unknown>, what: string): ToStored<T> {
  const build: Array<(value: T, doc: Document) => void> = [];
  for (const [key, storedValue] of Object.entries(stored)) {
    const derivation = Object.values(derived).find((derive) => same(storedValue, derive(probe)));
    if (key in probe && same(storedValue, (probe as Record<string, unknown>)[key])) {
      build.push((value, doc) => (doc[key] = (value as Record<string, unknown>)[key]));
    } else if (derivation) {
      build.push((value, doc) => (doc[key] = derivation(value)));
    } else if (!(key === '_id' && storedValue instanceof ObjectId)) {
      throw new Error(`bench seed: stored ${what} have a field "${key}" (${JSON.stringify(storedValue)}) that bench/common/seedNotes.ts cannot derive; teach it`);
    }
  }
  return (value) => {
    const doc: Document = {};
    for (const step of build) step(value, doc);
    return doc;
  };
}

/** Runs `write` through the real repositories in `<database>_shape` on the same server (dropped after). */
async function probeStore(uri: string, write: (repositories: MongoRepositories, connection: Connection) => Promise<Document | null>): Promise<Document> {
  const database = new URL(uri).pathname.slice(1) || 'test';
  const connection = await connectDatabase(withDatabase(uri, `${database}_shape`));
  try {
    const stored = await write(createMongoRepositories(connection), connection);
    if (!stored) throw new Error('bench seed: the repository stored no document for the probe');
    return stored;
  } finally {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}

export async function learnNoteShape(uri: string): Promise<ToStored<Note>> {
  const stored = await probeStore(uri, async (repositories) => {
    await repositories.notes.insert(probeNote);
    return repositories.models.Note.collection.findOne({});
  });
  return template(probeNote, stored, { id: (note) => note.id }, 'notes');
}

async function learnAuditShape(uri: string): Promise<ToStored<AuditEntry>> {
  let probe: AuditEntry | undefined;
  const stored = await probeStore(uri, async (repositories) => {
    const input: AuditInput = { actorId: 'console:probe', platform: 'console', action: 'note.add', targetIds: ['n-probe7k3', 'acct-probe'], details: { recordId: 'acct-probe' } };
    probe = await repositories.audit.append(input, new Date(Date.UTC(2020, 0, 1)));
    return repositories.models.Audit.collection.findOne({ hash: probe.hash });
  });
  return template(probe!, stored, { seq: (entry) => entry.seq, seqText: (entry) => String(entry.seq), seqKey: (entry) => auditKey(entry.seq), hash: (entry) => entry.hash }, 'audit entries');
}

async function insertInBatches<T>(connection: Connection, collection: 'Note' | 'Audit', values: Iterable<T>, toStored: ToStored<T>, batchSize: number): Promise<number> {
  const target = createMongoRepositories(connection).models[collection].collection;
  let inserted = 0;
  let batch: Document[] = [];
  const flush = async () => {
    if (batch.length) await target.insertMany(batch, { ordered: false });
    inserted += batch.length;
    batch = [];
  };
  for (const value of values) {
    batch.push(toStored(value));
    if (batch.length === batchSize) await flush();
  }
  await flush();
  return inserted;
}

/**
 * Creates the app's indexes (so the seed pays for them, as the app would), then inserts `notes` in
 * batches through the driver. Returns how many were inserted.
 */
export async function insertNotes(uri: string, notes: Iterable<Note>, batchSize = 1000): Promise<number> {
  const toStored = await learnNoteShape(uri);
  const connection = await connectDatabase(uri);
  try {
    await createMongoRepositories(connection).ensureIndexes();
    return await insertInBatches(connection, 'Note', notes, toStored, batchSize);
  } finally {
    await connection.close();
  }
}

/**
 * The audit trail those notes would have left had they been added through the app: one
 * `note.add` entry each, as `addNote` records it, chained by hash from the genesis. Without it
 * an `add` would find an empty log and look faster than it is for anyone who has 100,000 notes.
 * Call on an empty audit log.
 */
export async function insertAuditTrail(uri: string, notes: Iterable<Note>, batchSize = 1000): Promise<number> {
  const toStored = await learnAuditShape(uri);
  function* entries(): Generator<AuditEntry> {
    let seq = 0;
    let prevHash = GENESIS_HASH;
    for (const note of notes) {
      seq += 1;
      const base = {
        actorId: note.authorId,
        platform: note.authorId.split(':')[0] as AuditEntry['platform'],
        action: 'note.add' as const,
        targetIds: [note.id, note.recordId],
        details: { recordId: note.recordId, body: note.body, tags: note.tags },
        seq,
        at: note.createdAt,
        prevHash,
      };
      const entry: AuditEntry = { ...base, hash: auditHash(base) };
      prevHash = entry.hash;
      yield entry;
    }
  }
  const connection = await connectDatabase(uri);
  try {
    return await insertInBatches(connection, 'Audit', entries(), toStored, batchSize);
  } finally {
    await connection.close();
  }
}
