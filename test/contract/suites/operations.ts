import type { Operation } from '../../../src/domain/operation.js';
import type { OperationStore } from '../../../src/ports/stores.js';
import { expectDuplicateKey, minutes, T0 } from './builders.js';
import type { Shared } from './stores.js';

export function anOperation(id: string, overrides: Partial<Operation> = {}): Operation {
  return {
    id,
    kind: 'bulk-delete',
    planId: id,
    requesterId: 'slack:UADMIN',
    origin: { platform: 'slack', channelId: 'C1' },
    message: null,
    status: 'running',
    done: 0,
    skipped: 0,
    total: 100,
    startedAt: T0,
    updatedAt: T0,
    finishedAt: null,
    cancelledBy: null,
    result: null,
    ...overrides,
  };
}

/** Long operations: progress cached, a stop asked once, the end claimed once, runs numbered across processes. */
export function operationStoreContract(label: string, fresh: () => Promise<Shared<OperationStore>>): void {
  describe(`OperationStore contract: ${label}`, () => {
    let store: OperationStore;
    let peer: OperationStore;
    beforeEach(async () => {
      ({ store, peer } = await fresh());
    });

    test('round-trips an operation; a second insert of the id is refused', async () => {
      await store.insert(anOperation('p-1'));
      expect(await peer.find('p-1')).toEqual(anOperation('p-1'));
      expect(await store.find('p-none')).toBeNull();
      await expectDuplicateKey(peer.insert(anOperation('p-1')));
    });

    test('the message and progress are recorded where any process reads them', async () => {
      await store.insert(anOperation('p-1'));
      await store.attachMessage('p-1', { platform: 'slack', channelId: 'C1', messageId: '17.1' });
      await store.recordProgress('p-1', { done: 40, skipped: 2, total: 100 }, minutes(1));
      expect(await peer.find('p-1')).toMatchObject({ done: 40, skipped: 2, message: { messageId: '17.1' }, updatedAt: minutes(1) });
    });

    test('a stop is asked once: the second asker learns who asked first', async () => {
      await store.insert(anOperation('p-1'));
      expect(await store.stopRequest('p-1')).toBeNull();
      const [a, b] = await Promise.all([store.requestStop('p-1', 'slack:U1', minutes(1)), peer.requestStop('p-1', 'slack:U2', minutes(1))]);
      expect([a, b].filter(Boolean)).toHaveLength(1);
      expect((await peer.stopRequest('p-1'))?.by).toBe(a ? 'slack:U1' : 'slack:U2');
    });

    test('an operation ends once, whoever tries; progress written after the end never makes it look running', async () => {
      await store.insert(anOperation('p-1'));
      await store.requestStop('p-1', 'slack:U9', minutes(1));
      const ends = await Promise.all([
        store.finish('p-1', 'cancelled', { done: 50, skipped: 0, total: 100 }, minutes(2)),
        peer.finish('p-1', 'done', { done: 100, skipped: 0, total: 100 }, minutes(2)),
      ]);
      const winners = ends.filter((e): e is Operation => e !== null);
      expect(winners).toHaveLength(1);
      await store.recordProgress('p-1', { done: 1, skipped: 0, total: 100 }, minutes(3));
      const found = await peer.find('p-1');
      expect(found).toMatchObject({ status: winners[0].status, finishedAt: minutes(2) });
      if (found?.status === 'cancelled') expect(found.cancelledBy).toBe('slack:U9');
      expect(await store.listRunning()).toEqual([]);
    });

    test('runs are numbered across processes: each claim gets a new number, the newest is current', async () => {
      await store.insert(anOperation('p-1'));
      expect(await peer.currentRun('p-1')).toBe(0);
      const runs = await Promise.all([store.claimRun('p-1', T0), peer.claimRun('p-1', T0)]);
      expect([...runs].sort()).toEqual([1, 2]);
      expect(await store.currentRun('p-1')).toBe(2);
      expect(await peer.claimRun('p-1', T0)).toBe(3);
    });

    test("a run's heartbeat is what any process reads as its last sign of life", async () => {
      await store.insert(anOperation('p-1'));
      expect(await peer.runLiveness('p-1')).toEqual({ run: 0, aliveAt: null });
      const run = await store.claimRun('p-1', minutes(1));
      expect(await peer.runLiveness('p-1')).toEqual({ run, aliveAt: minutes(1) });
      await store.touchRun('p-1', run, minutes(2));
      expect(await peer.runLiveness('p-1')).toEqual({ run, aliveAt: minutes(2) });
    });

    test('two instances taking over one dead run at once: one gets the next run, the other nothing; the old run is superseded', async () => {
      await store.insert(anOperation('p-1'));
      const dead = await store.claimRun('p-1', minutes(1));
      const takers = await Promise.all([store.takeOver('p-1', dead, minutes(5)), peer.takeOver('p-1', dead, minutes(5))]);
      expect(takers.filter((t) => t !== null)).toEqual([dead + 1]);
      expect(await peer.currentRun('p-1')).toBe(dead + 1);
      // The new run's claim is its first sign of life; a taker still holding the old number loses.
      expect(await store.runLiveness('p-1')).toEqual({ run: dead + 1, aliveAt: minutes(5) });
      expect(await peer.takeOver('p-1', dead, minutes(6))).toBeNull();
      expect(await store.takeOver('p-1', dead + 1, minutes(9))).toBe(dead + 2);
    });

    test('jobs: running ones first, then the newest ended, at most the limit', async () => {
      for (let i = 1; i <= 5; i += 1) await store.insert(anOperation(`p-${i}`, { startedAt: minutes(i) }));
      await store.finish('p-5', 'done', {}, minutes(9));
      await store.finish('p-4', 'done', {}, minutes(9));
      expect((await peer.listRunning()).map((op) => op.id)).toEqual(['p-3', 'p-2', 'p-1']);
      expect((await peer.listRecent(4)).map((op) => op.id)).toEqual(['p-3', 'p-2', 'p-1', 'p-5']);
    });
  });
}
