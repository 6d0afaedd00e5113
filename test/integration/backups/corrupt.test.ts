import { readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { renderText } from '../../../adapters/chat/renderText.js';
import { aNote } from '../../support/builders.js';
import { expectKind, startBackupApp, type BackupHarness } from './harness.js';

let h: BackupHarness;

beforeAll(async () => {
  h = await startBackupApp('corrupt');
  for (let i = 0; i < 300; i += 1) await h.app.deps.notes.insert(aNote(`note ${i} ${'x'.repeat(i % 50)}`).build());
});
afterAll(() => h.close());

async function freshBackup() {
  return expectKind(await h.run('backup now'), 'backup-created').backup;
}

async function expectRefused(id: string) {
  await h.rawNotes.deleteMany({});
  await expect(h.run(`backup restore ${id}`)).rejects.toMatchObject({ code: 'BackupInvalid' });
  // Refused before anything was written, and recorded in the manifest.
  expect(await h.rawNotes.countDocuments({})).toBe(0);
  expect((await h.backups.catalog.find(id))?.verification).toMatchObject({ ok: false });
}

test('an intact backup verifies, and the check is audited', async () => {
  const backup = await freshBackup();
  const verdict = expectKind(await h.run(`backup verify ${backup.id}`), 'backup-verified').verdict;
  expect(verdict).toMatchObject({ ok: true, sha256Matches: true, foundCounts: backup.counts });
  expect(renderText({ kind: 'backup-verified', verdict })).toContain('is intact');
  const [entry] = await h.app.deps.audit.query({ targetIds: [backup.id], limit: 1 });
  expect(entry).toMatchObject({ action: 'backup.verify', details: { ok: true } });
});

test('a truncated file is detected by verify and refused by restore', async () => {
  const backup = await freshBackup();
  await truncate(h.backups.catalog.dataPath(backup.id), Math.floor(backup.bytes / 2));
  const verdict = expectKind(await h.run(`backup verify ${backup.id}`), 'backup-verified').verdict;
  expect(verdict.ok).toBe(false);
  expect(verdict.problem?.code).toMatch(/^(unreadable|cutOff|sha256Mismatch)$/);
  expect(renderText({ kind: 'backup-verified', verdict })).toContain('FAILED verification');
  await expectRefused(backup.id);
});

test('a flipped byte is detected (sha256) even where gzip would not notice', async () => {
  await h.rawNotes.deleteMany({});
  for (let i = 0; i < 20; i += 1) await h.app.deps.notes.insert(aNote(`again ${i}`).build());
  const backup = await freshBackup();
  const file = h.backups.catalog.dataPath(backup.id);
  const bytes = await readFile(file);
  // Byte 9 is the gzip header's OS field: changing it leaves the data readable but the file altered.
  bytes[9] = bytes[9] ^ 0xff;
  await writeFile(file, bytes);
  const verdict = expectKind(await h.run(`backup verify ${backup.id}`), 'backup-verified').verdict;
  expect(verdict).toMatchObject({ ok: false, sha256Matches: false });
  expect(verdict.problem).toEqual({ code: 'sha256Mismatch' });
  expect(renderText({ kind: 'backup-verified', verdict })).toContain('sha256 does not match the manifest');
  await expectRefused(backup.id);
});

test('a manifest whose counts disagree with the file is detected', async () => {
  await h.app.deps.notes.insert(aNote('one more').build());
  const backup = await freshBackup();
  const manifest = JSON.parse(await readFile(h.backups.catalog.manifestPath(backup.id), 'utf8'));
  manifest.counts.notes += 1;
  await writeFile(h.backups.catalog.manifestPath(backup.id), JSON.stringify(manifest));
  const verdict = expectKind(await h.run(`backup verify ${backup.id}`), 'backup-verified').verdict;
  expect(verdict.ok).toBe(false);
  expect(verdict.problem).toEqual({ code: 'countMismatch', collection: 'notes', expected: backup.counts.notes + 1, found: backup.counts.notes });
  expect(renderText({ kind: 'backup-verified', verdict })).toContain(`the manifest says ${backup.counts.notes + 1} notes, the file holds ${backup.counts.notes} notes`);
  await expectRefused(backup.id);
});

test('a missing data file is detected and refused', async () => {
  await h.app.deps.notes.insert(aNote('and another').build());
  const backup = await freshBackup();
  await rm(h.backups.catalog.dataPath(backup.id));
  const verdict = expectKind(await h.run(`backup verify ${backup.id}`), 'backup-verified').verdict;
  expect(verdict.problem).toEqual({ code: 'missing' });
  await expectRefused(backup.id);
});
