import { beforeEach, describe, expect, test } from '@jest/globals';
import type { NotePurger, NoteRestorer } from '../../../src/ports/backups.js';
import type { NoteRepository } from '../../../src/ports/notes.js';
import { aDeletedNote, aNote, expectDate, expectSameShape, minutes, T0 } from './builders.js';

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

export interface PurgerPorts {
  purger: NotePurger;
  notes: NoteRepository;
}

export function notePurgerContract(label: string, fresh: () => Promise<PurgerPorts>): void {
  describe(`NotePurger contract: ${label}`, () => {
    let purger: NotePurger;
    let notes: NoteRepository;
    beforeEach(async () => {
      ({ purger, notes } = await fresh());
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

    test('hardDelete removes a note still trashed exactly as listed, once', async () => {
      await notes.insert(aDeletedNote('e1', minutes(1)));
      const [listed] = await purger.listExpired(cutoff, null, 10);
      expect(await purger.hardDelete(listed)).toBe(true);
      expect(await notes.findById('e1')).toBeNull();
      expect(await purger.hardDelete(listed)).toBe(false);
    });

    test('hardDelete leaves a note restored, or deleted again, since it was listed', async () => {
      await notes.insert(aDeletedNote('restored', minutes(1)));
      await notes.insert(aDeletedNote('again', minutes(1)));
      const listed = await purger.listExpired(cutoff, null, 10);
      await notes.restore('restored', minutes(70));
      await notes.restore('again', minutes(71));
      await notes.softDelete('again', { deletedAt: minutes(72), deletedBy: 'slack:UADMIN', reason: null, planId: null });
      for (const note of listed) expect(await purger.hardDelete(note)).toBe(false);
      expect((await notes.findByIds(['again', 'restored'])).map((n) => n.id)).toEqual(['again', 'restored']);
    });
  });
}
