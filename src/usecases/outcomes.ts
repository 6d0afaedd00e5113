import type { ApprovalRequest } from '../domain/approval.js';
import type { BackupRestoreScope, ConfirmationAction } from '../domain/confirmation.js';
import type { AuditEntry, ChainVerdict } from '../domain/audit.js';
import type { NoteFilter, NoteState } from '../domain/filter.js';
import type { Note } from '../domain/note.js';
import type { Operation } from '../domain/operation.js';
import type { DeletionPlan } from '../domain/plan.js';
import type { Locale } from '../domain/locale.js';
import type { Role, RoleGrant } from '../domain/roles.js';
import type { BackupSummary, BackupVerdict, RestorePlanCounts, RestoreReport } from '../ports/backups.js';
import type { CrmConnectorStatus, CrmSyncReport } from '../ports/crm.js';
import type { ActionSpec } from './actions.js';
import type { ImportReport } from './importNotes.js';
import type { AuditListing } from './audit.js';
import type { ChannelLocaleChoice, LocaleSource } from './language.js';

/**
 * What a use case hands back: data, not text. Each platform's renderer turns an outcome into a
 * console line, Block Kit or an Adaptive Card, so every front end says the same thing.
 */
export type Outcome =
  | { kind: 'help'; actions: ActionSpec[]; role: Role }
  | { kind: 'note-added'; note: Note }
  | { kind: 'note'; note: Note; role: Role }
  | {
      kind: 'note-list';
      state: NoteState;
      notes: Note[];
      filter: NoteFilter;
      filterText: string;
      page: number;
      /** Notes on this page and the ones before it: the exact total when there is no next page. */
      seen: number;
      /** `page:` token values for the neighbouring pages (see src/domain/paging.ts), null at an end. */
      previous: string | null;
      next: string | null;
      role: Role;
    }
  | { kind: 'confirm-delete'; confirmationId: string; note: Note; expiresAt: Date }
  | {
      kind: 'confirm-plan';
      confirmationId: string;
      plan: DeletionPlan;
      sample: Note[];
      needsApproval: boolean;
      expiresAt: Date;
    }
  | { kind: 'note-deleted'; note: Note }
  | { kind: 'plan-executed'; plan: DeletionPlan }
  | { kind: 'approval-requested'; request: ApprovalRequest }
  | { kind: 'approval-decided'; request: ApprovalRequest; result: Outcome | null }
  | { kind: 'approval-list'; requests: ApprovalRequest[] }
  | { kind: 'cancelled'; action: ConfirmationAction }
  | { kind: 'note-restored'; note: Note }
  | { kind: 'plan-undone'; plan: DeletionPlan; restored: number }
  | { kind: 'role-list'; admins: RoleGrantView[]; others: RoleGrantView[]; defaultRole: Role }
  | { kind: 'role-changed'; actorId: string; role: Role; previous: Role }
  | { kind: 'audit-entries'; entries: AuditEntry[]; query: AuditListing; notes: Note[] }
  | { kind: 'audit-verified'; verdict: ChainVerdict }
  | { kind: 'backup-list'; backups: BackupSummary[] }
  | { kind: 'backup-created'; backup: BackupSummary }
  | { kind: 'backup-verified'; verdict: BackupVerdict }
  | {
      kind: 'confirm-backup-restore';
      confirmationId: string;
      backup: BackupSummary;
      scope: BackupRestoreScope;
      counts: RestorePlanCounts;
      expiresAt: Date;
    }
  | { kind: 'backup-restored'; report: RestoreReport }
  /** A person's language; asked in a channel, with the language of the bot's posts there. */
  | { kind: 'language'; locale: Locale; source: LocaleSource; changed: boolean; channel?: ChannelLocaleChoice }
  | ({ kind: 'channel-language'; channelId: string; changed: boolean } & ChannelLocaleChoice)
  | { kind: 'crm-status'; connectors: CrmConnectorStatus[] }
  | { kind: 'crm-synced'; reports: CrmSyncReport[] }
  | { kind: 'message'; text: string }
  /** Long work started off the request path; its progress message follows it to the end. */
  | { kind: 'operation-started'; operation: Operation }
  | { kind: 'job-list'; operations: Operation[]; now: Date }
  | { kind: 'job-stopping'; operation: Operation }
  | { kind: 'import-done'; report: ImportReport }
  | { kind: 'token-list'; tokens: { name: string; actorId: string; createdBy: string; createdAt: Date }[] }
  /** The only time the token is ever shown: it is stored hashed. */
  | { kind: 'token-created'; name: string; actorId: string; token: string }
  | { kind: 'token-revoked'; name: string };

export interface RoleGrantView extends Omit<RoleGrant, 'grantedAt' | 'grantedBy'> {
  /** Null for bootstrap admins from `NOTES_ADMINS`. */
  grantedAt: Date | null;
  grantedBy: string | null;
}
