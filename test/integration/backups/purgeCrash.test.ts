import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Document } from 'mongodb';
import type { Note } from '../../../src/domain/note.js';
import { noteHash, type PurgeReport } from '../../../src/usecases/backups.js';
import { aNote } from '../../support/builders.js';
import { expectKind, startBackupApp, type BackupHarness } from './harness.js';

/**
 * The trash purge under a real kill: a process of its own (purgeProcess.ts) runs the purge and is
 * SIGKILLed right after it marks a note (NOTES_TEST_CRASH_AT_EFFECT=purge), or right after it
 * audits one and before removing it (=purge-audited). Meanwhile an admin's restore of that note is
 * refused. The next start finishes what the dead one left: every purged note gone, and audited
 * exactly once, with the hash of the note as it was deleted and the backup that holds it.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
let h: BackupHarness;

beforeAll(async () => {
  h = await startBackupApp('purgecrash', { TRASH_RETENTION_DAYS: '30' });
});
afterAll(() => h.close());

interface PurgeRun {
  signal: NodeJS.Signals | null;
  code: number | null;
  report: PurgeReport | null;
  stderr: string;
}

/** Starts one purging instance on the harness's database and backups; `crashAt` arms its crash point. */
function purgeInstance(crashAt?: 'purge' | 'purge-audited'): Promise<PurgeRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'purgeProcess.ts')], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      MONGODB_URI: h.databaseUri,
      BACKUP_DIR: h.dir,
      TRASH_RETENTION_DAYS: '30',
      ...(crashAt ? { NOTES_TEST_CRASH_AT_EFFECT: crashAt } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, stderr, report: stdout.trim() ? (JSON.parse(stdout.trim()) as PurgeReport) : null })),
  );
}

/** Notes in the trash since 40 days before now (the child reads the real clock), held by a fresh verified backup. */
async function expiredAndBackedUp(...ids: string[]): Promise<Note[]> {
  const deletedAt = new Date(Date.now() - 40 * 86_400_000);
  const notes = ids.map((id) => aNote(`words of ${id}`).id(id).on('acct-crash').deleted('console:bob', deletedAt).build());
  for (const note of notes) await h.app.deps.notes.insert(note);
  expectKind(await h.run('backup now'), 'backup-created');
  return notes;
}

const purgeAuditsOf = (ids: string[]) => h.db.collection('audit').find({ action: 'note.purge', 'targetIds.0': { $in: ids } } as Document).toArray();
const stored = (ids: string[]) => h.rawNotes.find({ _id: { $in: ids } } as Document).toArray();

test('kill -9 after the mark, before the audit: restore refused, the next start audits it once and removes it', async () => {
  const notes = await expiredAndBackedUp('pc-a1', 'pc-a2');
  const ids = notes.map((n) => n.id);
  const killed = await purgeInstance('purge');
  expect(killed).toMatchObject({ signal: 'SIGKILL', report: null });
  // The first note is marked, nothing is audited, both are still stored.
  expect((await stored(ids)).map((doc) => [doc._id, doc.purging ?? null])).toEqual([
    ['pc-a1', expect.stringMatching(/^purge-pc-a1-\d+$/)],
    ['pc-a2', null],
  ]);
  expect(await purgeAuditsOf(ids)).toEqual([]);
  await expect(h.run('restore pc-a1')).rejects.toMatchObject({ code: 'NoteNotFound', key: 'notePurging' });

  const restarted = await purgeInstance();
  expect(restarted).toMatchObject({ code: 0, signal: null });
  // Start-up finished pc-a1 before the purge ran; the purge then took pc-a2.
  expect(restarted.report).toMatchObject({ expired: 1, purged: 1, purgedIds: ['pc-a2'] });
  expect(await stored(ids)).toEqual([]);
  const audits = await purgeAuditsOf(ids);
  expect(audits.map((e) => e.targetIds[0]).sort()).toEqual(ids);
  expect(audits.every((e) => e.actorId === 'system:scheduler' && e.details.deletedBy === 'console:bob')).toBe(true);
  expect(audits.find((e) => e.targetIds[0] === 'pc-a1')?.details.noteHash).toBe(noteHash(notes[0]));
  expect(await h.rawNotes.countDocuments({ effectsDue: 'due' })).toBe(0);
}, 120_000);

test('kill -9 after the audit, before the removal: the next start removes it and audits nothing twice', async () => {
  const notes = await expiredAndBackedUp('pc-b1', 'pc-b2');
  const ids = notes.map((n) => n.id);
  const killed = await purgeInstance('purge-audited');
  expect(killed).toMatchObject({ signal: 'SIGKILL', report: null });
  expect((await stored(ids)).map((doc) => doc._id)).toEqual(ids);
  const [audited, ...more] = await purgeAuditsOf(ids);
  expect(more).toEqual([]);
  expect(audited).toMatchObject({ targetIds: ['pc-b1', 'acct-crash'], details: { recordId: 'acct-crash', deletedBy: 'console:bob', noteHash: noteHash(notes[0]) } });
  expect(audited.at).toBeInstanceOf(Date);
  await expect(h.run('restore pc-b1')).rejects.toMatchObject({ key: 'notePurging' });

  const restarted = await purgeInstance();
  expect(restarted).toMatchObject({ code: 0, report: { expired: 1, purged: 1, purgedIds: ['pc-b2'] } });
  expect(await stored(ids)).toEqual([]);
  const audits = await purgeAuditsOf(ids);
  expect(audits.map((e) => e.targetIds[0]).sort()).toEqual(ids);
  // The entry written before the kill is the one that stands: same time, same hash.
  expect(audits.find((e) => e.targetIds[0] === 'pc-b1')).toMatchObject({ at: audited.at, details: { noteHash: audited.details.noteHash } });
}, 120_000);
