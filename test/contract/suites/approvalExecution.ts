import type { ApprovalExecution } from '../../../src/domain/approval.js';
import type { ApprovalStore } from '../../../src/ports/stores.js';
import { anApproval, expectDate, minutes } from './builders.js';

/**
 * The part of the ApprovalStore contract that keeps an approved note delete from being lost: which
 * approved requests still owe their delete, and the one record of how it was carried out. Called
 * inside `approvalStoreContract`, with the same two processes (`store`, `peer`).
 */
export function approvalExecutionContract(ports: () => { store: ApprovalStore; peer: ApprovalStore }): void {
  const approve = (decidedAt = minutes(5)) => ({ status: 'approved' as const, decidedBy: 'slack:UADMIN2', decidedAt, reason: null });
  const executed = (outcome: ApprovalExecution['outcome'], at = minutes(6)): ApprovalExecution => ({ outcome, at, recovered: true });

  test('listUnexecutedDeletes: approved note deletes without an execution, oldest decision first; nothing else', async () => {
    const { store, peer } = ports();
    await store.insert(anApproval('late'));
    await store.insert(anApproval('early'));
    await store.insert(anApproval('plan', { kind: 'bulk-plan', targetId: 'p1', noteCount: 30, subject: { filterText: 'tag:old' } }));
    await store.insert(anApproval('rejected'));
    await store.insert(anApproval('waiting'));
    await store.decide('late', approve(minutes(9)), minutes(9));
    await peer.decide('early', approve(minutes(4)), minutes(4));
    await store.decide('plan', approve(), minutes(5));
    await store.decide('rejected', { ...approve(), status: 'rejected' }, minutes(5));
    expect((await store.listUnexecutedDeletes()).map((r) => r.id)).toEqual(['early', 'late']);
    expect((await peer.listUnexecutedDeletes()).map((r) => r.id)).toEqual(['early', 'late']);
    expect((await store.listUnexecutedDeletes())[0]).toMatchObject({ status: 'approved', decidedBy: 'slack:UADMIN2', targetId: 'n1' });

    await store.recordExecution('early', executed('deleted'));
    expect((await peer.listUnexecutedDeletes()).map((r) => r.id)).toEqual(['late']);
    await peer.recordExecution('late', executed('already-deleted'));
    expect(await store.listUnexecutedDeletes()).toEqual([]);
  });

  test('recordExecution: the first record wins, every caller gets it back, and the request reads with it', async () => {
    const { store, peer } = ports();
    await store.insert(anApproval('r1'));
    await store.decide('r1', approve(), minutes(5));
    expect(await store.recordExecution('r1', executed('deleted'))).toEqual({ execution: executed('deleted'), first: true });
    expect(await peer.recordExecution('r1', executed('changed', minutes(7)))).toEqual({ execution: executed('deleted'), first: false });
    const found = await peer.find('r1');
    expect(found).toEqual({ ...anApproval('r1'), status: 'approved', decidedBy: 'slack:UADMIN2', decidedAt: minutes(5), decisionReason: null, execution: executed('deleted') });
    expectDate(found!.execution!.at);
    // A request that was never carried out reads without one.
    await store.insert(anApproval('r2'));
    expect((await store.find('r2'))!.execution).toBeUndefined();
  });

  test('concurrent records from two processes: exactly one is first, and it is what both read, every round', async () => {
    const { store, peer } = ports();
    const outcomes = ['deleted', 'already-deleted', 'gone', 'changed'] as const;
    for (let round = 0; round < 6; round += 1) {
      const id = `r-exec-${round}`;
      await store.insert(anApproval(id));
      await store.decide(id, approve(), minutes(5));
      const results = await Promise.all(outcomes.map((outcome, i) => (i % 2 ? peer : store).recordExecution(id, executed(outcome))));
      const firsts = results.filter((r) => r.first);
      expect({ round, firsts: firsts.length }).toEqual({ round, firsts: 1 });
      for (const result of results) expect(result.execution).toEqual(firsts[0].execution);
      expect((await peer.find(id))!.execution).toEqual(firsts[0].execution);
      expect((await store.find(id))!.execution).toEqual(firsts[0].execution);
    }
    expect(await store.listUnexecutedDeletes()).toEqual([]);
  });
}
