import { jest } from '@jest/globals';
import type { DeletionMark } from '../../src/ports/notes.js';
import { toActor } from '../../src/domain/actor.js';
import { recordDecision } from '../../src/usecases/approvals.js';
import { resumeInterruptedPlans } from '../../src/usecases/resumePlans.js';
import { aNote } from '../support/builders.js';
import { expectKind, makeCore } from '../support/core.js';
import { expectAuditedOnce } from '../support/planAudit.js';

async function seed(core: ReturnType<typeof makeCore>, count: number, recordId = 'acct-9') {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const note = aNote(`import row ${i} #import`).on(recordId).build();
    await core.stores.notes.insert(note);
    ids.push(note.id);
  }
  return ids;
}

const bulk = (filterText: string, recordId: string) =>
  ({ name: 'bulk-delete', filter: { recordId }, filterText }) as const;

describe('bulk delete', () => {
  test('refuses an empty filter and a plan over BULK_MAX, changing nothing', async () => {
    const core = makeCore({ bulkMax: 5 });
    await seed(core, 6);
    await expect(core.run('console:admin', { name: 'bulk-delete', filter: {}, filterText: '' })).rejects.toMatchObject({ code: 'EmptyFilter' });
    await expect(core.run('console:admin', { name: 'bulk-delete', filter: { text: ['  '] }, filterText: '" "' })).rejects.toMatchObject({
      code: 'EmptyFilter',
    });
    await expect(core.run('console:admin', bulk('record:acct-9', 'acct-9'))).rejects.toMatchObject({ code: 'PlanTooLarge' });
    expect(core.stores.plans.byId.size).toBe(0);
    expect(await core.stores.notes.count({ state: 'live' })).toBe(6);
  });

  test('below the threshold: preview, confirm, snapshot first, then exact counts and undo', async () => {
    const core = makeCore();
    const ids = await seed(core, 12);
    const preview = expectKind(await core.run('console:admin', bulk('record:acct-9', 'acct-9')), 'confirm-plan');
    expect(preview.plan.noteIds).toHaveLength(12);
    expect(preview.sample.map((n) => n.id)).toEqual(preview.plan.noteIds.slice(0, 5));
    expect(preview.needsApproval).toBe(false);
    expect(await core.stores.notes.count({ state: 'live' })).toBe(12); // preview deletes nothing

    const done = expectKind(await core.run('console:admin', { name: 'confirm', confirmationId: preview.confirmationId }), 'plan-executed');
    expect(done.plan).toMatchObject({ status: 'done', deletedCount: 12, skippedCount: 0 });
    expect(core.snapshots.snapshots).toHaveLength(1);
    expect(core.snapshots.snapshots[0].notes.map((n) => n.id).sort()).toEqual([...ids].sort());
    expect(core.snapshots.snapshots[0].notes.every((n) => n.deletedAt === null)).toBe(true); // before-images

    const undone = expectKind(await core.run('console:admin', { name: 'undo', planId: done.plan.id }), 'plan-undone');
    expect(undone.restored).toBe(12);
    expect(await core.stores.notes.count({ state: 'live' })).toBe(12);
  });

  test('the plan is frozen at preview: later notes untouched, deleted or changed ones skipped and reported', async () => {
    const core = makeCore();
    const ids = await seed(core, 10);
    const preview = expectKind(await core.run('console:admin', bulk('record:acct-9', 'acct-9')), 'confirm-plan');
    core.clock.advanceMinutes(1);
    const late = aNote('arrived after the preview').on('acct-9').at(core.clock.now()).build();
    await core.stores.notes.insert(late);
    await core.stores.notes.softDelete(ids[0], { deletedAt: core.clock.now(), deletedBy: 'console:bob', reason: null, planId: null });
    await core.stores.notes.softDelete(ids[1], { deletedAt: core.clock.now(), deletedBy: 'console:bob', reason: null, planId: null });
    await core.stores.notes.restore(ids[1], core.clock.now()); // deleted and restored: changed since the preview

    const done = expectKind(await core.run('console:admin', { name: 'confirm', confirmationId: preview.confirmationId }), 'plan-executed');
    expect(done.plan).toMatchObject({ deletedCount: 8, skippedCount: 2 });
    expect((await core.stores.notes.findById(late.id))?.deletedAt).toBeNull();
    expect((await core.stores.notes.findById(ids[1]))?.deletedAt).toBeNull();
  });

  test('above the threshold a second admin must approve; rejection deletes nothing', async () => {
    const core = makeCore({ bulkApprovalThreshold: 3 });
    await seed(core, 4, 'acct-a');
    await seed(core, 4, 'acct-b');
    for (const [recordId, decision] of [['acct-a', 'approve'], ['acct-b', 'reject']] as const) {
      const preview = expectKind(await core.run('console:admin', bulk(`record:${recordId}`, recordId)), 'confirm-plan');
      expect(preview.needsApproval).toBe(true);
      const asked = expectKind(await core.run('console:admin', { name: 'confirm', confirmationId: preview.confirmationId }), 'approval-requested');
      expect(await core.stores.notes.count({ state: 'live', recordId })).toBe(4);
      await expect(core.run('console:admin', { name: 'approve', requestId: asked.request.id })).rejects.toMatchObject({ code: 'SelfApproval' });
      const decided = expectKind(
        await core.run('console:admin2', decision === 'approve' ? { name: 'approve', requestId: asked.request.id } : { name: 'reject', requestId: asked.request.id, reason: 'no' }),
        'approval-decided',
      );
      const plan = await core.stores.plans.find(preview.plan.id);
      if (decision === 'approve') {
        expect(expectKind(decided.result!, 'plan-executed').plan.deletedCount).toBe(4);
        expect(plan?.status).toBe('done');
      } else {
        expect(plan?.status).toBe('rejected');
        expect(await core.stores.notes.count({ state: 'live', recordId })).toBe(4);
      }
    }
  });

  test('a crash between the approval and the plan: the next start carries the decision out, audited once', async () => {
    const core = makeCore({ bulkApprovalThreshold: 3 });
    await seed(core, 4, 'acct-a');
    await seed(core, 4, 'acct-b');
    await seed(core, 4, 'acct-c');
    const requests: Record<string, string> = {};
    for (const recordId of ['acct-a', 'acct-b', 'acct-c']) {
      const preview = expectKind(await core.run('console:admin', bulk(`record:${recordId}`, recordId)), 'confirm-plan');
      const asked = expectKind(await core.run('console:admin', { name: 'confirm', confirmationId: preview.confirmationId }), 'approval-requested');
      requests[recordId] = asked.request.id;
    }
    // What the deciders' processes got done before they died: the claimed decisions, nothing more.
    const at = core.deps.clock.now();
    await core.stores.approvals.decide(requests['acct-a'], { status: 'approved', decidedBy: 'console:admin2', decidedAt: at, reason: null }, at);
    await core.stores.approvals.decide(requests['acct-b'], { status: 'rejected', decidedBy: 'console:admin2', decidedAt: at, reason: 'no' }, at);
    // acct-c's decider got as far as the audit entry.
    const decidedC = await core.stores.approvals.decide(requests['acct-c'], { status: 'approved', decidedBy: 'console:admin2', decidedAt: at, reason: null }, at);
    await recordDecision(core.deps, { actor: toActor('console:admin2'), origin: { platform: 'console' } }, decidedC!);

    for (let start = 0; start < 2; start += 1) await resumeInterruptedPlans(core.deps);

    expect(await core.stores.notes.count({ state: 'live', recordId: 'acct-a' })).toBe(0);
    expect(await core.stores.notes.count({ state: 'live', recordId: 'acct-b' })).toBe(4);
    expect(await core.stores.notes.count({ state: 'live', recordId: 'acct-c' })).toBe(0);
    const plans = [...core.stores.plans.byId.values()];
    expect(plans.map((p) => [p.filterText, p.status]).sort()).toEqual([
      ['record:acct-a', 'done'],
      ['record:acct-b', 'rejected'],
      ['record:acct-c', 'done'],
    ]);
    // One decision entry per request, in the decider's name, however many starts repaired it.
    const decisions = core.stores.audit.entries.filter((e) => e.action === 'approval.approve' || e.action === 'approval.reject');
    expect(decisions.map((e) => [e.action, e.actorId, e.targetIds[0]]).sort()).toEqual(
      [
        ['approval.approve', 'console:admin2', requests['acct-a']],
        ['approval.reject', 'console:admin2', requests['acct-b']],
        ['approval.approve', 'console:admin2', requests['acct-c']],
      ].sort(),
    );
  });

  test('a plan whose approval expired can never run', async () => {
    const core = makeCore({ bulkApprovalThreshold: 1 });
    await seed(core, 2);
    const preview = expectKind(await core.run('console:admin', bulk('record:acct-9', 'acct-9')), 'confirm-plan');
    const asked = expectKind(await core.run('console:admin', { name: 'confirm', confirmationId: preview.confirmationId }), 'approval-requested');
    core.clock.advanceMinutes(1441);
    await expect(core.run('console:admin2', { name: 'approve', requestId: asked.request.id })).rejects.toMatchObject({ code: 'ApprovalExpired' });
    expect((await core.stores.plans.find(preview.plan.id))?.status).toBe('expired');
    expect(await core.stores.notes.count({ state: 'live' })).toBe(2);
  });

  test('concurrent confirms of the same plan act once', async () => {
    const core = makeCore();
    await seed(core, 15);
    const preview = expectKind(await core.run('console:admin', bulk('record:acct-9', 'acct-9')), 'confirm-plan');
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => core.run('console:admin', { name: 'confirm', confirmationId: preview.confirmationId })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(core.snapshots.snapshots).toHaveLength(1);
    expect(core.stores.audit.entries.filter((e) => e.action === 'plan.execute' && e.details.finished)).toHaveLength(1);
    expect((await core.stores.plans.find(preview.plan.id))?.deletedCount).toBe(15);
  });

  test('a crash mid-plan resumes from the stored cursor with exact counts, deleting nothing twice', async () => {
    const core = makeCore({ batchSize: 4 });
    await seed(core, 18);
    const preview = expectKind(await core.run('console:admin', bulk('record:acct-9', 'acct-9')), 'confirm-plan');
    // Simulate a crash after the third batch's delete but before its effect is recorded.
    const realRecord = core.stores.plans.recordBatch.bind(core.stores.plans);
    let calls = 0;
    core.stores.plans.recordBatch = async (...args) => {
      calls += 1;
      if (calls === 3) throw new Error('process killed');
      return realRecord(...args);
    };
    await expect(core.run('console:admin', { name: 'confirm', confirmationId: preview.confirmationId })).rejects.toThrow('process killed');
    core.stores.plans.recordBatch = realRecord;
    const crashed = await core.stores.plans.find(preview.plan.id);
    expect(crashed).toMatchObject({ status: 'executing', cursor: 8 });

    const softDeleteMany = jest.spyOn(core.stores.notes, 'softDeleteMany');
    const [resumed] = await resumeInterruptedPlans(core.deps);
    expect(resumed).toMatchObject({ status: 'done', cursor: 18, deletedCount: 18, skippedCount: 0 });
    expect(softDeleteMany.mock.calls.map((call) => (call[2] as DeletionMark).planId)).toEqual(Array(3).fill(preview.plan.id));
    // Batches follow the ids in sorted order (narrow id ranges for the store), so the stored
    // cursor names the same position after the crash: the rest of the sorted ids, once each.
    const sorted = [...preview.plan.noteIds].sort();
    expect(softDeleteMany.mock.calls.flatMap((call) => [...(call[0] as string[])])).toEqual(sorted.slice(8));
    expect(core.snapshots.snapshots).toHaveLength(1); // the snapshot written before the crash is reused
    expect(await core.stores.notes.count({ state: 'live', recordId: 'acct-9' })).toBe(0);
    // Running the finished plan again deletes and counts nothing more.
    expect(await resumeInterruptedPlans(core.deps)).toEqual([]);
    expectAuditedOnce(core, 'plan.execute', preview.plan.noteIds);
  });

  test('delete-selected makes a plan over exactly the ticked live notes', async () => {
    const core = makeCore();
    const ids = await seed(core, 5);
    await core.stores.notes.softDelete(ids[4], { deletedAt: core.clock.now(), deletedBy: 'x', reason: null, planId: null });
    const preview = expectKind(await core.run('console:admin', { name: 'delete-selected', noteIds: [ids[1], ids[3], ids[4], ids[1]] }), 'confirm-plan');
    expect(preview.plan.noteIds).toEqual([ids[1], ids[3]]);
  });

  test('undo only applies to finished plans', async () => {
    const core = makeCore();
    await seed(core, 2);
    const preview = expectKind(await core.run('console:admin', bulk('record:acct-9', 'acct-9')), 'confirm-plan');
    await expect(core.run('console:admin', { name: 'undo', planId: preview.plan.id })).rejects.toMatchObject({ code: 'BadInput' });
    await expect(core.run('console:admin', { name: 'undo', planId: 'p-nope' })).rejects.toMatchObject({ code: 'PlanNotFound' });
  });
});
