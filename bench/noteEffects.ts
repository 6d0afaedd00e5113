/**
 * `npm run bench:effects`: what the pending-effects reconciler (src/usecases/noteEffects.ts, run at
 * start-up and every minute by the notes:effects job) costs at 100,000 notes on the embedded
 * default. It asks for the notes flagged `effectsDue` (an indexed equality, which the development
 * database pushes down to SQLite); the naive alternative, looking for notes that have any pending
 * effect, reads every note. Prints both and their ratio, with nothing pending and with a few.
 *
 *   npm run bench:effects [-- --notes 100000] [-- --runs 10]
 *   MONGODB_URI / BENCH_POSTGRESQL_URL   another server (see bench/common/database.ts)
 */
import { parseArgs } from 'node:util';
import { connectDatabase } from '../adapters/mongo/connection.js';
import { createMongoRepositories } from '../adapters/mongo/index.js';
import type { Note } from '../src/domain/note.js';
import { startBenchDatabase } from './common/database.js';
import { insertNotes } from './common/seedNotes.js';

const { values: args } = parseArgs({ options: { notes: { type: 'string', default: '100000' }, runs: { type: 'string', default: '10' } } });
const total = Number(args.notes);
const runs = Number(args.runs);
const say = (line: string) => process.stderr.write(`${line}\n`);

function* notes(): Generator<Note> {
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < total; i += 1) {
    const at = new Date(start + i * 1000);
    yield { id: `n-fx${String(i).padStart(7, '0')}`, recordId: `acct-${i % 500}`, body: `note ${i}`, tags: [], authorId: 'console:alice', createdAt: at, updatedAt: at, deletedAt: null, deletedBy: null, deleteReason: null, deletionPlanId: null };
  }
}

async function medianMs(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  await work(); // warm-up
  for (let run = 0; run < runs; run += 1) {
    const at = performance.now();
    await work();
    times.push(performance.now() - at);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

const db = await startBenchDatabase(say);
try {
  const uri = db.uriFor('bench_effects');
  say(`seeding ${total} notes on ${db.label}...`);
  await insertNotes(uri, notes());
  const connection = await connectDatabase(uri);
  const repos = createMongoRepositories(connection);
  const raw = repos.models.Note.collection;
  const flagged = () => repos.notes.pendingEffects(null, 100);
  const naive = () => raw.find({ pendingEffects: { $exists: true } }).limit(100).toArray();
  const rows: Array<[string, number, number]> = [];
  rows.push(['nothing pending', await medianMs(flagged), await medianMs(naive)]);
  for (const i of [10, total / 2, total - 10]) {
    const at = new Date();
    const id = `n-fx${String(Math.floor(i)).padStart(7, '0')}`;
    await repos.notes.softDelete(id, { deletedAt: at, deletedBy: 'console:alice', reason: null, planId: null }, { key: `e-bench${i}`, change: 'delete', actorId: 'console:alice', platform: 'console', at, details: {} });
  }
  if ((await flagged()).length !== 3) throw new Error('the reconciler query did not find the 3 pending effects');
  rows.push(['3 notes pending', await medianMs(flagged), await medianMs(naive)]);
  console.log(`pending-effects lookup at ${total} notes, ${db.label}, median of ${runs}`);
  for (const [what, fast, slow] of rows) {
    console.log(`  ${what.padEnd(16)} flagged (indexed equality) ${fast.toFixed(1)} ms   any pending effect (scan) ${slow.toFixed(1)} ms   ratio ${(slow / fast).toFixed(0)}x`);
  }
  await connection.close();
  await db.dropDatabase('bench_effects');
} finally {
  await db.stop();
}
