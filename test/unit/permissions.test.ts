import { isNotesError } from '../../src/domain/errors.js';
import type { GrantedRole, Role } from '../../src/domain/roles.js';
import { actionTable, type ActionName } from '../../src/usecases/actions.js';
import type { Command } from '../../src/usecases/commands.js';
import { aNote } from '../support/builders.js';
import { makeCore } from '../support/core.js';

/**
 * Every command x every role: the dispatcher must refuse exactly the commands the role may not
 * run (DESIGN.md section 4), before any use case touches storage.
 */
const commands: Record<ActionName, Command> = {
  help: { name: 'help' },
  add: { name: 'add', recordId: 'acct-1', body: 'hello' },
  list: { name: 'list', filter: {}, filterText: '', page: { page: 1 } },
  show: { name: 'show', noteId: 'n-live' },
  delete: { name: 'delete', noteId: 'n-live', reason: null },
  'bulk-delete': { name: 'bulk-delete', filter: { recordId: 'acct-1' }, filterText: 'record:acct-1' },
  'delete-selected': { name: 'delete-selected', noteIds: ['n-live'] },
  trash: { name: 'trash', filter: {}, filterText: '', page: { page: 1 } },
  restore: { name: 'restore', noteId: 'n-gone' },
  undo: { name: 'undo', planId: 'p-none' },
  approvals: { name: 'approvals' },
  approve: { name: 'approve', requestId: 'r-none' },
  reject: { name: 'reject', requestId: 'r-none', reason: null },
  roles: { name: 'roles', change: { kind: 'list' } },
  audit: { name: 'audit', request: { kind: 'recent' } },
  backup: { name: 'backup', request: { kind: 'list' } },
  lang: { name: 'lang', locale: null },
  'lang-channel': { name: 'lang-channel', locale: 'zh-CN' },
  crm: { name: 'crm', request: 'status' },
  confirm: { name: 'confirm', confirmationId: 'c-none' },
  cancel: { name: 'cancel', confirmationId: 'c-none' },
  jobs: { name: 'jobs' },
  'cancel-job': { name: 'cancel-job', jobId: 'p-none' },
  import: { name: 'import', file: 'missing.csv' },
  tokens: { name: 'tokens', change: { kind: 'list' } },
};

const allowed: Record<Role, ActionName[]> = {
  viewer: ['help', 'list', 'show', 'lang', 'confirm', 'cancel'],
  member: ['help', 'list', 'show', 'lang', 'confirm', 'cancel', 'add', 'delete'],
  admin: Object.keys(commands) as ActionName[],
};

const actorFor: Record<Role, string> = { viewer: 'console:vera', member: 'console:mo', admin: 'console:admin' };

const cases = (['viewer', 'member', 'admin'] as Role[]).flatMap((role) =>
  (Object.keys(commands) as ActionName[]).map((action) => [role, action, allowed[role].includes(action)] as const),
);

test('the matrix covers every action in the table', () => {
  expect(Object.keys(commands).sort()).toEqual(Object.keys(actionTable).sort());
});

test.each(cases)('%s running %s -> allowed: %s', async (role, action, isAllowed) => {
  const core = makeCore();
  await core.stores.roles.upsert({ actorId: 'console:vera', role: 'viewer', grantedBy: 'console:admin', grantedAt: new Date() });
  await core.stores.notes.insert(aNote().id('n-live').build());
  await core.stores.notes.insert(aNote().id('n-gone').deleted().build());
  const auditBefore = core.stores.audit.entries.length;
  let error: unknown;
  try {
    await core.run(actorFor[role], commands[action]);
  } catch (caught) {
    error = caught;
  }
  const refused = isNotesError(error, 'NotPermitted');
  expect(refused).toBe(!isAllowed);
  if (refused) expect(core.stores.audit.entries.length).toBe(auditBefore); // a refusal changes nothing
});

test('an actor with an unknown stored role is refused everything but nothing leaks (fail closed)', async () => {
  const core = makeCore();
  await core.stores.roles.upsert({ actorId: 'console:odd', role: 'superuser' as GrantedRole, grantedBy: 'x', grantedAt: new Date() });
  await expect(core.run('console:odd', commands.list)).rejects.toMatchObject({ code: 'NotPermitted' });
});

test('help lists only what the role may run', async () => {
  const core = makeCore();
  const outcome = await core.run('console:mo', { name: 'help' });
  if (outcome.kind !== 'help') throw new Error(outcome.kind);
  expect(outcome.actions.map((a) => a.name).sort()).toEqual(['add', 'delete', 'help', 'lang', 'list', 'show']);
});
