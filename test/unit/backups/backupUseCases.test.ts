import { NotesError } from '../../../src/domain/errors.js';
import type { Note } from '../../../src/domain/note.js';
import type { BackupStore, BackupSummary, NotePurger } from '../../../src/ports/backups.js';
import { backupRestoreRunner, noteHash, purgeExpiredTrash } from '../../../src/usecases/backups.js';
import { createDispatcher } from '../../../src/usecases/dispatch.js';
import { aNote } from '../../support/builders.js';
import { makeCore } from '../../support/core.js';
import { InMemoryNotePurger } from '../../support/memory.js';

const summary: BackupSummary = {
  id: 'manual-1',
  kind: 'manual',
  startedAt: new Date(),
  finishedAt: new Date(),
  durationMs: 1,
  counts: { notes: 3 },
  bytes: 10,
  sha256: '0'.repeat(64),
  schemaVersion: 1,
};

/** A BackupStore that records what it was asked; `invalid` ids fail verification. */
function fakeStore(invalid: string[] = [], holders = new Map<string, string>()) {
  const restores: string[] = [];
  const store: BackupStore = {
    create: async () => summary,
    list: async () => [summary],
    find: async (id) => (id === summary.id || invalid.includes(id) ? { ...summary, id } : null),
    verify: async (id) => ({ backupId: id, ok: !invalid.includes(id), expectedCounts: {}, foundCounts: {}, sha256Matches: true }),
    planRestore: async (id) => {
      if (invalid.includes(id)) throw new NotesError('BackupInvalid', 'backupFailedVerification', { backupId: id, problem: 'bad' });
      return { inScope: 3, restorable: 2, skipped: 1 };
    },
    freezeRestore: async (id) => {
      if (invalid.includes(id)) throw new NotesError('BackupInvalid', 'backupFailedVerification', { backupId: id, problem: 'bad' });
      return { inScope: 3, candidateIds: ['n-b', 'n-a'], skippedLive: 1, skippedStillDeleted: 0 };
    },
    restoreBatch: async (id, ids) => {
      restores.push(id);
      return [...ids];
    },
    findVerifiedHolders: async (notes) => new Map(notes.flatMap((n) => (holders.has(n.id) ? [[n.id, holders.get(n.id)!]] : []))),
  };
  return { store, restores };
}

function coreWith(store: BackupStore) {
  const core = makeCore();
  const dispatcher = createDispatcher(core.deps, { backups: store, runBackupRestore: backupRestoreRunner(core.deps, store) });
  return { ...core, run: (actor: string, text: 'list' | 'now' | { restore: string }) =>
    dispatcher.execute(core.ctx(actor), {
      name: 'backup',
      request: typeof text === 'string' ? { kind: text } : { kind: 'restore', backupId: text.restore, scope: { kind: 'all' } },
    }),
    confirmAs: (actor: string, id: string) => dispatcher.execute(core.ctx(actor), { name: 'confirm', confirmationId: id }) };
}

test('restore asks first, only the asker can confirm, and it acts once and is audited', async () => {
  const { store, restores } = fakeStore();
  const core = coreWith(store);
  const asked = await core.run('console:admin', { restore: 'manual-1' });
  if (asked.kind !== 'confirm-backup-restore') throw new Error(asked.kind);
  expect(asked.counts).toEqual({ inScope: 3, restorable: 2, skipped: 1 });
  expect(restores).toEqual([]);
  await expect(core.confirmAs('console:admin2', asked.confirmationId)).rejects.toMatchObject({ code: 'NotPermitted' });
  const done = await core.confirmAs('console:admin', asked.confirmationId);
  expect(done).toMatchObject({ kind: 'backup-restored', report: { restored: 2 } });
  await expect(core.confirmAs('console:admin', asked.confirmationId)).rejects.toMatchObject({ code: 'ConfirmationNotFound' });
  expect(restores).toEqual(['manual-1']);
  expect(done).toMatchObject({ report: { restored: 2, skippedLive: 1, skippedStillDeleted: 0, restoredIds: ['n-a', 'n-b'] } });
  const entries = core.stores.audit.entries.filter((e) => e.action === 'backup.restore');
  const planId = entries[0].details.planId;
  expect(entries.map((e) => e.targetIds)).toEqual([['manual-1', planId], [planId, 'n-a', 'n-b'], [planId, 'manual-1']]);
  expect(entries.every((e) => e.actorId === 'console:admin')).toBe(true);
  expect(entries.at(-1)!.details).toMatchObject({ restored: 2, skipped: 1, finished: true });
});

test('a backup that does not verify is refused before any confirmation exists', async () => {
  const { store } = fakeStore(['bad-1']);
  const core = coreWith(store);
  await expect(core.run('console:admin', { restore: 'bad-1' })).rejects.toMatchObject({ code: 'BackupInvalid' });
  await expect(core.run('console:admin', { restore: 'missing' })).rejects.toMatchObject({ code: 'BackupNotFound' });
  expect(core.stores.confirmations.byId.size).toBe(0);
  expect(core.stores.audit.entries).toHaveLength(0);
});

test('members cannot back up; an instance without backups says so', async () => {
  const core = coreWith(fakeStore().store);
  await expect(core.run('console:mo', 'now')).rejects.toMatchObject({ code: 'NotPermitted' });
  const bare = makeCore();
  await expect(bare.run('console:admin', { name: 'backup', request: { kind: 'list' } })).rejects.toMatchObject({ code: 'Unavailable' });
});

test('purge pages through expired notes, removes only held ones, and audits each with its hash', async () => {
  const core = makeCore();
  const old = new Date(core.clock.now().getTime() - 40 * 86_400_000);
  const recent = new Date(core.clock.now().getTime() - 5 * 86_400_000);
  const notes: Note[] = [
    aNote('a').id('n-a').deleted('console:admin', old).build(),
    aNote('b').id('n-b').deleted('console:admin', old).build(),
    aNote('c').id('n-c').deleted('console:admin', old).build(),
    aNote('d').id('n-d').deleted('console:admin', recent).build(),
    aNote('e').id('n-e').deleted('console:admin', old).build(),
  ];
  for (const note of notes) await core.stores.notes.insert(note);
  const real = new InMemoryNotePurger(core.stores.notes);
  const purger: NotePurger = {
    listExpired: async (cutoff, afterId, limit) => {
      const batch = await real.listExpired(cutoff, afterId, limit);
      // n-e is restored by someone between the listing and the mark: the mark's compare-and-set refuses.
      if (batch.some((n) => n.id === 'n-e')) await core.stores.notes.restore('n-e', core.clock.now());
      return batch;
    },
    markPurging: (note, effect) => real.markPurging(note, effect),
    removePurged: (noteId, key) => real.removePurged(noteId, key),
  };
  const holders = new Map([['n-a', 'b-1'], ['n-c', 'b-2'], ['n-d', 'b-1'], ['n-e', 'b-1']]);
  const report = await purgeExpiredTrash(core.deps, fakeStore([], holders).store, purger, { retentionDays: 30, batchSize: 2 });
  expect(report).toEqual({ expired: 4, purged: 2, keptUnbacked: 1, purgedIds: ['n-a', 'n-c'] });
  expect([...core.stores.notes.byId.keys()].sort()).toEqual(['n-b', 'n-d', 'n-e']);
  expect(core.stores.notes.byId.get('n-e')!.deletedAt).toBeNull();
  expect(core.stores.audit.entries.map((e) => [e.action, e.targetIds[0], e.details.backupId, e.details.noteHash])).toEqual([
    ['note.purge', 'n-a', 'b-1', noteHash(notes[0])],
    ['note.purge', 'n-c', 'b-2', noteHash(notes[2])],
  ]);
});
