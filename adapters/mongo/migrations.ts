import type { Collection, Document } from 'mongodb';
import type { Connection } from 'mongoose';
import { auditKey } from './models.js';

/**
 * Start-up migration for databases written before documents were keyed by their domain id.
 *
 * Earlier versions stored every document under a generated ObjectId `_id`; now notes, approvals,
 * confirmations and plans are keyed `_id` = their `id`, role grants `_id` = `actorId`, and audit
 * entries `_id` = their zero-padded `seq` (the one lookup FerretDB on SQLite serves from an
 * index). Each old document is copied under its new key, then the old copies are removed.
 *
 * Crash-safe and rerunnable: a copy that already exists (a run that stopped half-way) is a
 * duplicate key and is skipped; old documents are removed only once every one has its copy; the
 * done-marker is written last. A database that has the marker costs one lookup by `_id`.
 * Every instance of an older version must be stopped before the new one starts (an old instance
 * would go on writing ObjectId-keyed documents).
 */

interface Rekey {
  collection: string;
  /** The field that becomes `_id`; its unique index is rebuilt by `ensureIndexes` afterwards. */
  field: string;
  newKey(doc: Document): string;
}

const REKEYS: Rekey[] = [
  { collection: 'notes', field: 'id', newKey: (doc) => String(doc.id) },
  { collection: 'approvals', field: 'id', newKey: (doc) => String(doc.id) },
  { collection: 'confirmations', field: 'id', newKey: (doc) => String(doc.id) },
  { collection: 'plans', field: 'id', newKey: (doc) => String(doc.id) },
  { collection: 'roles', field: 'actorId', newKey: (doc) => String(doc.actorId) },
  { collection: 'audit', field: 'seq', newKey: (doc) => auditKey(Number(doc.seq)) },
];

/**
 * Indexes earlier versions declared on notes and audit that no query uses any more: each one
 * costs every write. Dropped by name, once, with the re-keying.
 */
const OBSOLETE_INDEXES: Record<string, string[]> = {
  notes: ['id_1', 'recordId_1_createdAt_-1', 'authorId_1_createdAt_-1', 'deletedAt_1_createdAt_-1', 'tags_1'],
  audit: ['targetIds_1', 'at_1'],
};

export const DOMAIN_KEYS_MARKER = 'domain-keys-v1';
const COPY_BATCH = 500;

/** Per collection, how many documents this run moved to their new key. */
export type MigrationReport = Record<string, number>;

export async function migrateToDomainKeys(connection: Connection): Promise<MigrationReport> {
  const db = connection.db;
  if (!db) throw new Error('migrateToDomainKeys needs an open connection.');
  const markers = db.collection<{ _id: string; at: Date; moved: MigrationReport }>('migrations');
  if (await markers.findOne({ _id: DOMAIN_KEYS_MARKER })) return {};
  const report: MigrationReport = {};
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
  for (const rekey of REKEYS) {
    if (!existing.has(rekey.collection)) continue;
    const collection = db.collection(rekey.collection);
    const moved = await rekeyCollection(collection, rekey);
    if (moved) report[rekey.collection] = moved;
    const obsolete = OBSOLETE_INDEXES[rekey.collection] ?? [];
    for (const index of await collection.indexes()) {
      if (index.name && obsolete.includes(index.name)) await collection.dropIndex(index.name);
    }
  }
  try {
    await markers.insertOne({ _id: DOMAIN_KEYS_MARKER, at: new Date(), moved: report });
  } catch (error) {
    // Another instance finished the same migration first: what matters is that it is done.
    if ((error as { code?: unknown }).code !== 11000) throw error;
  }
  return report;
}

async function rekeyCollection(collection: Collection, rekey: Rekey): Promise<number> {
  const old = { _id: { $type: 'objectId' } } as Document;
  if (!(await collection.findOne(old))) return 0;
  // The old document and its copy share the key field, so a unique index on it would refuse the copy.
  for (const index of await collection.indexes()) {
    const keys = Object.keys(index.key);
    if (index.unique && keys.length === 1 && keys[0] === rekey.field && index.name) await collection.dropIndex(index.name);
  }
  let moved = 0;
  let batch: Document[] = [];
  const flush = async () => {
    if (!batch.length) return;
    moved += await insertSkippingCopies(collection, batch);
    batch = [];
  };
  for await (const doc of collection.find(old)) {
    const { _id, ...fields } = doc;
    batch.push({ ...fields, _id: rekey.newKey(doc) });
    if (batch.length >= COPY_BATCH) await flush();
  }
  await flush();
  // Only now, with every copy in place: one pass removes all the old documents.
  await collection.deleteMany(old);
  return moved;
}

/** Inserts the copies; one that exists already (an earlier, interrupted run) is not an error. */
async function insertSkippingCopies(collection: Collection, docs: Document[]): Promise<number> {
  try {
    const result = await collection.insertMany(docs, { ordered: false });
    return result.insertedCount;
  } catch (error) {
    const failure = error as { code?: unknown; writeErrors?: { code?: number }[]; insertedCount?: number; result?: { insertedCount?: number } };
    const errors = failure.writeErrors ?? [];
    const onlyDuplicates = errors.length > 0 ? errors.every((e) => e.code === 11000) : failure.code === 11000;
    if (!onlyDuplicates) throw error;
    return failure.insertedCount ?? failure.result?.insertedCount ?? docs.length - errors.length;
  }
}
