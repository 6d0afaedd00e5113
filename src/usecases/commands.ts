import type { NoteFilter } from '../domain/filter.js';
import type { Locale } from '../domain/locale.js';
import type { PagePosition } from '../domain/paging.js';
import type { Role } from '../domain/roles.js';
import type { ActionName } from './actions.js';
import type { AuditRequest } from './audit.js';
import type { BackupRequest } from './backups.js';

/**
 * A parsed command: what the chat layer produces from typed text or a button click, and the only
 * input the dispatcher accepts.
 */
export type Command =
  | { name: 'help'; topic?: ActionName }
  | { name: 'add'; recordId: string; body: string }
  | { name: 'list'; filter: NoteFilter; filterText: string; page: PagePosition }
  | { name: 'show'; noteId: string }
  | { name: 'delete'; noteId: string; reason: string | null }
  | { name: 'bulk-delete'; filter: NoteFilter; filterText: string }
  | { name: 'delete-selected'; noteIds: string[] }
  | { name: 'trash'; filter: NoteFilter; filterText: string; page: PagePosition }
  | { name: 'restore'; noteId: string }
  | { name: 'undo'; planId: string }
  | { name: 'approvals' }
  | { name: 'approve'; requestId: string }
  | { name: 'reject'; requestId: string; reason: string | null }
  | { name: 'roles'; change: RolesChange }
  | { name: 'audit'; request: AuditRequest }
  | { name: 'backup'; request: BackupRequest }
  | { name: 'crm'; request: 'status' | 'sync' }
  | { name: 'confirm'; confirmationId: string }
  | { name: 'cancel'; confirmationId: string }
  | { name: 'lang'; locale: Locale | null }
  /** `lang channel [en | zh-CN | default]`: null shows the channel's language, `default` removes its own. */
  | { name: 'lang-channel'; locale: Locale | 'default' | null }
  | { name: 'jobs' }
  | { name: 'cancel-job'; jobId: string }
  | { name: 'import'; file: string }
  | { name: 'tokens'; change: TokensChange };

export type TokensChange = { kind: 'list' } | { kind: 'create'; name: string } | { kind: 'revoke'; name: string };

export type RolesChange =
  | { kind: 'list' }
  | { kind: 'grant'; actorId: string; role: Role }
  | { kind: 'revoke'; actorId: string };
