import { beforeEach, describe, expect, test } from '@jest/globals';
import type { DrillResult, JobState } from '../../../src/ports/jobState.js';
import { expectDate, minutes } from './builders.js';

/** `state` and `peer` share one storage: two connections for Mongo (two processes), one instance for the twin. */
export interface JobStates {
  state: JobState;
  peer: JobState;
}

const aDrill = (at: Date, overrides: Partial<DrillResult> = {}): DrillResult => ({
  backupId: 'scheduled-1',
  ok: true,
  at,
  durationMs: 1234,
  counts: { notes: 3, roles: 1, audit: 7 },
  auditChainOk: true,
  ...overrides,
});

export function jobStateContract(label: string, fresh: () => Promise<JobStates>): void {
  describe(`JobState contract: ${label}`, () => {
    let state: JobState;
    let peer: JobState;
    beforeEach(async () => {
      ({ state, peer } = await fresh());
    });

    test('before anything ran there is no drill and no review', async () => {
      expect(await state.lastDrill()).toBeNull();
      expect(await state.takeUnreportedDrill()).toBeNull();
      expect(await state.lastRoleReview()).toBeNull();
    });

    test('a saved drill reads back whole, Dates as Dates, from another process too', async () => {
      const chain = { code: 'auditChainBroken' as const, at: 3, chain: { code: 'sequenceJump' as const, from: 2, to: 4 } };
      const failed = aDrill(minutes(1), { ok: false, problem: chain, auditChainOk: false });
      await state.saveDrill(failed);
      expect(await peer.lastDrill()).toEqual(failed);
      expectDate((await peer.lastDrill())!.at);
      // A sentence an older version stored reads back as it is.
      const older = aDrill(minutes(2), { ok: false, problem: 'notes: restored 2, the backup holds 3', auditChainOk: null });
      await state.saveDrill(older);
      expect(await peer.lastDrill()).toEqual(older);
    });

    test('a drill is reported once; it stays the last drill; a newer one is reported again', async () => {
      const first = aDrill(minutes(1));
      await state.saveDrill(first);
      expect(await peer.takeUnreportedDrill()).toEqual(first);
      expect(await state.takeUnreportedDrill()).toBeNull();
      expect(await peer.takeUnreportedDrill()).toBeNull();
      expect(await state.lastDrill()).toEqual(first);
      const second = aDrill(minutes(2), { backupId: 'scheduled-2' });
      await peer.saveDrill(second);
      expect(await state.takeUnreportedDrill()).toEqual(second);
      expect(await peer.takeUnreportedDrill()).toBeNull();
    });

    test('two processes taking the unreported drill at once: exactly one gets it, every round', async () => {
      for (let round = 0; round < 8; round += 1) {
        await state.saveDrill(aDrill(minutes(10 + round)));
        const taken = await Promise.all([state.takeUnreportedDrill(), peer.takeUnreportedDrill(), state.takeUnreportedDrill(), peer.takeUnreportedDrill()]);
        expect(taken.filter((drill) => drill !== null)).toEqual([aDrill(minutes(10 + round))]);
      }
    });

    test('the last role review: saved, replaced, read from another process', async () => {
      await state.saveRoleReview(minutes(1), 12);
      expect(await peer.lastRoleReview()).toEqual({ at: minutes(1), seq: 12 });
      await peer.saveRoleReview(minutes(2), 40);
      const last = await state.lastRoleReview();
      expect(last).toEqual({ at: minutes(2), seq: 40 });
      expectDate(last!.at);
    });
  });
}
