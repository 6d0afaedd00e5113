import { noteEffectsJob } from '../../jobs/noteEffects.js';
import { InMemoryNotePurger } from '../support/memory.js';
import type { JobsContext } from '../../jobs/handlers.js';
import type { AuditEntry } from '../../src/domain/audit.js';
import { carryOutApprovedDeletes } from '../../src/usecases/approvedDeletes.js';
import { minutesFrom } from '../../src/usecases/context.js';
import { carryOutPendingEffects } from '../../src/usecases/noteEffects.js';
import { PlanRuns, type PlanRunHooks } from '../../src/usecases/planRunner.js';
import { aNote } from '../support/builders.js';
import { expectKind, makeCore } from '../support/core.js';

/**
 * An approved single-note delete whose process died between the stored decision and the delete
 * (a crash point that throws stands in for the kill): the reconciler carries it out once, in the
 * approver's name, and records on the request what became of it.
 */
async function setUp(hooks: PlanRunHooks = {}) {
  const core = makeCore();
  core.deps.runs = new PlanRuns(hooks);
  const note = aNote('call notes for the wrong account').on('acct-ap').build();
  await core.stores.notes.insert(note);
  const asked = expectKind(await core.run('console:mo', { name: 'delete', noteId: note.id, reason: 'wrong account' }), 'approval-requested');
  const requestId = asked.request.id;
  const approve = () => core.run('console:admin', { name: 'approve', requestId });
  const entries = async (action: string): Promise<AuditEntry[]> => (await core.stores.audit.query({ limit: 100 })).filter((e) => e.action === action);
  const decidedEvents = () => core.events.filter((e) => e.type === 'approval.decided');
  return { core, note, requestId, approve, entries, decidedEvents };
}

const crashAfterDecision: PlanRunHooks = {
  approvalDecided() {
    throw new Error('crash after the decision');
  },
};

test('decided, then a crash before the delete: the reconciler deletes it once as the approver, audits once, tells once', async () => {
  const { core, note, requestId, approve, entries, decidedEvents } = await setUp(crashAfterDecision);
  await expect(approve()).rejects.toThrow('crash after the decision');
  expect(await core.stores.approvals.find(requestId)).toMatchObject({ status: 'approved', decidedBy: 'console:admin' });
  expect((await core.stores.notes.findById(note.id))!.deletedAt).toBeNull();
  expect(decidedEvents()).toEqual([]);
  expect((await core.stores.approvals.listUnexecutedDeletes()).map((r) => r.id)).toEqual([requestId]);

  core.clock.advanceMinutes(5); // the restart
  expect(await carryOutApprovedDeletes(core.deps)).toBe(1);
  expect(await core.stores.notes.findById(note.id)).toMatchObject({ deletedBy: 'console:mo', deleteReason: 'wrong account', deletedAt: core.clock.now() });
  const deletes = await entries('note.delete');
  expect(deletes).toHaveLength(1);
  expect(deletes[0]).toMatchObject({ actorId: 'console:admin', details: { requestedBy: 'console:mo', approvalId: requestId, reason: 'wrong account' } });
  expect(await entries('approval.approve')).toHaveLength(1);
  expect(decidedEvents()).toEqual([expect.objectContaining({ outcome: 'approved', request: expect.objectContaining({ id: requestId }) })]);
  expect((await core.stores.approvals.find(requestId))!.execution).toEqual({ outcome: 'deleted', at: core.clock.now(), recovered: true });

  // A second run (the next minute, another instance) finds nothing owed and writes nothing.
  expect(await carryOutApprovedDeletes(core.deps)).toBe(0);
  expect(await entries('note.delete')).toHaveLength(1);
  expect(decidedEvents()).toHaveLength(1);
});

test('crash after the approved delete, before its audit: the effect is audited once and the request recorded as deleted, not deleted twice', async () => {
  const { core, note, requestId, approve, entries } = await setUp({
    effectPending() {
      throw new Error('crash after the delete');
    },
  });
  await expect(approve()).rejects.toThrow('crash after the delete');
  const deletedAt = (await core.stores.notes.findById(note.id))!.deletedAt;
  expect(deletedAt).toEqual(core.clock.now());
  core.clock.advanceMinutes(5);
  expect(await carryOutPendingEffects(core.deps)).toBe(1);
  expect(await carryOutApprovedDeletes(core.deps)).toBe(1);
  expect((await core.stores.notes.findById(note.id))!.deletedAt).toEqual(deletedAt);
  expect(await entries('note.delete')).toEqual([expect.objectContaining({ actorId: 'console:admin', details: expect.objectContaining({ approvalId: requestId }) })]);
  expect((await core.stores.approvals.find(requestId))!.execution).toMatchObject({ outcome: 'deleted', recovered: true });
});

test('deleted meanwhile by another admin: not deleted again, recorded as already deleted', async () => {
  const { core, note, requestId, approve, entries } = await setUp(crashAfterDecision);
  await expect(approve()).rejects.toThrow();
  core.clock.advanceMinutes(1);
  const ask = expectKind(await core.run('console:admin2', { name: 'delete', noteId: note.id, reason: 'mine' }), 'confirm-delete');
  await core.run('console:admin2', { name: 'confirm', confirmationId: ask.confirmationId });
  expect(await carryOutApprovedDeletes(core.deps)).toBe(1);
  expect(await core.stores.notes.findById(note.id)).toMatchObject({ deletedBy: 'console:admin2', deleteReason: 'mine' });
  expect(await entries('note.delete')).toEqual([expect.objectContaining({ actorId: 'console:admin2' })]);
  expect((await core.stores.approvals.find(requestId))!.execution).toMatchObject({ outcome: 'already-deleted' });
});

test('live again and changed since the decision (deleted and restored): left live, recorded as changed', async () => {
  const { core, note, requestId, approve } = await setUp(crashAfterDecision);
  await expect(approve()).rejects.toThrow();
  core.clock.advanceMinutes(1);
  const ask = expectKind(await core.run('console:admin2', { name: 'delete', noteId: note.id, reason: null }), 'confirm-delete');
  await core.run('console:admin2', { name: 'confirm', confirmationId: ask.confirmationId });
  expectKind(await core.run('console:admin2', { name: 'restore', noteId: note.id }), 'note-restored');
  expect(await carryOutApprovedDeletes(core.deps)).toBe(1);
  expect((await core.stores.notes.findById(note.id))!.deletedAt).toBeNull();
  expect((await core.stores.approvals.find(requestId))!.execution).toMatchObject({ outcome: 'changed' });
});

test('purged meanwhile: recorded as gone', async () => {
  const { core, note, requestId, approve } = await setUp(crashAfterDecision);
  await expect(approve()).rejects.toThrow();
  core.stores.notes.byId.delete(note.id);
  expect(await carryOutApprovedDeletes(core.deps)).toBe(1);
  expect((await core.stores.approvals.find(requestId))!.execution).toMatchObject({ outcome: 'gone' });
});

test('the periodic run leaves a decision younger than its grace to the decider', async () => {
  const { core, note, approve } = await setUp(crashAfterDecision);
  await expect(approve()).rejects.toThrow();
  expect(await carryOutApprovedDeletes(core.deps, { decidedBefore: minutesFrom(core.clock.now(), -1) })).toBe(0);
  expect((await core.stores.notes.findById(note.id))!.deletedAt).toBeNull();
  core.clock.advanceMinutes(2);
  expect(await carryOutApprovedDeletes(core.deps, { decidedBefore: minutesFrom(core.clock.now(), -1) })).toBe(1);
  expect((await core.stores.notes.findById(note.id))!.deletedAt).not.toBeNull();
});

test('the notes:effects job carries out an approved delete once the decision is a minute old', async () => {
  const { core, note, requestId, approve } = await setUp(crashAfterDecision);
  await expect(approve()).rejects.toThrow();
  // The job reads only the core's ports and the purger; the rest of its context is not used.
  const job = noteEffectsJob({ deps: core.deps, backups: { purger: new InMemoryNotePurger(core.stores.notes) } } as unknown as JobsContext);
  await job.run();
  expect((await core.stores.notes.findById(note.id))!.deletedAt).toBeNull();
  core.clock.advanceMinutes(2);
  await job.run();
  expect((await core.stores.notes.findById(note.id))!.deletedAt).not.toBeNull();
  expect((await core.stores.approvals.find(requestId))!.execution).toMatchObject({ outcome: 'deleted', recovered: true });
});

test('an approval carried out live records its execution: nothing is left for the reconciler', async () => {
  const { core, requestId, approve, decidedEvents } = await setUp();
  expectKind(await approve(), 'approval-decided');
  expect((await core.stores.approvals.find(requestId))!.execution).toEqual({ outcome: 'deleted', at: core.clock.now(), recovered: false });
  expect(await core.stores.approvals.listUnexecutedDeletes()).toEqual([]);
  expect(await carryOutApprovedDeletes(core.deps)).toBe(0);
  expect(decidedEvents()).toHaveLength(1);
});
