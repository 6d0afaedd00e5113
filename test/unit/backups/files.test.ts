import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { writeNdjsonGzip } from '../../../adapters/backups/ndjsonGzip.js';
import { readBackupLines, verifyBackupFile, type FileTally } from '../../../adapters/backups/reader.js';
import { BackupCatalog } from '../../../adapters/backups/catalog.js';
import type { BackupSummary } from '../../../src/ports/backups.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'notes-files-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function* lines(n: number) {
  for (let i = 0; i < n; i += 1) yield { c: i % 10 === 0 ? 'roles' : 'notes', d: { id: `n-${i}`, body: `line ${i} "quoted" \n and ünïcode` } };
}

function manifestFor(id: string, written: { bytes: number; sha256: string; counts: Record<string, number> }): BackupSummary {
  const at = new Date('2026-11-29T00:00:00Z');
  return { id, kind: 'manual', startedAt: at, finishedAt: at, durationMs: 0, counts: written.counts, bytes: written.bytes, sha256: written.sha256, schemaVersion: 1 };
}

test('what the writer writes, the reader reads back line for line, with the same sha256 and counts', async () => {
  const file = path.join(dir, 'b.ndjson.gz');
  const written = await writeNdjsonGzip(file, lines(5000));
  expect(written.counts).toEqual({ roles: 500, notes: 4500 });
  expect(written.sha256).toBe(createHash('sha256').update(await readFile(file)).digest('hex'));
  const tally: FileTally = { bytes: 0, sha256: '', counts: {} };
  let i = 0;
  for await (const line of readBackupLines(file, tally)) {
    expect(line.d).toEqual({ id: `n-${i}`, body: `line ${i} "quoted" \n and ünïcode` });
    i += 1;
  }
  expect(i).toBe(5000);
  expect(tally).toEqual({ bytes: written.bytes, sha256: written.sha256, counts: written.counts });
  expect(await verifyBackupFile(file, manifestFor('b', written))).toMatchObject({ ok: true, sha256Matches: true });
});

test.each([
  ['truncated mid-stream', async (file: string, bytes: number) => truncate(file, Math.floor(bytes * 0.6)), /^(unreadable|cutOff)$/],
  ['cut by a single byte', async (file: string, bytes: number) => truncate(file, bytes - 1), /^(unreadable|cutOff|sha256Mismatch)$/],
  ['gzip of a half-written line', async (file: string) => writeFile(file, gzipSync('{"c":"notes","d":{"id":"n-1"}}\n{"c":"no')), /^cutOff$/],
  ['gzip of a line that is not a backup record', async (file: string) => writeFile(file, gzipSync('{"x":1}\n')), /^notRecord$/],
])('a file %s is detected', async (_name, damage, code) => {
  const file = path.join(dir, 'b.ndjson.gz');
  const written = await writeNdjsonGzip(file, lines(3000));
  await damage(file, written.bytes);
  const verdict = await verifyBackupFile(file, manifestFor('b', written));
  expect(verdict.ok).toBe(false);
  // A code, worded where it is read (adapters/chat/problemText.ts).
  expect(verdict.problem?.code).toMatch(code);
});

test('the catalog lists valid manifests newest first, ignores partial and malformed ones, and never leaves its directory', async () => {
  const catalog = new BackupCatalog(dir);
  const base = manifestFor('manual-a', { bytes: 1, sha256: 'f'.repeat(64), counts: { notes: 1 } });
  await catalog.write(base);
  await catalog.write({ ...base, id: 'manual-b', startedAt: new Date('2026-11-30T00:00:00Z') });
  await writeFile(path.join(dir, 'broken.json'), '{not json');
  await writeFile(path.join(dir, 'other.json'), JSON.stringify({ ...base, id: 'someone-else' }));
  await writeFile(path.join(dir, 'manual-c.json.partial-1-2'), JSON.stringify({ ...base, id: 'manual-c' }));
  expect((await catalog.list()).map((b) => b.id)).toEqual(['manual-b', 'manual-a']);
  expect(await catalog.find('../manual-a')).toBeNull();
  const verified = await catalog.recordVerification('manual-a', { ok: false, at: new Date('2026-12-01T00:00:00Z'), problem: { code: 'countMismatch', collection: 'notes', expected: 2, found: 1 } });
  expect((await catalog.find('manual-a'))?.verification).toEqual(verified?.verification);
  // A sentence an older version stored still reads back, as it is.
  await catalog.recordVerification('manual-b', { ok: false, at: new Date('2026-12-01T00:00:00Z'), problem: 'sha256 does not match the manifest' });
  expect((await catalog.find('manual-b'))?.verification?.problem).toBe('sha256 does not match the manifest');
});
