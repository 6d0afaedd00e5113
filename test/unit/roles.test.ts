import { loadConfig } from '../../adapters/config.js';
import { isNotesError } from '../../src/domain/errors.js';
import { ensureAdmin } from '../../src/usecases/roles.js';
import { expectKind, makeCore } from '../support/core.js';
import { refusalOf, said } from '../support/said.js';

// makeCore's NOTES_ADMINS are console:admin and console:admin2; DEFAULT_ROLE is member.
const revoke = (actorId: string) => ({ name: 'roles' as const, change: { kind: 'revoke' as const, actorId } });
const grant = (actorId: string, role: 'viewer' | 'member' | 'admin') => ({ name: 'roles' as const, change: { kind: 'grant' as const, actorId, role } });

describe('NOTES_ADMINS: admins for as long as they are listed', () => {
  test('a revoke or a lower grant of a listed admin is refused, says so, and changes nothing', async () => {
    const core = makeCore();
    for (const command of [revoke('console:admin2'), grant('console:admin2', 'viewer')]) {
      const error = await core.run('console:admin', command).catch((e: unknown) => e);
      expect(isNotesError(error, 'ListedAdmin')).toBe(true);
      expect(said(error)).toBe('console:admin2 is listed in NOTES_ADMINS and stays an admin for as long as it is listed there.');
    }
    expect(core.stores.audit.entries).toEqual([]);
    expectKind(await core.run('console:admin2', { name: 'approvals' }), 'approval-list');
  });

  test('a stored lower grant never overrides the listing', async () => {
    const core = makeCore();
    await core.stores.roles.upsert({ actorId: 'console:admin', role: 'viewer', grantedBy: 'console:old', grantedAt: new Date() });
    expectKind(await core.run('console:admin', { name: 'approvals' }), 'approval-list');
    const listed = expectKind(await core.run('console:admin', { name: 'roles', change: { kind: 'list' } }), 'role-list');
    expect(listed.admins.map((a) => a.actorId)).toEqual(['console:admin', 'console:admin2']);
    expect(listed.others).toEqual([]);
  });

  test('a listed admin keeps the last-admin rule satisfied: the only granted admin may go', async () => {
    const core = makeCore({ rolePolicy: { bootstrapAdmins: ['console:admin'], defaultRole: 'member' } });
    await core.run('console:admin', grant('slack:U1', 'admin'));
    const changed = expectKind(await core.run('console:admin', revoke('slack:U1')), 'role-changed');
    expect(changed).toMatchObject({ role: 'member', previous: 'admin' });
    expect(core.stores.audit.entries.map((e) => [e.action, e.details.adminSetVersion])).toEqual([
      ['role.grant', 1],
      ['role.revoke', 2],
    ]);
  });
});

describe('reserved system actors', () => {
  test.each([grant('system:scheduler', 'admin'), grant('system:import', 'viewer'), revoke('system:expiry')])('roles $change.kind of $change.actorId is refused', async (command) => {
    const core = makeCore();
    await expect(refusalOf(core.run('console:admin', command))).resolves.toMatchObject({
      code: 'ReservedActor',
      message: `${command.change.actorId} is reserved for the bot itself: no person can be granted a role as one.`,
    });
    expect(core.stores.audit.entries).toEqual([]);
    expect(await core.stores.roles.list()).toEqual([]);
  });

  test('no command runs as a system actor, whatever role it would have', async () => {
    const core = makeCore({ rolePolicy: { bootstrapAdmins: ['console:admin'], defaultRole: 'admin' } });
    await expect(core.run('system:scheduler', { name: 'approvals' })).rejects.toMatchObject({ code: 'ReservedActor' });
    await expect(core.run('system:scheduler', grant('console:x', 'admin'))).rejects.toMatchObject({ code: 'ReservedActor' });
    expect(core.stores.audit.entries).toEqual([]);
  });

  test('ensureAdmin refuses them too', async () => {
    const core = makeCore();
    await expect(ensureAdmin(core.stores.roles, 'system:demo', 'console:admin', new Date())).rejects.toMatchObject({ code: 'ReservedActor' });
  });
});

describe('DEFAULT_ROLE=admin', () => {
  const core = () => makeCore({ rolePolicy: { bootstrapAdmins: ['console:admin'], defaultRole: 'admin' } });

  test('a revoke is refused: it would make the person an admin', async () => {
    const c = core();
    await c.run('console:admin', grant('slack:U1', 'viewer'));
    await expect(refusalOf(c.run('console:admin', revoke('slack:U1')))).resolves.toMatchObject({
      code: 'BadInput',
      message: 'DEFAULT_ROLE is admin, so a revoke would leave slack:U1 an admin; grant member or viewer instead.',
    });
    await expect(c.run('slack:U1', { name: 'approvals' })).rejects.toMatchObject({ code: 'NotPermitted' });
  });

  test('a lower grant takes an unnamed admin down; named admins stay counted for the last-admin rule', async () => {
    const c = makeCore({ rolePolicy: { bootstrapAdmins: [], defaultRole: 'admin' } });
    await c.run('slack:UANY', grant('slack:UANY', 'member'));
    await expect(c.run('slack:UANY', { name: 'approvals' })).rejects.toMatchObject({ code: 'NotPermitted' });
    await ensureAdmin(c.stores.roles, 'slack:UNAMED', 'console:setup', new Date());
    await expect(c.run('slack:UOTHER', grant('slack:UNAMED', 'member'))).rejects.toMatchObject({ code: 'LastAdmin' });
  });
});

describe('settings name people only', () => {
  test('NOTES_ADMINS naming a system actor stops start-up, naming the variable', () => {
    expect(() => loadConfig({ NOTES_ADMINS: 'console:alice,system:scheduler' })).toThrow(
      "Invalid NOTES_ADMINS=\"console:alice,system:scheduler\": must not name system:* ids: they are the bot's own, no person can be one. See .env.example.",
    );
  });
});
