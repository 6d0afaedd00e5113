import type { NoteEffect } from '../../../src/domain/noteEffect.js';
import type { DeletionMark, NoteRepository } from '../../../src/ports/notes.js';
import { aDeletedNote, aNote, collect, expectDate, minutes } from './builders.js';

/**
 * The pending effects of single-note changes (NoteRepository.softDelete/restore with an effect,
 * pendingEffects, settleEffect). `fresh` returns an empty repository for each test.
 */
export function noteEffectsContract(label: string, fresh: () => Promise<NoteRepository>): void {
  describe(`NoteRepository pending effects contract: ${label}`, () => {
    let repo: NoteRepository;
    beforeEach(async () => {
      repo = await fresh();
    });

    const mark = (at: Date): DeletionMark => ({ deletedAt: at, deletedBy: 'slack:UADMIN', reason: 'cleanup', planId: null });
    const effect = (key: string, change: NoteEffect['change'], at: Date, details: Record<string, unknown> = {}): NoteEffect => ({
      key,
      change,
      actorId: 'slack:UADMIN',
      platform: 'slack',
      at,
      details,
    });

    test('a delete stores its effect with it: listed with the note as the domain sees it, every field round-tripped', async () => {
      await repo.insert(aNote('n1'));
      const written = { ...effect('e-Ab_9-x', 'delete', minutes(1), { reason: 'cleanup', approvalId: 'r-1', nested: { n: 1 } }), tenantId: 't-1' };
      const deleted = await repo.softDelete('n1', mark(minutes(1)), written);
      expect(deleted).toEqual(await repo.findById('n1'));
      const pending = await repo.pendingEffects(null, 10);
      expect(pending).toEqual([{ note: deleted, effects: [written] }]);
      expectDate(pending[0].effects[0].at);
      // Nothing of the bookkeeping shows on the note anywhere it is read.
      expect(Object.keys((await repo.findById('n1'))!).sort()).toEqual(Object.keys(aDeletedNote('n1', minutes(1))).sort());
      expect(await collect(repo.streamAll())).toEqual([deleted]);
      expect(await repo.list({ state: 'deleted' }, { limit: 5 })).toEqual([deleted]);
    });

    test('a change that does not happen stores no effect', async () => {
      await repo.insert(aNote('live'));
      await repo.insert(aDeletedNote('gone', minutes(1)));
      expect(await repo.softDelete('gone', mark(minutes(2)), effect('e-1', 'delete', minutes(2)))).toBeNull();
      expect(await repo.restore('live', minutes(2), effect('e-2', 'restore', minutes(2)))).toBeNull();
      expect(await repo.softDelete('missing', mark(minutes(2)), effect('e-3', 'delete', minutes(2)))).toBeNull();
      expect(await repo.pendingEffects(null, 10)).toEqual([]);
    });

    test('of many concurrent deletes with their own effects, only the winner leaves one', async () => {
      await repo.insert(aNote('n1'));
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => repo.softDelete('n1', mark(minutes(i + 1)), effect(`e-${i}`, 'delete', minutes(i + 1)))));
      const winner = results.findIndex((r) => r !== null);
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect((await repo.pendingEffects(null, 10))[0].effects.map((e) => e.key)).toEqual([`e-${winner}`]);
    });

    test('a restore after a pending delete keeps both, oldest change first; settling one keeps the other', async () => {
      await repo.insert(aNote('n1'));
      await repo.softDelete('n1', mark(minutes(1)), effect('e-del', 'delete', minutes(1)));
      const restored = await repo.restore('n1', minutes(2), effect('e-res', 'restore', minutes(2)));
      const [pending] = await repo.pendingEffects(null, 10);
      expect(pending.note).toEqual(restored);
      expect(pending.effects.map((e) => [e.key, e.change])).toEqual([
        ['e-del', 'delete'],
        ['e-res', 'restore'],
      ]);
      await repo.settleEffect('n1', 'e-del');
      expect((await repo.pendingEffects(null, 10))[0].effects.map((e) => e.key)).toEqual(['e-res']);
      await repo.settleEffect('n1', 'e-res');
      expect(await repo.pendingEffects(null, 10)).toEqual([]);
      // Idempotent, and an unknown key or note is nothing to do.
      await repo.settleEffect('n1', 'e-res');
      await repo.settleEffect('missing', 'e-x');
      expect(await repo.pendingEffects(null, 10)).toEqual([]);
      expect(await repo.findById('n1')).toEqual(restored);
    });

    test('a note whose effects were all settled can owe a new one', async () => {
      await repo.insert(aNote('n1'));
      await repo.softDelete('n1', mark(minutes(1)), effect('e-1', 'delete', minutes(1)));
      await repo.settleEffect('n1', 'e-1');
      await repo.restore('n1', minutes(2), effect('e-2', 'restore', minutes(2)));
      expect((await repo.pendingEffects(null, 10)).map((p) => [p.note.id, p.effects.map((e) => e.key)])).toEqual([['n1', ['e-2']]]);
    });

    test('pages in id order after a given id; notes that owe nothing are not listed', async () => {
      for (const id of ['c', 'a', 'd', 'b', 'quiet']) await repo.insert(aNote(id));
      for (const id of ['c', 'a', 'd', 'b']) await repo.softDelete(id, mark(minutes(1)), effect(`e-${id}`, 'delete', minutes(1)));
      await repo.softDelete('quiet', mark(minutes(1)));
      const ids = async (after: string | null, limit: number) => (await repo.pendingEffects(after, limit)).map((p) => p.note.id);
      expect(await ids(null, 2)).toEqual(['a', 'b']);
      expect(await ids('b', 2)).toEqual(['c', 'd']);
      expect(await ids('d', 2)).toEqual([]);
      expect(await ids(null, 0)).toEqual([]);
    });
  });
}
