import type { AuditEntry } from '../../src/domain/audit.js';
import type { Note } from '../../src/domain/note.js';
import type { EffectChange } from '../../src/domain/noteEffect.js';
import type { CrmChangeFeed } from '../../src/ports/crm.js';
import { carryOutPendingEffects } from '../../src/usecases/noteEffects.js';
import { PlanRuns } from '../../src/usecases/planRunner.js';
import { aNote } from '../support/builders.js';
import { expectKind, makeCore } from '../support/core.js';

/**
 * Single-note deletes and restores write their audit and CRM entries ahead, with the change: a
 * crash between the change and its entries (simulated here by a crash point that throws) leaves
 * them pending, and the reconciler writes each exactly once, as the person who made the change.
 */
class RecordingFeed implements CrmChangeFeed {
  readonly calls: Array<{ change: string; ids: string[]; eventKey: string }> = [];
  failFor: string | null = null;
  async notesChanged(change: 'delete' | 'restore', notes: readonly Note[], eventKey: string) {
    if (notes.some((n) => n.id === this.failFor)) throw new Error('CRM outbox unreachable');
    this.calls.push({ change, ids: notes.map((n) => n.id), eventKey });
  }
}

function setUp(crashOn: EffectChange[] = []) {
  const core = makeCore();
  const feed = new RecordingFeed();
  core.deps.crm = feed;
  core.deps.runs = new PlanRuns({
    effectPending(change) {
      if (crashOn.includes(change)) throw new Error(`crash after the ${change}`);
    },
  });
  const add = async (body: string) => {
    const note = aNote(body).on('acct-fx').build();
    await core.stores.notes.insert(note);
    return note;
  };
  const deleteConfirmed = async (noteId: string, reason: string) => {
    const asked = expectKind(await core.run('console:admin', { name: 'delete', noteId, reason }), 'confirm-delete');
    return core.run('console:admin', { name: 'confirm', confirmationId: asked.confirmationId });
  };
  const entries = async (action: string): Promise<AuditEntry[]> =>
    (await core.stores.audit.query({ limit: 100 })).filter((e) => e.action === action).reverse();
  return { core, feed, add, deleteConfirmed, entries };
}

test('a delete cut off after the change: deleted, unaudited, unsent; the reconciler audits it once as its actor and sends it once', async () => {
  const { core, feed, add, deleteConfirmed, entries } = setUp(['delete']);
  const note = await add('duplicate of another note');
  const deletedAt = core.clock.now();
  await expect(deleteConfirmed(note.id, 'duplicate')).rejects.toThrow('crash after the delete');
  expect((await core.stores.notes.findById(note.id))!.deletedAt).toEqual(deletedAt);
  expect(await entries('note.delete')).toEqual([]);
  expect(feed.calls).toEqual([]);

  core.clock.advanceMinutes(30); // the restart comes later; the entry keeps the time of the delete
  expect(await carryOutPendingEffects(core.deps)).toBe(1);
  const [entry, ...more] = await entries('note.delete');
  expect(more).toEqual([]);
  expect(entry).toMatchObject({ actorId: 'console:admin', at: deletedAt, targetIds: [note.id, 'acct-fx'], details: { reason: 'duplicate', body: note.body, recordId: 'acct-fx' } });
  expect(feed.calls).toEqual([{ change: 'delete', ids: [note.id], eventKey: expect.stringMatching(/^e-/) }]);

  expect(await carryOutPendingEffects(core.deps)).toBe(0);
  expect(await entries('note.delete')).toHaveLength(1);
  expect(feed.calls).toHaveLength(1);
  expect(await core.stores.notes.pendingEffects(null, 10)).toEqual([]);
});

test('an effect replayed after its entries were written (a crash before it was forgotten) writes nothing twice', async () => {
  const { core, feed, add, deleteConfirmed, entries } = setUp();
  const note = await add('replayed');
  const settle = core.stores.notes.settleEffect.bind(core.stores.notes);
  core.stores.notes.settleEffect = async () => {
    throw new Error('crash before forgetting the effect');
  };
  // The person is told the truth: the note is deleted; the leftover effect is bookkeeping.
  expectKind(await deleteConfirmed(note.id, 'old'), 'note-deleted');
  core.stores.notes.settleEffect = settle;
  expect(await core.stores.notes.pendingEffects(null, 10)).toHaveLength(1);

  expect(await carryOutPendingEffects(core.deps)).toBe(1);
  expect(await entries('note.delete')).toHaveLength(1);
  // The outbox is keyed by the event key: the repeat names the same entry, which stores it once.
  expect(feed.calls.map((c) => c.eventKey)).toEqual([feed.calls[0].eventKey, feed.calls[0].eventKey]);
  expect(await core.stores.notes.pendingEffects(null, 10)).toEqual([]);
});

test('an approved delete cut off: audited as the approver, naming the requester and the approval', async () => {
  const { core, add, entries } = setUp(['delete']);
  const note = await add('asked for by a member');
  const asked = expectKind(await core.run('console:member', { name: 'delete', noteId: note.id, reason: 'wrong account' }), 'approval-requested');
  await expect(core.run('console:admin', { name: 'approve', requestId: asked.request.id })).rejects.toThrow('crash after the delete');
  expect((await core.stores.notes.findById(note.id))!.deletedBy).toBe('console:member');

  await carryOutPendingEffects(core.deps);
  expect(await entries('note.delete')).toEqual([
    expect.objectContaining({
      actorId: 'console:admin',
      details: expect.objectContaining({ reason: 'wrong account', requestedBy: 'console:member', approvalId: asked.request.id }),
    }),
  ]);
});

test('a delete and a restore both cut off: carried out in the order they happened', async () => {
  const { core, feed, add, deleteConfirmed, entries } = setUp(['delete', 'restore']);
  const note = await add('back and forth');
  await expect(deleteConfirmed(note.id, 'oops')).rejects.toThrow();
  core.clock.advanceMinutes(1);
  await expect(core.run('console:admin', { name: 'restore', noteId: note.id })).rejects.toThrow('crash after the restore');
  expect((await core.stores.notes.findById(note.id))!.deletedAt).toBeNull();

  expect(await carryOutPendingEffects(core.deps)).toBe(2);
  const audited = (await core.stores.audit.query({ limit: 100 })).filter((e) => e.targetIds.includes(note.id)).reverse();
  expect(audited.map((e) => e.action)).toEqual(['note.delete', 'note.restore']);
  expect(feed.calls.map((c) => c.change)).toEqual(['delete', 'restore']);
  expect(await entries('note.restore')).toHaveLength(1);
});

test('a failing effect stays pending, holds back no other note, and is carried out once it can be', async () => {
  const { core, feed, add, deleteConfirmed, entries } = setUp();
  const stuck = await add('its CRM entry fails');
  const fine = await add('goes through');
  feed.failFor = stuck.id;
  expectKind(await deleteConfirmed(stuck.id, 'x'), 'note-deleted');
  expectKind(await deleteConfirmed(fine.id, 'y'), 'note-deleted');
  expect((await entries('note.delete')).map((e) => e.targetIds[0])).toEqual([fine.id]);
  expect(await carryOutPendingEffects(core.deps)).toBe(0);
  expect((await core.stores.notes.pendingEffects(null, 10)).map((p) => p.note.id)).toEqual([stuck.id]);

  feed.failFor = null;
  expect(await carryOutPendingEffects(core.deps)).toBe(1);
  expect((await entries('note.delete')).map((e) => e.targetIds[0]).sort()).toEqual([fine.id, stuck.id].sort());
});
