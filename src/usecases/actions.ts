import type { Role } from '../domain/roles.js';

/**
 * Every action, declared as data: who may run it, whether it asks for confirmation and whether it
 * changes anything. The permission check and the help text both come from this table, so a new
 * command cannot be added without deciding who may run it.
 */
export interface ActionSpec {
  name: ActionName;
  minRole: Role;
  usage: string;
  summary: string;
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
  usage: string,
  summary: string,
  flags: { confirms?: boolean; sideEffects?: boolean; listed?: boolean } = {},
): ActionSpec => ({
  name,
  minRole,
  usage,
  summary,
  confirms: flags.confirms ?? false,
  sideEffects: flags.sideEffects ?? false,
  listed: flags.listed ?? true,
});

export const actionTable: Record<ActionName, ActionSpec> = {
  help: spec('help', 'viewer', 'help [command]', 'show the commands you may use'),
  add: spec('add', 'member', 'add <recordId> <text...>', 'add a note to a CRM record; #hashtags become tags', {
    sideEffects: true,
  }),
  list: spec('list', 'viewer', 'list [filter] [page:<n>]', 'list notes, newest first, 10 a page'),
  show: spec('show', 'viewer', 'show <noteId>', 'show one note in full'),
  delete: spec('delete', 'member', 'delete <noteId> [reason...]', 'delete a note (admins confirm; members request approval)', {
    confirms: true,
    sideEffects: true,
  }),
  'bulk-delete': spec('bulk-delete', 'admin', 'bulk-delete <filter>', 'preview, confirm and delete every note matching a filter', {
    confirms: true,
    sideEffects: true,
  }),
  'delete-selected': spec('delete-selected', 'admin', 'delete-selected <noteId> <noteId...>', 'delete the notes ticked in a list', {
    confirms: true,
    sideEffects: true,
    listed: false,
  }),
  trash: spec('trash', 'admin', 'trash [filter] [page:<n>]', 'list deleted notes that can still be restored'),
  restore: spec('restore', 'admin', 'restore <noteId>', 'bring back a deleted note', { sideEffects: true }),
  undo: spec('undo', 'admin', 'undo <planId>', 'restore every note a bulk delete removed', { sideEffects: true }),
  approvals: spec('approvals', 'admin', 'approvals', 'list pending approval requests'),
  approve: spec('approve', 'admin', 'approve <requestId>', 'approve a pending delete request (not your own)', {
    sideEffects: true,
  }),
  reject: spec('reject', 'admin', 'reject <requestId> [reason...]', 'reject a pending delete request', {
    sideEffects: true,
  }),
  roles: spec('roles', 'admin', 'roles [list | grant <actor> <role> | revoke <actor>]', 'see and change who is viewer, member or admin', {
    sideEffects: true,
  }),
  audit: spec('audit', 'admin', 'audit [note:<id> | actor:<actor> | since:<YYYY-MM-DD> | verify]', 'trace who did what, and check the log is intact'),
  backup: spec(
    'backup',
    'admin',
    'backup [now | list | verify <backupId> | restore <backupId> [note:<id> | record:<id> | plan:<id>]]',
    'take, list, verify and restore backups',
    { confirms: true, sideEffects: true },
  ),
  crm: spec('crm', 'admin', 'crm [status | sync]', "see the CRM connectors' state and outbox, or pull their changes now", { sideEffects: true }),
  jobs: spec('jobs', 'admin', 'jobs', 'running and recent long operations (bulk deletes, undos, restores, imports) with their progress'),
  // The role for confirm/cancel is checked again against the confirmed action itself.
  confirm: spec('confirm', 'viewer', 'confirm <token>', 'confirm a pending action', { sideEffects: true, listed: false }),
  cancel: spec('cancel', 'viewer', 'cancel <token>', 'cancel a pending action', { listed: false }),
  // `cancel <jobId>` is typed as `cancel`; the grammar tells a job id from a confirmation token.
  'cancel-job': spec('cancel-job', 'admin', 'cancel <jobId>', 'stop a running job between two batches; undo reverses what it did', {
    sideEffects: true,
  }),
  import: spec('import', 'admin', 'import <file>', 'bring notes in from a Zoho, HubSpot or Salesforce export or NDJSON (console only; again updates, never duplicates)', {
    sideEffects: true,
  }),
  tokens: spec('tokens', 'admin', 'tokens [list | create <name> | revoke <name>]', 'bearer tokens of the ingestion API (a new token is shown once)', {
    sideEffects: true,
  }),
};

export const usageOf = (name: ActionName): string => actionTable[name].usage;
