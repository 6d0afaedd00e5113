import { beforeEach, describe, expect, test } from '@jest/globals';
import type { NotePurger, NoteRestorer } from '../../../src/ports/backups.js';
import type { NoteRepository } from '../../../src/ports/notes.js';
import { aDeletedNote, aNote, aPurgeEffect, expectDate, expectSameShape, minutes, T0 } from './builders.js';

/**
 * The notes ports only backups use. `notes` is the repository on the same storage, to seed and
 * read back; `peer` is a restorer on that storage from another process (the twin: the same one).
 */
export interface RestorerPorts {
  restorer: NoteRestorer;
  peer: NoteRestorer;
  notes: NoteRepository;
}

const STAMP = minutes(500);

export function noteRestorerContract(label: string, fresh: () => Promise<RestorerPorts>): void {
  describe(`NoteRestorer contract: ${label}`, () => {
    let restorer: NoteRestorer;
    let peer: NoteRestorer;
    let notes: NoteRepository;
    beforeEach(async () => {
      ({ restorer, peer, notes } = await fresh());
    });

    test('states: live is null, deleted is its deletion time, a missing note is absent', async () => {
      await notes.insert(aNote('live'));
      await notes.insert(aDeletedNote('gone', minutes(3)));
      const states = await restorer.states(['live', 'gone', 'missing']);
      expect([...states.keys()].sort()).toEqual(['gone', 'live']);
      expect(states.get('live')).toBeNull();
      expectDate(states.get('gone'));
      expect(states.get('gone')!.getTime()).toBe(minutes(3).getTime());
      expect((await restorer.states([])).size).toBe(0);
    });

    test('states is exact for a batch of several hundred ids (the grouped id filter)', async () => {
      const ids = Array.from({ length: 600 }, (_, i) => `n${String(i).padStart(4, '0')}`);
      // Every other note is stored, every fourth of those deleted.
      await restorer.insertMissing(ids.filter((_, i) => i % 2 === 0).map((id, i) => (i % 4 === 0 ? aDeletedNote(id, T0) : aNote(id))));
      const states = await restorer.states([...ids, 'zzz-missing']);
      expect(states.size).toBe(300);
      expect([...states.values()].filter((deletedAt) => deletedAt !== null)).toHaveLength(75);
      expect(states.has('n0001')).toBe(false);
    });

    test('insertMissing stores each note exactly as given, deleted ones in the trash', async () => {
      const live = aNote('a', { body: 'from the backup', tags: ['q3'], updatedAt: STAMP });
      const trashed = aDeletedNote('b', minutes(2), { deletionPlanId: 'p1' });
      await restorer.insertMissing([live, trashed]);
      const found = await notes.findById('a');
      expect(found).toEqual(live);
      expectSameShape(found!, live);
      expect(await notes.findById('b')).toEqual(trashed);
      await restorer.insertMissing([]);
    });

    test('insertMissing leaves a taken id alone and still inserts the rest', async () => {
      await notes.insert(aNote('taken', { body: 'added meanwhile' }));
      await restorer.insertMissing([aNote('taken', { body: 'from the backup' }), aNote('free', { body: 'from the backup' })]);
      expect((await notes.findById('taken'))!.body).toBe('added meanwhile');
      expect((await notes.findById('free'))!.body).toBe('from the backup');
    });

    test('two processes inserting the same missing notes at once store each once, and neither fails', async () => {
      const batch = ['r1', 'r2', 'r3'].map((id) => aNote(id, { updatedAt: STAMP }));
      await Promise.all([restorer.insertMissing(batch), peer.insertMissing(batch)]);
      expect((await notes.findByIds(['r1', 'r2', 'r3'])).map((n) => n.id)).toEqual(['r1', 'r2', 'r3']);
    });

    test('reviveDeleted replaces a soft-deleted note by the given one, whole', async () => {
      await notes.insert(aDeletedNote('d', minutes(5), { body: 'edited before deletion', deletionPlanId: 'p1' }));
      const backedUp = aNote('d', { body: 'as backed up', updatedAt: STAMP });
      await restorer.reviveDeleted([backedUp]);
      expect(await notes.findById('d')).toEqual(backedUp);
    });

    test('reviveDeleted never overwrites a live note and never creates a missing one', async () => {
      await notes.insert(aNote('live', { body: 'restored meanwhile', updatedAt: minutes(7) }));
      await restorer.reviveDeleted([aNote('live', { body: 'as backed up', updatedAt: STAMP }), aNote('missing', { updatedAt: STAMP })]);
      expect(await notes.findById('live')).toEqual(aNote('live', { body: 'restored meanwhile', updatedAt: minutes(7) }));
      expect(await notes.findById('missing')).toBeNull();
    });

    test('stampedIds answers which of the asked ids carry the stamp, once each', async () => {
      await restorer.insertMissing([aNote('s1', { updatedAt: STAMP }), aNote('s2', { updatedAt: STAMP }), aNote('old', { updatedAt: T0 })]);
      expect((await restorer.stampedIds(['s1', 'old', 'missing', 's1'], STAMP)).sort()).toEqual(['s1']);
      expect((await restorer.stampedIds(['s1', 's2', 'old'], STAMP)).sort()).toEqual(['s1', 's2']);
      expect(await restorer.stampedIds([], STAMP)).toEqual([]);
    });

    test('a batch written twice (a re-run after a crash) leaves the same notes and the same stamped ids', async () => {
      await notes.insert(aDeletedNote('d', T0));
      const batch = [aNote('d', { updatedAt: STAMP }), aNote('m', { updatedAt: STAMP })];
      const run = async () => {
        await restorer.insertMissing([batch[1]]);
        await restorer.reviveDeleted([batch[0]]);
        return (await restorer.stampedIds(['d', 'm'], STAMP)).sort();
      };
      expect(await run()).toEqual(['d', 'm']);
      expect(await run()).toEqual(['d', 'm']);
      expect(await notes.findByIds(['d', 'm'])).toEqual(batch);
    });
  });
}

/** `restorer`: the restore-from-backup side of the same storage, which must refuse a note being purged. */
export interface PurgerPorts {
  purger: NotePurger;
  notes: NoteRepository;
  restorer: NoteRestorer;
}

export function notePurgerContract(label: string, fresh: () => Promise<PurgerPorts>): void {
  describe(`NotePurger contract: ${label}`, () => {
    let purger: NotePurger;
    let notes: NoteRepository;
    let restorer: NoteRestorer;
    beforeEach(async () => {
      ({ purger, notes, restorer } = await fresh());
    });
    const cutoff = minutes(60);

    test('listExpired: trashed strictly before the cutoff, in id order, after a key, at most a limit', async () => {
      for (const note of [
        aDeletedNote('e3', minutes(10)),
        aDeletedNote('e1', minutes(59)),
        aDeletedNote('e2', minutes(1)),
        aDeletedNote('at-cutoff', cutoff),
        aDeletedNote('recent', minutes(61)),
        aNote('live-old', { createdAt: minutes(-100) }),
      ]) {
        await notes.insert(note);
      }
      const ids = async (afterId: string | null, limit: number) => (await purger.listExpired(cutoff, afterId, limit)).map((n) => n.id);
      expect(await ids(null, 10)).toEqual(['e1', 'e2', 'e3']);
      expect(await ids(null, 2)).toEqual(['e1', 'e2']);
      expect(await ids('e2', 2)).toEqual(['e3']);
      expect(await ids('e3', 2)).toEqual([]);
    });

    test('listExpired returns whole notes, with no storage fields', async () => {
      const note = aDeletedNote('e1', minutes(1), { tags: ['q3'], deletionPlanId: 'p1' });
      await notes.insert(note);
      const [found] = await purger.listExpired(cutoff, null, 10);
      expect(found).toEqual(note);
      expectSameShape(found, note);
    });

    const planMark = { deletedAt: minutes(72), deletedBy: 'slack:UADMIN', reason: null, planId: 'p1' };

    test('a purge marks a note still trashed exactly as listed, keeps its effect pending, then removes it once', async () => {
      await notes.insert(aDeletedNote('e1', minutes(1)));
      const [listed] = await purger.listExpired(cutoff, null, 10);
      const effect = aPurgeEffect(listed);
      expect(await purger.markPurging(listed, effect)).toBe(true);
      // The mark is no part of the note: listed again (a rerun) it reads as before.
      const [again] = await purger.listExpired(cutoff, null, 10);
      expectSameShape(again, listed);
      expect(again).toEqual(listed);
      // The reconciler finds the cut-off purge with the other pending effects.
      expect(await notes.pendingEffects(null, 10)).toEqual([{ note: listed, effects: [effect] }]);
      expect(await purger.markPurging(listed, effect)).toBe(false);
      expect(await purger.removePurged('e1', 'purge-e1-0')).toBe(false);
      expect(await notes.findById('e1')).toEqual(listed);
      expect(await purger.removePurged('e1', effect.key)).toBe(true);
      expect(await notes.findById('e1')).toBeNull();
      expect(await notes.pendingEffects(null, 10)).toEqual([]);
      expect(await purger.removePurged('e1', effect.key)).toBe(false);
    });

    test('no mark on a note restored, or deleted again, since it was listed, nor on one that still owes an effect', async () => {
      await notes.insert(aDeletedNote('restored', minutes(1)));
      await notes.insert(aDeletedNote('again', minutes(1)));
      await notes.insert(aNote('owes'));
      await notes.softDelete('owes', { deletedAt: minutes(2), deletedBy: 'slack:UADMIN', reason: null, planId: null }, {
        key: 'e-owed',
        change: 'delete',
        actorId: 'slack:UADMIN',
        platform: 'slack',
        at: minutes(2),
        details: {},
      });
      const listed = await purger.listExpired(cutoff, null, 10);
      expect(listed.map((n) => n.id)).toEqual(['again', 'owes', 'restored']);
      await notes.restore('restored', minutes(70));
      await notes.restore('again', minutes(71));
      await notes.softDelete('again', { deletedAt: minutes(72), deletedBy: 'slack:UADMIN', reason: null, planId: null });
      for (const note of listed) expect(await purger.markPurging(note, aPurgeEffect(note))).toBe(false);
      for (const note of listed) expect(await purger.removePurged(note.id, aPurgeEffect(note).key)).toBe(false);
      expect((await notes.findByIds(['again', 'owes', 'restored'])).map((n) => n.id)).toEqual(['again', 'owes', 'restored']);
      // Once its delete's effect is carried out, the owing note can be purged.
      await notes.settleEffect('owes', 'e-owed');
      const [owes] = await notes.findByIds(['owes']);
      expect(await purger.markPurging(owes, aPurgeEffect(owes))).toBe(true);
    });

    test('two purgers marking the same note: one mark, one removal', async () => {
      await notes.insert(aDeletedNote('e1', minutes(1)));
      const [listed] = await purger.listExpired(cutoff, null, 10);
      const marks = await Promise.all([purger.markPurging(listed, aPurgeEffect(listed)), purger.markPurging(listed, aPurgeEffect(listed, minutes(91)))]);
      expect(marks.filter(Boolean)).toHaveLength(1);
      const removals = await Promise.all([purger.removePurged('e1', aPurgeEffect(listed).key), purger.removePurged('e1', aPurgeEffect(listed).key)]);
      expect(removals.filter(Boolean)).toHaveLength(1);
      expect(await notes.findById('e1')).toBeNull();
    });

    test('a note being purged refuses every restore: by hand, by undo, from a backup', async () => {
      await notes.insert(aNote('single'));
      await notes.insert(aNote('planned'));
      await notes.insert(aNote('backed-up'));
      await notes.softDelete('single', { ...planMark, planId: null });
      await notes.softDeleteMany(['planned', 'backed-up'], T0, planMark);
      const listed = await purger.listExpired(minutes(100), null, 10);
      expect(listed.map((n) => n.id)).toEqual(['backed-up', 'planned', 'single']);
      for (const note of listed) expect(await purger.markPurging(note, aPurgeEffect(note))).toBe(true);

      expect(await notes.restore('single', minutes(80))).toBeNull();
      expect(await notes.restoreByPlan(['planned', 'backed-up'], 'p1', minutes(81))).toEqual([]);
      await restorer.reviveDeleted([aNote('backed-up', { updatedAt: minutes(82) })]);
      expect(await notes.findByIds(['backed-up', 'planned', 'single'])).toEqual(listed);

      for (const note of listed) expect(await purger.removePurged(note.id, aPurgeEffect(note).key)).toBe(true);
      expect(await notes.findByIds(['backed-up', 'planned', 'single'])).toEqual([]);
    });

    test('a note restored before the mark stays restored and is never marked', async () => {
      await notes.insert(aDeletedNote('e1', minutes(1), { deletionPlanId: 'p1' }));
      const [listed] = await purger.listExpired(cutoff, null, 10);
      expect(await notes.restoreByPlan(['e1'], 'p1', minutes(80))).toEqual(['e1']);
      expect(await purger.markPurging(listed, aPurgeEffect(listed))).toBe(false);
      expect(await notes.restore('e1', minutes(81))).toBeNull(); // live: nothing to restore
      expect((await notes.findById('e1'))!.deletedAt).toBeNull();
      expect(await notes.pendingEffects(null, 10)).toEqual([]);
    });
  });
}
