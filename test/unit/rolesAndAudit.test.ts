import { verifyChain } from '../../src/domain/audit.js';
import { ensureAdmin } from '../../src/usecases/roles.js';
import { aNote } from '../support/builders.js';
import { expectKind, makeCore } from '../support/core.js';

describe('roles', () => {
  test('bootstrap admins, default role, grant and revoke', async () => {
    const core = makeCore();
    const listed = expectKind(await core.run('console:admin', { name: 'roles', change: { kind: 'list' } }), 'role-list');
    expect(listed.admins.map((a) => a.actorId)).toEqual(['console:admin', 'console:admin2']);
    expect(listed.defaultRole).toBe('member');

    await core.run('console:admin', { name: 'roles', change: { kind: 'grant', actorId: 'slack:U1', role: 'viewer' } });
    await expect(core.run('slack:U1', { name: 'add', recordId: 'acct-1', body: 'x' })).rejects.toMatchObject({ code: 'NotPermitted' });
    await core.run('console:admin', { name: 'roles', change: { kind: 'grant', actorId: 'slack:U1', role: 'admin' } });
    expectKind(await core.run('slack:U1', { name: 'approvals' }), 'approval-list');
    const revoked = expectKind(await core.run('console:admin', { name: 'roles', change: { kind: 'revoke', actorId: 'slack:U1' } }), 'role-changed');
    expect(revoked).toMatchObject({ role: 'member', previous: 'admin' });
    expect(core.stores.audit.entries.filter((e) => e.action.startsWith('role.')).map((e) => e.action)).toEqual(['role.grant', 'role.grant', 'role.revoke']);
  });

  test('the last admin cannot be removed, by revoke or by a lower grant', async () => {
    const core = makeCore({ rolePolicy: { bootstrapAdmins: [], defaultRole: 'member' } });
    await ensureAdmin(core.stores.roles, 'console:root', 'console:setup', new Date());
    await core.run('console:root', { name: 'roles', change: { kind: 'grant', actorId: 'console:second', role: 'admin' } });
    await core.run('console:root', { name: 'roles', change: { kind: 'revoke', actorId: 'console:second' } });
    await expect(core.run('console:root', { name: 'roles', change: { kind: 'revoke', actorId: 'console:root' } })).rejects.toMatchObject({ code: 'LastAdmin' });
    await expect(core.run('console:root', { name: 'roles', change: { kind: 'grant', actorId: 'console:root', role: 'viewer' } })).rejects.toMatchObject({
      code: 'LastAdmin',
    });
    expect(expectKind(await core.run('console:root', { name: 'roles', change: { kind: 'list' } }), 'role-list').admins).toHaveLength(1);
  });
});

describe('audit', () => {
  test('answers who deleted a note in a bulk plan, who approved it, and what it said', async () => {
    const core = makeCore({ bulkApprovalThreshold: 1 });
    for (const body of ['Renewal call went well #x', 'Second #x']) await core.stores.notes.insert(aNote(body).on('acct-7').build());
    const target = (await core.stores.notes.matchIds({ state: 'live', recordId: 'acct-7' }, 10))[1];
    const preview = expectKind(await core.run('console:admin', { name: 'bulk-delete', filter: { recordId: 'acct-7' }, filterText: 'record:acct-7' }), 'confirm-plan');
    const asked = expectKind(await core.run('console:admin', { name: 'confirm', confirmationId: preview.confirmationId }), 'approval-requested');
    await core.run('console:admin2', { name: 'approve', requestId: asked.request.id });

    const history = expectKind(await core.run('console:admin', { name: 'audit', request: { kind: 'note', noteId: target } }), 'audit-entries');
    const actions = history.entries.map((e) => `${e.action} by ${e.actorId}`);
    expect(actions).toEqual(
      expect.arrayContaining(['plan.create by console:admin', 'approval.request by console:admin', 'approval.approve by console:admin2', 'plan.execute by console:admin2']),
    );
    expect(history.notes[0]).toMatchObject({ id: target, body: 'Renewal call went well #x', deletedBy: 'console:admin' });
  });

  test('the chain verifies, and any tampering shows', async () => {
    const core = makeCore();
    for (let i = 0; i < 5; i += 1) await core.run('console:admin', { name: 'add', recordId: 'acct-1', body: `note ${i}` });
    expect(expectKind(await core.run('console:admin', { name: 'audit', request: { kind: 'verify' } }), 'audit-verified').verdict).toEqual({ ok: true, checked: 5 });

    core.stores.audit.entries[2].details.body = 'rewritten history';
    const verdict = await verifyChain(core.stores.audit.entries);
    expect(verdict).toMatchObject({ ok: false, brokenAt: 3, checked: 2 });

    core.stores.audit.entries.splice(2, 1); // a deleted entry breaks the sequence
    expect(await verifyChain(core.stores.audit.entries)).toMatchObject({ ok: false, brokenAt: 4 });
  });
});

describe('notes', () => {
  test('add validates input and extracts tags; list pages newest first; show hides the trash from non-admins', async () => {
    const core = makeCore();
    await expect(core.run('console:mo', { name: 'add', recordId: 'bad id!', body: 'x' })).rejects.toMatchObject({ code: 'BadInput', usage: 'add' });
    await expect(core.run('console:mo', { name: 'add', recordId: 'acct-1', body: '   ' })).rejects.toMatchObject({ code: 'BadInput' });
    await expect(core.run('console:mo', { name: 'add', recordId: 'acct-1', body: 'x'.repeat(4001) })).rejects.toMatchObject({ code: 'InputTooLong' });
    const added = expectKind(await core.run('console:mo', { name: 'add', recordId: 'acct-1', body: 'Met #Renewal team, #renewal again #Q4' }), 'note-added');
    expect(added.note.tags).toEqual(['renewal', 'q4']);

    for (let i = 0; i < 23; i += 1) {
      core.clock.advanceMinutes(1);
      await core.run('console:mo', { name: 'add', recordId: 'acct-2', body: `n${i}` });
    }
    const page1 = expectKind(await core.run('console:mo', { name: 'list', filter: { recordId: 'acct-2' }, filterText: 'record:acct-2', page: { page: 1 } }), 'note-list');
    expect(page1).toMatchObject({ seen: 10, page: 1, previous: null });
    expect(page1.next).toMatch(/^2,a/);
    expect(page1.notes.map((n) => n.body)).toEqual(['n22', 'n21', 'n20', 'n19', 'n18', 'n17', 'n16', 'n15', 'n14', 'n13']);
    const page9 = expectKind(await core.run('console:mo', { name: 'list', filter: { recordId: 'acct-2' }, filterText: '', page: { page: 9 } }), 'note-list');
    // A typed page past the end is clamped to the last page, which knows the exact total.
    expect(page9).toMatchObject({ page: 3, seen: 23, next: null });
    expect(page9.notes.map((n) => n.body)).toEqual(['n2', 'n1', 'n0']);

    await core.stores.notes.insert(aNote().id('n-gone').deleted().build());
    await expect(core.run('console:mo', { name: 'show', noteId: 'n-gone' })).rejects.toMatchObject({ code: 'NoteNotFound' });
    expectKind(await core.run('console:admin', { name: 'show', noteId: 'n-gone' }), 'note');
  });
});
