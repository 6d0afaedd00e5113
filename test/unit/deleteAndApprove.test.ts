import { ensureAdmin } from '../../src/usecases/roles.js';
import { aNote } from '../support/builders.js';
import { expectKind, makeCore } from '../support/core.js';
import { refusalOf } from '../support/said.js';

async function coreWithNote() {
  const core = makeCore();
  await core.stores.notes.insert(aNote('Old pricing, superseded').id('n-1').build());
  return core;
}

describe('single delete by an admin: confirm step', () => {
  // Table-driven conversation: what the admin answers, and what must hold afterwards.
  test.each([
    { answer: 'confirm', minutesLater: 0, outcome: 'note-deleted', deleted: true },
    { answer: 'cancel', minutesLater: 0, outcome: 'cancelled', deleted: false },
    { answer: 'confirm', minutesLater: 16, error: 'ConfirmationExpired', deleted: false },
    { answer: 'cancel', minutesLater: 16, outcome: 'cancelled', deleted: false },
  ] as const)('$answer after $minutesLater min', async (row) => {
    const core = await coreWithNote();
    const ask = expectKind(await core.run('console:admin', { name: 'delete', noteId: 'n-1', reason: 'dup' }), 'confirm-delete');
    expect(ask.note.id).toBe('n-1');
    expect((await core.stores.notes.findById('n-1'))?.deletedAt).toBeNull(); // nothing deleted before the answer
    core.clock.advanceMinutes(row.minutesLater);
    const answer = core.run('console:admin', { name: row.answer, confirmationId: ask.confirmationId });
    if ('error' in row) await expect(answer).rejects.toMatchObject({ code: row.error });
    else expect((await answer).kind).toBe(row.outcome);
    const note = await core.stores.notes.findById('n-1');
    expect(note?.deletedAt !== null).toBe(row.deleted);
    if (row.deleted) expect(note).toMatchObject({ deletedBy: 'console:admin', deleteReason: 'dup' });
  });

  test('only the admin who asked can answer, and a token acts once', async () => {
    const core = await coreWithNote();
    const ask = expectKind(await core.run('console:admin', { name: 'delete', noteId: 'n-1', reason: null }), 'confirm-delete');
    await expect(core.run('console:admin2', { name: 'confirm', confirmationId: ask.confirmationId })).rejects.toMatchObject({ code: 'NotPermitted' });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => core.run('console:admin', { name: 'confirm', confirmationId: ask.confirmationId })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(core.stores.audit.entries.filter((e) => e.action === 'note.delete')).toHaveLength(1);
  });

  test('an admin demoted between asking and confirming cannot confirm', async () => {
    const core = await coreWithNote();
    await ensureAdmin(core.stores.roles, 'console:admin3', 'console:admin', new Date());
    const ask = expectKind(await core.run('console:admin3', { name: 'delete', noteId: 'n-1', reason: null }), 'confirm-delete');
    await core.run('console:admin', { name: 'roles', change: { kind: 'revoke', actorId: 'console:admin3' } });
    await expect(core.run('console:admin3', { name: 'confirm', confirmationId: ask.confirmationId })).rejects.toMatchObject({ code: 'NotPermitted' });
    expect((await core.stores.notes.findById('n-1'))?.deletedAt).toBeNull();
  });

  test('deleting an already deleted note says so, with who and how to restore', async () => {
    const core = makeCore();
    await core.stores.notes.insert(aNote().id('n-2').deleted('console:bob').build());
    await expect(refusalOf(core.run('console:admin', { name: 'delete', noteId: 'n-2', reason: null }))).resolves.toMatchObject({
      code: 'AlreadyDeleted',
      message: expect.stringMatching(/already deleted \(by console:bob.*restore n-2/),
    });
  });

  test('undo: restore brings the note back exactly', async () => {
    const core = await coreWithNote();
    const before = await core.stores.notes.findById('n-1');
    const ask = expectKind(await core.run('console:admin', { name: 'delete', noteId: 'n-1', reason: null }), 'confirm-delete');
    await core.run('console:admin', { name: 'confirm', confirmationId: ask.confirmationId });
    expectKind(await core.run('console:admin', { name: 'restore', noteId: 'n-1' }), 'note-restored');
    const after = await core.stores.notes.findById('n-1');
    expect({ ...after, updatedAt: null }).toEqual({ ...before, updatedAt: null });
    await expect(core.run('console:admin', { name: 'restore', noteId: 'n-1' })).rejects.toMatchObject({ code: 'NotDeleted' });
  });
});

describe('a member asks, a second admin decides (two-person rule)', () => {
  test('member delete becomes an approval request; approval deletes and is audited', async () => {
    const core = await coreWithNote();
    const asked = expectKind(await core.run('console:mo', { name: 'delete', noteId: 'n-1', reason: 'wrong account' }), 'approval-requested');
    expect(core.events.map((e) => e.type)).toEqual(['approval.requested']);
    expect((await core.stores.notes.findById('n-1'))?.deletedAt).toBeNull();
    const decided = expectKind(await core.run('console:admin', { name: 'approve', requestId: asked.request.id }), 'approval-decided');
    expect(decided.request).toMatchObject({ status: 'approved', decidedBy: 'console:admin' });
    expect(await core.stores.notes.findById('n-1')).toMatchObject({ deletedBy: 'console:mo', deleteReason: 'wrong account' });
    expect(core.events.map((e) => e.type)).toEqual(['approval.requested', 'approval.decided']);
  });

  test('asking twice for the same note files one request', async () => {
    const core = await coreWithNote();
    const first = expectKind(await core.run('console:mo', { name: 'delete', noteId: 'n-1', reason: null }), 'approval-requested');
    const second = expectKind(await core.run('console:mo', { name: 'delete', noteId: 'n-1', reason: null }), 'approval-requested');
    expect(second.request.id).toBe(first.request.id);
    expect(core.stores.approvals.byId.size).toBe(1);
    expect(core.events).toHaveLength(1);
  });

  test('the requester cannot approve their own request', async () => {
    const core = await coreWithNote();
    await core.stores.roles.upsert({ actorId: 'console:mo', role: 'member', grantedBy: 'x', grantedAt: new Date() });
    const asked = expectKind(await core.run('console:mo', { name: 'delete', noteId: 'n-1', reason: null }), 'approval-requested');
    await core.run('console:admin', { name: 'roles', change: { kind: 'grant', actorId: 'console:mo', role: 'admin' } });
    await expect(core.run('console:mo', { name: 'approve', requestId: asked.request.id })).rejects.toMatchObject({ code: 'SelfApproval' });
  });

  test('first decision wins; later deciders are told who decided', async () => {
    const core = await coreWithNote();
    const asked = expectKind(await core.run('console:mo', { name: 'delete', noteId: 'n-1', reason: null }), 'approval-requested');
    const racers = await Promise.allSettled([
      core.run('console:admin', { name: 'approve', requestId: asked.request.id }),
      core.run('console:admin2', { name: 'reject', requestId: asked.request.id, reason: 'keep it' }),
    ]);
    expect(racers.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const stored = await core.stores.approvals.find(asked.request.id);
    await expect(refusalOf(core.run('console:admin2', { name: 'approve', requestId: asked.request.id }))).resolves.toMatchObject({
      code: 'AlreadyDecided',
      message: expect.stringContaining(`already ${stored?.status} by ${stored?.decidedBy}`),
    });
  });

  test('requests expire', async () => {
    const core = await coreWithNote();
    const asked = expectKind(await core.run('console:mo', { name: 'delete', noteId: 'n-1', reason: null }), 'approval-requested');
    core.clock.advanceMinutes(1441);
    expect(expectKind(await core.run('console:admin', { name: 'approvals' }), 'approval-list').requests).toHaveLength(0);
    await expect(core.run('console:admin', { name: 'approve', requestId: asked.request.id })).rejects.toMatchObject({ code: 'ApprovalExpired' });
    expect((await core.stores.approvals.find(asked.request.id))?.status).toBe('expired');
    expect((await core.stores.notes.findById('n-1'))?.deletedAt).toBeNull();
  });
});
