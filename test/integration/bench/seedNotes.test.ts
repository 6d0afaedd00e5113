import type { Connection } from 'mongoose';
import { connectDatabase } from '../../../adapters/mongo/connection.js';
import { createMongoRepositories } from '../../../adapters/mongo/index.js';
import { verifyChain } from '../../../src/domain/audit.js';
import { insertAuditTrail, insertNotes } from '../../../bench/common/seedNotes.js';
import { latencyNotes } from '../../../bench/latency/dataset.js';
import { freshDatabaseUri } from '../../support/database.js';

// The benchmarks seed through the driver; this holds them to the repository's own shape, so a
// storage change cannot leave the benchmarks measuring documents the app would never write.
const uri = freshDatabaseUri('benchseed');
let connection: Connection;

beforeAll(async () => {
  connection = await connectDatabase(uri);
});

afterAll(async () => {
  await connection?.dropDatabase();
  await connection?.close();
});

test('notes seeded through the driver are stored exactly as the repository stores them, and read back equal', async () => {
  const [viaRepository, ...seeded] = [...latencyNotes(40)].slice(36, 40);
  const repositories = createMongoRepositories(connection);
  await repositories.notes.insert(viaRepository);
  expect(await insertNotes(uri, seeded, 2)).toBe(3);

  const raw = repositories.models.Note.collection;
  const reference = await raw.findOne({ id: viaRepository.id });
  for (const note of seeded) {
    const stored = await raw.findOne({ id: note.id });
    expect(Object.keys(stored ?? {}).sort()).toEqual(Object.keys(reference ?? {}).sort());
    expect(typeof stored?._id).toBe(typeof reference?._id);
    expect(await repositories.notes.findById(note.id)).toEqual(note);
  }
  // A seeded note in the trash reads back as one.
  expect(seeded.some((note) => note.deletedAt !== null)).toBe(true);
});

test("the seeded audit trail is a valid hash chain the app's own next append continues", async () => {
  const repositories = createMongoRepositories(connection);
  await repositories.models.Audit.collection.deleteMany({});
  expect(await insertAuditTrail(uri, latencyNotes(25), 10)).toBe(25);
  const next = await repositories.audit.append(
    { actorId: 'console:bench-admin', platform: 'console', action: 'note.add', targetIds: ['n-next', 'acct-1'], details: {} },
    new Date(),
  );
  expect(next.seq).toBe(26);
  expect(await verifyChain(repositories.audit.streamAll())).toEqual({ ok: true, checked: 26 });
});
