import { MongoClient } from 'mongodb';
import { connectDatabase } from '../../adapters/mongo/connection.js';
import { createModels, ensureModelIndexes, type StoredNote } from '../../adapters/mongo/models.js';
import type { Note } from '../../src/domain/note.js';

/** Every seeded note carries this tag, and the benchmark's plan is `tag:bench`. */
export const BENCH_TAG = 'bench';
export const BENCH_FILTER_TEXT = `tag:${BENCH_TAG}`;
const INSERT_BATCH = 1000;
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A small deterministic generator, so both databases receive exactly the same notes. */
function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const topics = ['Called about renewal', 'Sent the revised quote', 'Demo went well', 'Asked for a discount', 'Escalated a billing issue'];

/** Notes shaped like real ones: random-looking typeable ids, a record, a body of a line or two, tags. */
export function* benchNotes(count: number): Generator<Note> {
  const random = generator(42);
  const start = Date.UTC(2025, 0, 1);
  const used = new Set<string>();
  for (let i = 0; i < count; i += 1) {
    let suffix = '';
    while (!suffix || used.has(suffix)) {
      suffix = '';
      for (let c = 0; c < 8; c += 1) suffix += ALPHABET[Math.floor(random() * ALPHABET.length)];
    }
    used.add(suffix);
    const createdAt = new Date(start + i * 60_000);
    const topic = topics[i % topics.length];
    const extra = i % 3 === 0 ? ' #followup' : '';
    yield {
      id: `n-${suffix}`,
      recordId: `acct-${i % 2000}`,
      body: `${topic} with the customer (import row ${i}); next step agreed by email. #${BENCH_TAG}${extra}`,
      tags: extra ? [BENCH_TAG, 'followup'] : [BENCH_TAG],
      authorId: `console:seed${i % 7}`,
      createdAt,
      updatedAt: createdAt,
      deletedAt: null,
      deletedBy: null,
      deleteReason: null,
      deletionPlanId: null,
    };
  }
}

/** The app's own indexes (so both sides maintain the same ones), then the notes in batches. */
export async function seedDatabase(uri: string, count: number): Promise<void> {
  const connection = await connectDatabase(uri);
  try {
    await ensureModelIndexes(createModels(connection));
  } finally {
    await connection.close();
  }
  const client = await MongoClient.connect(uri);
  try {
    // Notes are keyed by their id (adapters/mongo/models.ts), as the repository writes them.
    const notes = client.db().collection<StoredNote>('notes');
    let batch: StoredNote[] = [];
    for (const note of benchNotes(count)) {
      batch.push({ ...note, _id: note.id });
      if (batch.length === INSERT_BATCH) {
        await notes.insertMany(batch, { ordered: false });
        batch = [];
      }
    }
    if (batch.length) await notes.insertMany(batch, { ordered: false });
  } finally {
    await client.close();
  }
}
