import type { BatchRecord, DeletionPlan } from '../../../src/domain/plan.js';
import type { PlanStore } from '../../../src/ports/stores.js';
import { aPlan, at, expectDate, expectDuplicateKey, expectSameShape, minutes } from './builders.js';

/**
 * `plans` and `peer` share one storage: for Mongo two stores on two connections (as two processes
 * would be), for the in-memory twin the same instance. Every "exactly one wins" test races both.
 */
export interface PlanStores {
  plans: PlanStore;
  peer: PlanStore;
}

const aBatch = (cursor: number, next: number, doneIds: string[], overrides: Partial<BatchRecord> = {}): BatchRecord => ({
  cursor,
  next,
  doneIds,
  skipped: next - cursor - doneIds.length,
  doneTotal: doneIds.length,
  skippedTotal: next - cursor - doneIds.length,
  at: minutes(20),
  ...overrides,
});

export function planStoreContract(label: string, fresh: () => Promise<PlanStores>): void {
  describe(`PlanStore contract: ${label}`, () => {
    let plans: PlanStore;
    let peer: PlanStore;
    beforeEach(async () => {
      ({ plans, peer } = await fresh());
    });
    const either = (i: number) => (i % 2 ? peer : plans);

    test('round-trips a plan: the frozen filter keeps its Dates, null stays null', async () => {
      const plan = aPlan('p1', { filter: { text: ['a.b (c)'], after: at('2025-12-01T00:00:00Z'), before: at('2026-01-01T00:00:00Z') } });
      await plans.insert(plan);
      const found = await plans.find('p1');
      expect(found).toEqual(plan);
      expectSameShape(found!, plan);
      expectDate(found!.filter.before);
      expect(found!.finishedAt).toBeNull();
      expect(await plans.find('nope')).toBeNull();
    });

    test('round-trips the kinds: undo names its delete plan, backup-restore its backup and scope', async () => {
      const undo = aPlan('u1', { kind: 'undo', sourceId: 'p1', status: 'executing' });
      const restore = aPlan('b1', {
        kind: 'backup-restore',
        sourceId: 'manual-1',
        backup: { scope: { kind: 'record', id: 'acct-1' }, inScope: 9, skippedStillDeleted: 2 },
        status: 'executing',
      });
      await plans.insert(undo);
      await plans.insert(restore);
      expect(await peer.find('u1')).toEqual(undo);
      expect(await peer.find('b1')).toEqual(restore);
    });

    test('a duplicate id fails with code 11000', async () => {
      await plans.insert(aPlan('p1'));
      await expectDuplicateKey(peer.insert(aPlan('p1', { reason: 'other' })));
      expect((await plans.find('p1'))!.reason).toBeNull();
    });

    describe('transition', () => {
      test('moves from the expected status, applying changes and the given updatedAt', async () => {
        await plans.insert(aPlan('p1'));
        const moved = await plans.transition('p1', 'previewed', 'awaiting-approval', { approvalId: 'r1', updatedAt: minutes(3) });
        const expected: DeletionPlan = { ...aPlan('p1'), status: 'awaiting-approval', approvalId: 'r1', updatedAt: minutes(3) };
        expect(moved).toEqual(expected);
        expect(await plans.find('p1')).toEqual(expected);
        expect(await peer.find('p1')).toEqual(expected);
      });

      test('a transition to the same status can attach changes, and does not use up the status', async () => {
        await plans.insert(aPlan('p1', { status: 'awaiting-approval' }));
        const moved = await plans.transition('p1', 'awaiting-approval', 'awaiting-approval', { approvalId: 'r9', updatedAt: minutes(4) });
        expect(moved).toMatchObject({ status: 'awaiting-approval', approvalId: 'r9', updatedAt: minutes(4) });
        expect(await peer.transition('p1', 'awaiting-approval', 'executing', { updatedAt: minutes(5) })).toMatchObject({ status: 'executing', approvalId: 'r9' });
      });

      test('stamps updatedAt with the current time when no change gives one', async () => {
        await plans.insert(aPlan('p1'));
        const before = Date.now();
        const moved = await plans.transition('p1', 'previewed', 'executing');
        expect(moved!.status).toBe('executing');
        expectDate(moved!.updatedAt);
        expect(moved!.updatedAt.getTime()).toBeGreaterThanOrEqual(before);
        expect(moved!.updatedAt.getTime()).toBeLessThanOrEqual(Date.now());
      });

      test('refuses a plan in another status, and a missing plan', async () => {
        await plans.insert(aPlan('p1', { status: 'done', finishedAt: minutes(1) }));
        expect(await plans.transition('p1', 'previewed', 'executing')).toBeNull();
        expect(await plans.find('p1')).toEqual(aPlan('p1', { status: 'done', finishedAt: minutes(1) }));
        expect(await plans.transition('missing', 'previewed', 'executing')).toBeNull();
      });

      test('the finishing transition carries the final counts', async () => {
        await plans.insert(aPlan('p1', { status: 'executing' }));
        const done = await peer.transition('p1', 'executing', 'done', { finishedAt: minutes(9), updatedAt: minutes(9), cursor: 4, deletedCount: 3, skippedCount: 1 });
        expect(done).toMatchObject({ status: 'done', cursor: 4, deletedCount: 3, skippedCount: 1, finishedAt: minutes(9) });
        expect(await plans.find('p1')).toEqual(done);
      });

      test('ten concurrent transitions from one status, on two connections: exactly one wins', async () => {
        await plans.insert(aPlan('p1'));
        const targets = ['executing', 'cancelled', 'awaiting-approval', 'executing', 'cancelled', 'executing', 'cancelled', 'executing', 'expired', 'executing'] as const;
        const results = await Promise.all(targets.map((to, i) => either(i).transition('p1', 'previewed', to, { updatedAt: minutes(i) })));
        const winners = results.filter((r) => r !== null);
        expect(winners).toHaveLength(1);
        expect(await plans.find('p1')).toEqual(winners[0]);
        expect(await peer.find('p1')).toEqual(winners[0]);
      });
    });

    describe('batches', () => {
      test('a recorded batch is found by its cursor, from either connection', async () => {
        await plans.insert(aPlan('p1', { status: 'executing' }));
        expect(await plans.findBatch('p1', 0)).toBeNull();
        const record = aBatch(0, 2, ['n1'], { doneTotal: 1, skippedTotal: 1 });
        expect(await plans.recordBatch('p1', record)).toEqual(record);
        expect(await peer.findBatch('p1', 0)).toEqual(record);
        expectDate((await peer.findBatch('p1', 0))!.at);
        expect(await plans.findBatch('p1', 2)).toBeNull();
        expect(await plans.findBatch('p2', 0)).toBeNull();
      });

      test('ten executors recording the same batch on two connections: one record wins, all get it', async () => {
        await plans.insert(aPlan('p1', { status: 'executing' }));
        const attempts = Array.from({ length: 10 }, (_, i) => aBatch(0, 2, i % 3 ? ['n1', 'n2'] : ['n1'], { at: minutes(i) }));
        const results = await Promise.all(attempts.map((record, i) => either(i).recordBatch('p1', record)));
        const winner = await plans.findBatch('p1', 0);
        expect(attempts).toContainEqual(winner);
        for (const result of results) expect(result).toEqual(winner);
      });

      test('advance moves cursor and totals to after the record, never backwards', async () => {
        await plans.insert(aPlan('p1', { status: 'executing' }));
        const first = aBatch(0, 2, ['n1', 'n2'], { at: minutes(20) });
        const second = aBatch(2, 4, ['n3'], { doneTotal: 3, skippedTotal: 1, at: minutes(21) });
        expect(await plans.advance('p1', first)).toEqual({ ...aPlan('p1', { status: 'executing' }), cursor: 2, deletedCount: 2, skippedCount: 0, updatedAt: minutes(20) });
        const after = await peer.advance('p1', second);
        expect(after).toMatchObject({ cursor: 4, deletedCount: 3, skippedCount: 1, updatedAt: minutes(21) });
        // A late executor reporting the first batch again changes nothing.
        expect(await plans.advance('p1', first)).toEqual(after);
        expect(await plans.find('p1')).toEqual(after);
        expect(await plans.advance('missing', first)).toBeNull();
      });
    });

    test('setSnapshot records the first snapshot only; a missing plan is ignored', async () => {
      await plans.insert(aPlan('p1', { status: 'executing' }));
      expect(await plans.setSnapshot('p1', 'pre-delete-1')).toBe('pre-delete-1');
      expect(await peer.setSnapshot('p1', 'pre-delete-2')).toBe('pre-delete-1');
      expect(await peer.find('p1')).toEqual(aPlan('p1', { status: 'executing', snapshotId: 'pre-delete-1' }));
      expect(await plans.setSnapshot('missing', 'x')).toBeNull();
      expect(await plans.find('missing')).toBeNull();
    });

    test('listByStatus returns the plans in that status and no others', async () => {
      await plans.insert(aPlan('e2', { status: 'executing', createdAt: minutes(2) }));
      await plans.insert(aPlan('d1', { status: 'done' }));
      await plans.insert(aPlan('e1', { status: 'executing', createdAt: minutes(1) }));
      await plans.insert(aPlan('v1'));
      await plans.insert(aPlan('v2'));
      await peer.transition('v2', 'previewed', 'executing', { updatedAt: minutes(3) });
      const executing = await plans.listByStatus('executing');
      expect(executing.map((p) => p.id).sort()).toEqual(['e1', 'e2', 'v2']);
      expect(executing.find((p) => p.id === 'e1')).toEqual(aPlan('e1', { status: 'executing', createdAt: minutes(1) }));
      expect((await plans.listByStatus('previewed')).map((p) => p.id)).toEqual(['v1']);
      expect(await plans.listByStatus('rejected')).toEqual([]);
    });
  });
}
