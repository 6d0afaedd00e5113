import type { DeletionPlan } from '../../../src/domain/plan.js';
import type { PlanStore } from '../../../src/ports/stores.js';
import { aPlan, at, expectDate, expectDuplicateKey, expectSameShape, minutes } from './builders.js';

const progress = (cursor: number, deleted: number, skipped: number, now = minutes(30)) => ({ cursor, deleted, skipped, now });

export function planStoreContract(label: string, fresh: () => Promise<PlanStore>): void {
  describe(`PlanStore contract: ${label}`, () => {
    let plans: PlanStore;
    beforeEach(async () => {
      plans = await fresh();
    });

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

    test('a duplicate id fails with code 11000', async () => {
      await plans.insert(aPlan('p1'));
      await expectDuplicateKey(plans.insert(aPlan('p1', { reason: 'other' })));
      expect((await plans.find('p1'))!.reason).toBeNull();
    });

    describe('transition', () => {
      test('moves from the expected status, applying changes and the given updatedAt', async () => {
        await plans.insert(aPlan('p1'));
        const moved = await plans.transition('p1', 'previewed', 'awaiting-approval', { approvalId: 'r1', updatedAt: minutes(3) });
        const expected: DeletionPlan = { ...aPlan('p1'), status: 'awaiting-approval', approvalId: 'r1', updatedAt: minutes(3) };
        expect(moved).toEqual(expected);
        expect(await plans.find('p1')).toEqual(expected);
      });

      test('a transition to the same status can attach changes', async () => {
        await plans.insert(aPlan('p1', { status: 'awaiting-approval' }));
        const moved = await plans.transition('p1', 'awaiting-approval', 'awaiting-approval', { approvalId: 'r9', updatedAt: minutes(4) });
        expect(moved).toMatchObject({ status: 'awaiting-approval', approvalId: 'r9', updatedAt: minutes(4) });
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

      test('ten concurrent transitions from one status: exactly one wins', async () => {
        await plans.insert(aPlan('p1'));
        const targets = ['executing', 'cancelled', 'awaiting-approval', 'executing', 'cancelled', 'executing', 'cancelled', 'executing', 'expired', 'executing'] as const;
        const results = await Promise.all(targets.map((to, i) => plans.transition('p1', 'previewed', to, { updatedAt: minutes(i) })));
        const winners = results.filter((r) => r !== null);
        expect(winners).toHaveLength(1);
        expect(await plans.find('p1')).toEqual(winners[0]);
      });
    });

    describe('advance', () => {
      test('records one batch at a time, adding the counts', async () => {
        await plans.insert(aPlan('p1', { status: 'executing' }));
        const first = await plans.advance('p1', 0, progress(2, 2, 0, minutes(20)));
        expect(first).toEqual({ ...aPlan('p1', { status: 'executing' }), cursor: 2, deletedCount: 2, skippedCount: 0, updatedAt: minutes(20) });
        const second = await plans.advance('p1', 2, progress(4, 1, 1, minutes(21)));
        expect(second).toMatchObject({ cursor: 4, deletedCount: 3, skippedCount: 1, updatedAt: minutes(21) });
        expect(await plans.find('p1')).toEqual(second);
      });

      test.each([
        ['a stale cursor', aPlan('p1', { status: 'executing', cursor: 2 }), 0],
        ['a plan that is not executing', aPlan('p1', { status: 'done', cursor: 0 }), 0],
        ['a cursor ahead of the plan', aPlan('p1', { status: 'executing', cursor: 0 }), 2],
      ])('refuses %s', async (_name, plan, fromCursor) => {
        await plans.insert(plan);
        expect(await plans.advance('p1', fromCursor, progress(fromCursor + 2, 2, 0))).toBeNull();
        expect(await plans.find('p1')).toEqual(plan);
      });

      test('a missing plan is not advanced', async () => {
        expect(await plans.advance('missing', 0, progress(2, 2, 0))).toBeNull();
      });

      test('ten executors advancing from the same cursor: exactly one counts the batch', async () => {
        await plans.insert(aPlan('p1', { status: 'executing' }));
        const results = await Promise.all(Array.from({ length: 10 }, () => plans.advance('p1', 0, progress(2, 2, 0))));
        expect(results.filter((r) => r !== null)).toHaveLength(1);
        expect(await plans.find('p1')).toMatchObject({ cursor: 2, deletedCount: 2, skippedCount: 0 });
      });
    });

    test('setSnapshot records the pre-delete snapshot; a missing plan is ignored', async () => {
      await plans.insert(aPlan('p1', { status: 'executing' }));
      await plans.setSnapshot('p1', 'pre-delete-1');
      expect(await plans.find('p1')).toEqual(aPlan('p1', { status: 'executing', snapshotId: 'pre-delete-1' }));
      await expect(plans.setSnapshot('missing', 'x')).resolves.toBeUndefined();
      expect(await plans.find('missing')).toBeNull();
    });

    test('listByStatus returns the plans in that status and no others', async () => {
      await plans.insert(aPlan('e2', { status: 'executing', createdAt: minutes(2) }));
      await plans.insert(aPlan('d1', { status: 'done' }));
      await plans.insert(aPlan('e1', { status: 'executing', createdAt: minutes(1) }));
      await plans.insert(aPlan('v1'));
      const executing = await plans.listByStatus('executing');
      expect(executing.map((p) => p.id).sort()).toEqual(['e1', 'e2']);
      expect(executing.find((p) => p.id === 'e1')).toEqual(aPlan('e1', { status: 'executing', createdAt: minutes(1) }));
      expect(await plans.listByStatus('rejected')).toEqual([]);
    });
  });
}
