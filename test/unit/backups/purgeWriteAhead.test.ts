import type { AuditEntry } from '../../../src/domain/audit.js';
import type { Note } from '../../../src/domain/note.js';
import type { BackupStore } from '../../../src/ports/backups.js';
import { noteContentHash, noteHash, purgeExpiredTrash } from '../../../src/usecases/backups.js';
import { carryOutPendingEffects } from '../../../src/usecases/noteEffects.js';
import { PlanRuns, type PlanRunHooks } from '../../../src/usecases/planRunner.js';
import { aNote } from '../../support/builders.js';
import { makeCore } from '../../support/core.js';
import { InMemoryNotePurger } from '../../support/memory.js';

/**
 * The trash purge written ahead: mark, audit, remove. A crash (simulated by a crash point that
 * throws) after the mark or after the audit leaves a marked note that no restore brings back, and
 * the reconciler finishes it: removed, audited exactly once. The memory twin stands for the
 * database; the contract suite holds it and Mongo to the same marks and refusals.
 */

/** Every note is held by backup b-1; only findVerifiedHolders is used by the purge. */
const holdingEverything = {
  findVerifiedHolders: async (notes: readonly Note[]) => new Map(notes.map((n) => [n.id, 'b-1'])),
} as Pick<BackupStore, 'findVerifiedHolders'> as BackupStore;

function setUp(hooks: PlanRunHooks = {}) {
  const core = makeCore();
  core.deps.runs = new PlanRuns(hooks);
  const purger = new InMemoryNotePurger(core.stores.notes);
  const deletedAt = new Date(core.clock.now().getTime() - 40 * 86_400_000);
  const trash = async (...ids: string[]) => {
    const notes = ids.map((id) => aNote(`body of ${id}`).id(id).on('acct-9').deleted('console:bob', deletedAt).build());
    for (const note of notes) await core.stores.notes.insert(note);
    return notes;
  };
  const purge = () => purgeExpiredTrash(core.deps, holdingEverything, purger, { retentionDays: 30 });
  const purgeAudits = (): AuditEntry[] => core.stores.audit.entries.filter((e) => e.action === 'note.purge');
  const restore = (noteId: string) => core.run('console:admin', { name: 'restore', noteId });
  return { core, purger, trash, purge, purgeAudits, restore };
}

test('killed between the mark and the audit: the note stays marked, refuses a restore, and the reconciler audits and removes it once', async () => {
  const { core, purger, trash, purge, purgeAudits, restore } = setUp({
    effectPending(change) {
      if (change === 'purge') throw new Error('crash after the mark');
    },
  });
  const [note] = await trash('n-1');
  await expect(purge()).rejects.toThrow('crash after the mark');
  expect(await core.stores.notes.findById('n-1')).toEqual(note);
  expect(purgeAudits()).toEqual([]);

  // The purge may already be audited elsewhere: the note must not come back.
  await expect(restore('n-1')).rejects.toMatchObject({ code: 'NoteNotFound', key: 'notePurging' });
  expect((await core.stores.notes.findById('n-1'))!.deletedAt).toEqual(note.deletedAt);

  // A reconciler without the purger leaves it (logged), one with it finishes it.
  expect(await carryOutPendingEffects(core.deps)).toBe(0);
  expect(await core.stores.notes.findById('n-1')).not.toBeNull();
  expect(await carryOutPendingEffects(core.deps, purger)).toBe(1);
  expect(await core.stores.notes.findById('n-1')).toBeNull();
  expect(await carryOutPendingEffects(core.deps, purger)).toBe(0);
  const [entry, ...more] = purgeAudits();
  expect(more).toEqual([]);
  expect(entry).toMatchObject({
    actorId: 'system:scheduler',
    platform: 'system',
    targetIds: ['n-1', 'acct-9'],
    details: { recordId: 'acct-9', backupId: 'b-1', noteHash: noteHash(note), contentHash: noteContentHash(note), deletedAt: note.deletedAt!.toISOString(), deletedBy: 'console:bob' },
  });
});

test('killed between the audit and the removal: a rerun of the purge neither audits again nor counts it; the reconciler removes it', async () => {
  let crash = true;
  const { core, purger, trash, purge, purgeAudits, restore } = setUp({
    purgeAudited() {
      if (crash) throw new Error('crash after the audit');
    },
  });
  await trash('n-1', 'n-2');
  await expect(purge()).rejects.toThrow('crash after the audit');
  expect(purgeAudits().map((e) => e.targetIds[0])).toEqual(['n-1']);
  expect(await core.stores.notes.findById('n-1')).not.toBeNull();
  await expect(restore('n-1')).rejects.toMatchObject({ key: 'notePurging' });

  crash = false;
  // The rerun finds n-1 marked by the dead run: left to the reconciler, n-2 purged as usual.
  expect(await purge()).toEqual({ expired: 2, purged: 1, keptUnbacked: 0, purgedIds: ['n-2'] });
  expect(await carryOutPendingEffects(core.deps, purger)).toBe(1);
  expect(await core.stores.notes.findByIds(['n-1', 'n-2'])).toEqual([]);
  expect(purgeAudits().map((e) => e.targetIds[0])).toEqual(['n-1', 'n-2']);
});

test('a restore that wins the race keeps its note and no purge is audited for it; one that loses is refused', async () => {
  const { core, purger, trash, purgeAudits, restore } = setUp();
  await trash('n-early', 'n-late');
  const racing = {
    listExpired: async (cutoff: Date, afterId: string | null, limit: number) => {
      const batch = await purger.listExpired(cutoff, afterId, limit);
      if (batch.length) expect(await restore('n-early')).toMatchObject({ kind: 'note-restored' });
      return batch;
    },
    markPurging: async (note: Note, effect: Parameters<InMemoryNotePurger['markPurging']>[1]) => {
      const marked = await purger.markPurging(note, effect);
      if (marked) await expect(restore(note.id)).rejects.toMatchObject({ key: 'notePurging' });
      return marked;
    },
    removePurged: (noteId: string, key: string) => purger.removePurged(noteId, key),
  };
  const report = await purgeExpiredTrash(core.deps, holdingEverything, racing, { retentionDays: 30 });
  expect(report).toEqual({ expired: 2, purged: 1, keptUnbacked: 0, purgedIds: ['n-late'] });
  expect((await core.stores.notes.findById('n-early'))!.deletedAt).toBeNull();
  expect(await core.stores.notes.findById('n-late')).toBeNull();
  expect(purgeAudits().map((e) => e.targetIds[0])).toEqual(['n-late']);
  expect(core.stores.audit.entries.filter((e) => e.action === 'note.restore').map((e) => e.targetIds[0])).toEqual(['n-early']);
});

test('two purgers at once on one database: each note removed and audited once, each counted by one of them', async () => {
  const { core, purger, trash, purgeAudits } = setUp();
  const notes = await trash('n-1', 'n-2', 'n-3', 'n-4');
  const other = new InMemoryNotePurger(core.stores.notes);
  const reports = await Promise.all([
    purgeExpiredTrash(core.deps, holdingEverything, purger, { retentionDays: 30, batchSize: 1 }),
    purgeExpiredTrash(core.deps, holdingEverything, other, { retentionDays: 30, batchSize: 1 }),
  ]);
  const ids = notes.map((n) => n.id);
  expect(reports.flatMap((r) => r.purgedIds).sort()).toEqual(ids);
  expect(purgeAudits().map((e) => e.targetIds[0]).sort()).toEqual(ids);
  expect(await core.stores.notes.findByIds(ids)).toEqual([]);
  expect(await carryOutPendingEffects(core.deps, purger)).toBe(0);
});

test('a note that still owes its delete audit is not purged until the reconciler has written it', async () => {
  const { core, purger, purge, purgeAudits } = setUp();
  const note = aNote('old words').id('n-1').build();
  await core.stores.notes.insert(note);
  const deletedAt = new Date(core.clock.now().getTime() - 40 * 86_400_000);
  const effect = { key: 'e-1', change: 'delete' as const, actorId: 'console:bob', platform: 'console' as const, at: deletedAt, details: { reason: 'old' } };
  await core.stores.notes.softDelete('n-1', { deletedAt, deletedBy: 'console:bob', reason: 'old', planId: null }, effect);

  expect(await purge()).toEqual({ expired: 1, purged: 0, keptUnbacked: 0, purgedIds: [] });
  expect(await core.stores.notes.findById('n-1')).not.toBeNull();
  expect(await carryOutPendingEffects(core.deps, purger)).toBe(1);
  expect(await purge()).toMatchObject({ purged: 1, purgedIds: ['n-1'] });
  expect(core.stores.audit.entries.map((e) => e.action)).toEqual(['note.delete', 'note.purge']);
  expect(purgeAudits()).toHaveLength(1);
});
