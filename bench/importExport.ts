/**
 * `npm run bench:import` — memory and speed of `import <file>` (not a timed test).
 *
 * 1. Pipeline: a generated Zoho CRM Notes CSV of BENCH_IMPORT_ROWS rows (default 1,000,000; quoted
 *    cells, a newline and Chinese text in every body) through the real import (file -> csv-parse ->
 *    mapping -> checks -> batches of 500 -> upsertBySource), with a repository that only counts, so
 *    the number is the import's own memory. Reports the peak RSS (process.resourceUsage().maxRSS).
 * 2. Database: BENCH_IMPORT_DB_ROWS rows (default 100,000; 0 skips it) into the bench database
 *    (bench/common/database.ts: the embedded default, BENCH_POSTGRESQL_URL or MONGODB_URI) through
 *    the Mongo repositories, then the same file again (all unchanged; BENCH_IMPORT_AGAIN=0 skips
 *    it). Reports rows/s and peak RSS.
 * Exits 1 when the pipeline's peak RSS is over 256 MB.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { ExportFiles } from '../adapters/imports/exportFiles.js';
import { connectDatabase } from '../adapters/mongo/connection.js';
import { createMongoRepositories } from '../adapters/mongo/index.js';
import { toActor } from '../src/domain/actor.js';
import { emptyUpsertReport, tally, type SourcedNoteInput } from '../src/domain/sourcedNote.js';
import type { NoteRepository } from '../src/ports/notes.js';
import type { CoreDeps } from '../src/usecases/context.js';
import { importNotes } from '../src/usecases/importNotes.js';
import { startBenchDatabase } from './common/database.js';

const say = (line: string) => process.stdout.write(`${line}\n`);
const peakMB = () => Math.round(process.resourceUsage().maxRSS / 1024);
const rows = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const dbRows = Number(process.env.BENCH_IMPORT_DB_ROWS ?? 100_000);

async function writeExport(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('\uFEFFRecord Id,Note Title,Note Content,Parent ID,Created Time\r\n');
  for (let i = 0; i < count; i += 1) {
    const line = `z${i},Call ${i},"Said ""yes"", line one\r\n第二行 客户同意续约 #t${i % 50}",acct-${i % 1000},2024-03-05 14:22:11\r\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** The core's dependencies an import touches: notes, audit and the clock. */
function importDeps(notes: Pick<NoteRepository, 'upsertBySource'>, audit: CoreDeps['audit'] | null): CoreDeps {
  return {
    notes,
    audit: audit ?? { append: async () => undefined },
    clock: { now: () => new Date() },
  } as unknown as CoreDeps;
}

const ctx = { actor: toActor('console:bench'), origin: { platform: 'console' as const, channelId: 'bench' } };

async function main(): Promise<number> {
  const dir = await mkdtemp(path.join(tmpdir(), 'notes-bench-import-'));
  try {
    const file = path.join(dir, 'zoho-notes.csv');
    await writeExport(file, rows);
    say(`pipeline: ${rows.toLocaleString('en-US')} rows generated; RSS before the import ${peakMB()} MB`);
    let counted = 0;
    const counting = {
      upsertBySource: async (inputs: readonly SourcedNoteInput[]) => {
        const report = emptyUpsertReport();
        inputs.forEach((input, i) => tally(report, i, input.externalId, 'created'));
        counted += inputs.length;
        return report;
      },
    };
    let started = Date.now();
    // Sampled while the import runs: the process's lifetime peak also holds the file's generation.
    let sampledMB = 0;
    const sampler = setInterval(() => (sampledMB = Math.max(sampledMB, Math.round(process.memoryUsage().rss / 1048576))), 100);
    const source = await new ExportFiles().open(file);
    const report = await importNotes(importDeps(counting, null), ctx, source, (p) => {
      if (p.rows % 250_000 === 0) say(`  ${p.phase} ${p.rows.toLocaleString('en-US')} rows, RSS ${Math.round(process.memoryUsage().rss / 1048576)} MB`);
    });
    clearInterval(sampler);
    const pipelineMB = sampledMB;
    say(`pipeline: ${report.rows.toLocaleString('en-US')} rows, ${counted.toLocaleString('en-US')} upserted, ${report.skipped} skipped in ${((Date.now() - started) / 1000).toFixed(1)} s (both passes); RSS sampled during the import at most ${pipelineMB} MB (process peak ${peakMB()} MB)`);

    if (dbRows > 0) {
      const database = await startBenchDatabase(say);
      const name = `import_bench_${process.pid}`;
      const connection = await connectDatabase(database.uriFor(name));
      try {
        const repos = createMongoRepositories(connection);
        await repos.ensureIndexes();
        const small = path.join(dir, 'zoho-small.csv');
        await writeExport(small, dbRows);
        // BENCH_IMPORT_AGAIN=0 skips the second run (all unchanged: one read per row on FerretDB).
        const rounds = process.env.BENCH_IMPORT_AGAIN === '0' ? ['first import'] : ['first import', 'same file again'];
        for (const round of rounds) {
          started = Date.now();
          const r = await importNotes(importDeps(repos.notes, repos.audit), ctx, await new ExportFiles().open(small));
          const seconds = (Date.now() - started) / 1000;
          say(`${database.label}, ${round}: ${r.rows.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s (${Math.round(r.rows / seconds)} rows/s): ${r.created} new, ${r.updated} updated, ${r.unchanged} unchanged; peak RSS so far ${peakMB()} MB`);
        }
      } finally {
        await connection.close();
        await database.dropDatabase(name).catch(() => undefined);
        await database.stop();
      }
    }
    return pipelineMB > 256 ? 1 : 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
