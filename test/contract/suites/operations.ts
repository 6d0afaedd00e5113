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

    test('jobs: running ones first, then the newest ended, at most the limit', async () => {
      for (let i = 1; i <= 5; i += 1) await store.insert(anOperation(`p-${i}`, { startedAt: minutes(i) }));
      await store.finish('p-5', 'done', {}, minutes(9));
      await store.finish('p-4', 'done', {}, minutes(9));
      expect((await peer.listRunning()).map((op) => op.id)).toEqual(['p-3', 'p-2', 'p-1']);
      expect((await peer.listRecent(4)).map((op) => op.id)).toEqual(['p-3', 'p-2', 'p-1', 'p-5']);
    });
  });
}
