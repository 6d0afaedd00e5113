import type { Role } from '../domain/roles.js';

/**
 * Every action, declared as data: who may run it, whether it asks for confirmation and whether it
 * changes anything. The permission check and the help text both come from this table, so a new
 * command cannot be added without deciding who may run it. Its usage line and summary are in the
 * message catalog under `actions.<name>`, in every language.
 */
export interface ActionSpec {
  name: ActionName;
  minRole: Role;
  confirms: boolean;
  sideEffects: boolean;
  /** Listed by `help`. Button-only actions (`confirm`, `cancel`, `delete-selected`) are not. */
  listed: boolean;
}

export const actionNames = [
  'help',
  'add',
  'list',
  'show',
  'delete',
  'bulk-delete',
  'delete-selected',
  'trash',
  'restore',
  'undo',
  'approvals',
  'approve',
  'reject',
  'roles',
  'audit',
  'backup',
  'lang',
  'lang-channel',
  'crm',
  'jobs',
  'confirm',
  'cancel',
  'cancel-job',
  'import',
  'tokens',
] as const;
export type ActionName = (typeof actionNames)[number];

const spec = (
  name: ActionName,
  minRole: Role,
  flags: { confirms?: boolean; sideEffects?: boolean; listed?: boolean } = {},
): ActionSpec => ({
  name,
  minRole,
  confirms: flags.confirms ?? false,
  sideEffects: flags.sideEffects ?? false,
  listed: flags.listed ?? true,
});

export const actionTable: Record<ActionName, ActionSpec> = {
  help: spec('help', 'viewer'),
  add: spec('add', 'member', { sideEffects: true }),
  list: spec('list', 'viewer'),
  show: spec('show', 'viewer'),
  delete: spec('delete', 'member', { confirms: true, sideEffects: true }),
  'bulk-delete': spec('bulk-delete', 'admin', { confirms: true, sideEffects: true }),
  'delete-selected': spec('delete-selected', 'admin', { confirms: true, sideEffects: true, listed: false }),
  trash: spec('trash', 'admin'),
  restore: spec('restore', 'admin', { sideEffects: true }),
  undo: spec('undo', 'admin', { sideEffects: true }),
  approvals: spec('approvals', 'admin'),
  approve: spec('approve', 'admin', { sideEffects: true }),
  reject: spec('reject', 'admin', { sideEffects: true }),
  roles: spec('roles', 'admin', { sideEffects: true }),
  audit: spec('audit', 'admin'),
  backup: spec('backup', 'admin', { confirms: true, sideEffects: true }),
  // Everyone chooses their own language; it changes nothing anyone else reads.
  lang: spec('lang', 'viewer', { sideEffects: true }),
  // A channel's language is what everyone there reads in the bot's channel posts: admins set it.
  'lang-channel': spec('lang-channel', 'admin', { sideEffects: true }),
  crm: spec('crm', 'admin', { sideEffects: true }),
  jobs: spec('jobs', 'admin'),
  // The role for confirm/cancel is checked again against the confirmed action itself.
  confirm: spec('confirm', 'viewer', { sideEffects: true, listed: false }),
  cancel: spec('cancel', 'viewer', { listed: false }),
  // `cancel <jobId>` is typed as `cancel`; the grammar tells a job id from a confirmation token.
  'cancel-job': spec('cancel-job', 'admin', { sideEffects: true }),
  import: spec('import', 'admin', { sideEffects: true }),
  tokens: spec('tokens', 'admin', { sideEffects: true }),
};
