import type { ApprovalRequest } from '../../../src/domain/approval.js';
import { AUDIT_TARGETS_MAX } from '../../../src/domain/plan.js';
import type { AuditEntry } from '../../../src/domain/audit.js';
import { inputTooLong } from '../../../src/domain/input.js';
import { excerpt } from '../../../src/domain/note.js';
import type { OperationKind, OperationStatus } from '../../../src/domain/operation.js';
import { roles, type Role } from '../../../src/domain/roles.js';
import type { BackupSummary } from '../../../src/ports/backups.js';
import { actionTable } from '../../../src/usecases/actions.js';
import { JOBS_LISTED } from '../../../src/usecases/jobs.js';
import { LISTED_PROBLEMS, type ImportReport } from '../../../src/usecases/importNotes.js';
import type { Outcome, RoleGrantView } from '../../../src/usecases/outcomes.js';
import { aPlan, anApproval, minutes, T0 } from './builders.js';
import { BODY, hostileDeletedNote, hostileNote, LONG_ADMIN, LONG_AUTHOR, LONG_PAGE_TOKEN, LONG_RECORD, maxFilter, noteId, REASON } from './hostileText.js';
import { anOperation } from './operations.js';

/** Every outcome kind must have samples: a kind added to `Outcome` without them fails `tsc`. */
export type OutcomeSamples = { [K in Outcome['kind']]: Array<Extract<Outcome, { kind: K }>> };

/** Notes per page (the core's `pageSize`, set in root/app.ts). */
export const PAGE_SIZE = 10;
/** The most notes one bulk delete may take (BULK_MAX's default, adapters/config.ts). */
const BULK_MAX = 10_000;
/** Notes a plan preview shows (src/usecases/bulkDelete.ts SAMPLE_SIZE). */
const PLAN_SAMPLE = 5;

const range = <T>(count: number, make: (i: number) => T): T[] => Array.from({ length: count }, (_, i) => make(i));
const page = (make: (i: number) => ReturnType<typeof hostileNote>) => range(PAGE_SIZE, make);
const english = maxFilter('english');
const chinese = maxFilter('chinese');
const longIds = (count: number) => range(count, noteId);

const bigPlan = aPlan('p-7k2m9q', { ...english, requesterId: LONG_ADMIN, noteIds: longIds(BULK_MAX), reason: REASON.markup, status: 'done', deletedCount: BULK_MAX - 3, skippedCount: 3, finishedAt: minutes(9) });
const tickedPlan = aPlan('p-3h8w2x', { filter: {}, filterText: '', noteIds: longIds(40), deletedCount: 40, status: 'done' });

/** A bulk plan's filter as people type them; requests 1 and 3 carry the longest there can be. */
const planFilter = (i: number) =>
  i === 1 ? english.filterText : i === 3 ? chinese.filterText : `record:${LONG_RECORD} tag:renewal before:2026-01-01 text:"续约 折扣 ${i}" "discount ${i}"`;

/** Pending requests as they pile up: note deletes with marked-up excerpts and long reasons, bulk plans by filter. */
export const pendingApproval = (i: number): ApprovalRequest =>
  anApproval(`r-${i.toString(36).padStart(6, 'w')}`, {
    requesterId: LONG_AUTHOR,
    reason: Object.values(REASON)[i % 3],
    expiresAt: minutes(60 + i),
    ...(i % 2 === 0
      ? { kind: 'note-delete', targetId: noteId(i), subject: { recordId: LONG_RECORD, excerpt: excerpt(Object.values(BODY)[i % 5], 80) } }
      : { kind: 'bulk-plan', targetId: `p-${i}`, noteCount: BULK_MAX, subject: { filterText: planFilter(i) } }),
  });

export const decided = (status: 'approved' | 'rejected' | 'expired', base: ApprovalRequest = pendingApproval(1)): ApprovalRequest => ({
  ...base,
  status,
  decidedBy: status === 'expired' ? null : LONG_ADMIN,
  decidedAt: minutes(30),
  decisionReason: status === 'rejected' ? REASON.chinese : null,
});

const grant = (i: number, role: Role): RoleGrantView => ({ actorId: `${LONG_AUTHOR}${i}`, role, grantedBy: i % 7 === 0 ? null : LONG_ADMIN, grantedAt: i % 7 === 0 ? null : minutes(i) });

/** The longest details each action records (a body, a reason, a filter, a CRM batch), as the audit page shows them. */
const auditDetails: Record<string, Record<string, unknown>> = {
  'note.delete': { body: BODY.markup, reason: REASON.chinese },
  'plan.create': { filter: english.filterText, deleted: BULK_MAX, reason: REASON.markup },
  'crm.send': { source: 'hubspot', change: 'recreate', result: 'partial', attempt: 12, crmIds: longIds(AUDIT_TARGETS_MAX), error: REASON.english },
  'approval.request': { requesterId: LONG_AUTHOR, subject: { recordId: LONG_RECORD, excerpt: BODY.chinese.slice(0, 80) }, reason: REASON.markup },
  'channel.lang': { locale: 'zh-CN', previousLocale: 'default' },
};
const auditEntry = (i: number): AuditEntry => {
  const action = (['note.delete', 'plan.create', 'crm.send', 'approval.request', 'channel.lang'] as const)[i % 5];
  return { seq: 1_000_000 + i, at: minutes(i), prevHash: 'a'.repeat(64), hash: 'b'.repeat(64), actorId: LONG_ADMIN, platform: 'teams', action, targetIds: longIds(AUDIT_TARGETS_MAX), details: auditDetails[action] };
};

export const backup = (i: number): BackupSummary => ({
  id: `b-2026-01-10T00-${String(i).padStart(4, '0')}-${i % 3 === 0 ? 'pre-delete' : 'scheduled'}`,
  kind: i % 3 === 0 ? 'pre-delete' : i % 3 === 1 ? 'scheduled' : 'manual',
  ...(i % 3 === 0 ? { planId: `p-${i.toString(36).padStart(6, 'q')}` } : {}),
  startedAt: minutes(-i * 60),
  finishedAt: minutes(-i * 60 + 2),
  durationMs: 123_456,
  counts: { notes: 1_234_567, roles: 1_000, audit: 9_876_543 },
  bytes: 987_654_321_012,
  sha256: 'f'.repeat(64),
  schemaVersion: 3,
  ...(i % 4 === 0 ? {} : { verification: i % 4 === 1 ? { ok: true, at: minutes(-i) } : { ok: false, at: minutes(-i), problem: REASON.english } }),
});

const operation = (i: number, kind: OperationKind, status: OperationStatus) =>
  anOperation(kind === 'bulk-delete' || kind === 'undo' || kind === 'backup-restore' ? `p-${i.toString(36).padStart(6, 'k')}` : `j-${i.toString(36).padStart(6, 'k')}`, {
    kind,
    status,
    requesterId: LONG_ADMIN,
    done: 4_000_000,
    skipped: 12_345,
    total: 9_999_999,
    startedAt: minutes(-90),
    finishedAt: status === 'running' ? null : minutes(-1),
    cancelledBy: status === 'cancelled' ? LONG_AUTHOR : null,
    result: status === 'failed' ? { failure: REASON.markup } : null,
  });
const kinds: OperationKind[] = ['bulk-delete', 'undo', 'backup-restore', 'backup', 'import'];
const statuses: OperationStatus[] = ['running', 'done', 'cancelled', 'failed'];
export const allOperations = kinds.flatMap((kind, k) => statuses.map((status, s) => operation(k * 4 + s, kind, status)));

/** An import with every count large, a long file name and the most problems listed, half of them the note-limit error. */
export const importReport: ImportReport = {
  file: `/var/lib/notes/imports/${'导出-Zoho-Notes-'.repeat(12)}.csv`,
  format: 'zoho',
  rows: 1_234_567,
  created: 1_000_000,
  updated: 200_000,
  unchanged: 30_000,
  inTrash: 4_000,
  skipped: 567,
  problems: range(LISTED_PROBLEMS, (i) => (i % 2 ? { line: 1_000_000 + i, problem: REASON.markup } : { line: i + 2, problem: 'too long', error: inputTooLong('note', 123_456, 4000) })),
};

const listed = Object.values(actionTable).filter((a) => a.listed);

export const outcomeSamples: OutcomeSamples = {
  help: roles.map((role) => ({ kind: 'help', role, actions: listed.filter((a) => roles.indexOf(a.minRole) <= roles.indexOf(role)) })),
  'note-added': [0, 1, 2, 3, 4].map((i) => ({ kind: 'note-added', note: hostileNote(i) })),
  note: [
    ...[0, 1, 2, 3, 4].map((i) => ({ kind: 'note' as const, note: hostileNote(i), role: 'admin' as const })),
    ...[0, 1, 2].map((i) => ({ kind: 'note' as const, note: hostileDeletedNote(i), role: 'admin' as const })),
  ],
  'note-list': [
    { kind: 'note-list', state: 'live', notes: page(hostileNote), filter: {}, filterText: '', page: 1, seen: PAGE_SIZE, previous: null, next: LONG_PAGE_TOKEN.next, role: 'admin' },
    { kind: 'note-list', state: 'live', notes: page((i) => hostileNote(i + 1)), ...english, page: 999_998, seen: 9_999_980, ...LONG_PAGE_TOKEN, role: 'admin' },
    { kind: 'note-list', state: 'deleted', notes: page(hostileDeletedNote), ...chinese, page: 999_998, seen: 9_999_980, ...LONG_PAGE_TOKEN, role: 'admin' },
    { kind: 'note-list', state: 'live', notes: page((i) => hostileNote(i + 2)), ...chinese, page: 2, seen: 20, ...LONG_PAGE_TOKEN, role: 'member' },
    { kind: 'note-list', state: 'live', notes: [], ...english, page: 1, seen: 0, previous: null, next: null, role: 'viewer' },
  ],
  'confirm-delete': [0, 1, 2].map((i) => ({ kind: 'confirm-delete', confirmationId: `c-${'Q'.repeat(16)}`, note: hostileNote(i), expiresAt: minutes(10) })),
  'confirm-plan': [
    { kind: 'confirm-plan', confirmationId: `c-${'Q'.repeat(16)}`, plan: bigPlan, sample: range(PLAN_SAMPLE, hostileNote), needsApproval: true, expiresAt: minutes(10) },
    { kind: 'confirm-plan', confirmationId: `c-${'R'.repeat(16)}`, plan: { ...bigPlan, ...chinese }, sample: range(PLAN_SAMPLE, (i) => hostileNote(i + 1)), needsApproval: false, expiresAt: minutes(10) },
  ],
  'note-deleted': [{ kind: 'note-deleted', note: hostileDeletedNote(0) }],
  'plan-executed': [
    { kind: 'plan-executed', plan: bigPlan },
    { kind: 'plan-executed', plan: tickedPlan },
  ],
  'approval-requested': [0, 1, 2, 3].map((i) => ({ kind: 'approval-requested', request: pendingApproval(i) })),
  'approval-decided': [
    { kind: 'approval-decided', request: decided('approved', pendingApproval(0)), result: { kind: 'note-deleted', note: hostileDeletedNote(0) } },
    { kind: 'approval-decided', request: decided('approved'), result: { kind: 'plan-executed', plan: bigPlan } },
    { kind: 'approval-decided', request: decided('rejected'), result: null },
    { kind: 'approval-decided', request: decided('expired'), result: null },
  ],
  'approval-list': [
    { kind: 'approval-list', requests: range(60, pendingApproval) },
    { kind: 'approval-list', requests: [] },
  ],
  cancelled: [
    { kind: 'cancelled', action: { type: 'delete-note', noteId: noteId(1), reason: REASON.markup } },
    { kind: 'cancelled', action: { type: 'run-plan', planId: bigPlan.id } },
    { kind: 'cancelled', action: { type: 'restore-backup', backupId: backup(0).id, scope: { kind: 'record', id: LONG_RECORD } } },
  ],
  'note-restored': [1, 3].map((i) => ({ kind: 'note-restored', note: hostileNote(i) })),
  'plan-undone': [{ kind: 'plan-undone', plan: bigPlan, restored: BULK_MAX - 3 }],
  'role-list': [
    { kind: 'role-list', admins: range(5, (i) => grant(i, 'admin')), others: range(100, (i) => grant(i + 5, i % 2 ? 'member' : 'viewer')), defaultRole: 'viewer' },
    { kind: 'role-list', admins: [], others: [], defaultRole: 'member' },
  ],
  'role-changed': [{ kind: 'role-changed', actorId: LONG_AUTHOR, role: 'admin', previous: 'viewer' }],
  'audit-entries': [
    { kind: 'audit-entries', entries: range(200, auditEntry), query: { kind: 'note', noteId: noteId(0) }, notes: [hostileDeletedNote(0)] },
    { kind: 'audit-entries', entries: range(200, auditEntry), query: { kind: 'since', since: T0 }, notes: [] },
    { kind: 'audit-entries', entries: range(20, auditEntry), query: { kind: 'actor', actorId: LONG_ADMIN }, notes: [] },
    { kind: 'audit-entries', entries: [], query: { kind: 'recent' }, notes: [] },
  ],
  'audit-verified': [
    { kind: 'audit-verified', verdict: { ok: true, checked: 9_876_543 } },
    { kind: 'audit-verified', verdict: { ok: false, checked: 9_876_542, brokenAt: 9_876_543, problem: { code: 'hashMismatch' } } },
  ],
  'backup-list': [
    { kind: 'backup-list', backups: range(200, backup) },
    { kind: 'backup-list', backups: [] },
  ],
  'backup-created': [0, 1, 2].map((i) => ({ kind: 'backup-created', backup: backup(i + 1) })),
  'backup-verified': [
    { kind: 'backup-verified', verdict: { backupId: backup(0).id, ok: true, expectedCounts: backup(0).counts, foundCounts: backup(0).counts, sha256Matches: true } },
    { kind: 'backup-verified', verdict: { backupId: backup(1).id, ok: false, problem: { code: 'unreadable', detail: REASON.english }, expectedCounts: backup(1).counts, foundCounts: { notes: 3 }, sha256Matches: false } },
  ],
  'confirm-backup-restore': (['all', 'note', 'record', 'plan'] as const).map((kind, i) => ({
    kind: 'confirm-backup-restore',
    confirmationId: `c-${'S'.repeat(16)}`,
    backup: backup(i),
    scope: kind === 'all' ? { kind } : { kind, id: kind === 'note' ? noteId(1) : kind === 'record' ? LONG_RECORD : bigPlan.id },
    counts: { inScope: 1_234_567, restorable: 1_000_000, skipped: 234_567 },
    expiresAt: minutes(10),
  })),
  'backup-restored': [5_000, 1].map((count) => ({
    kind: 'backup-restored',
    report: { backupId: backup(0).id, scope: { kind: 'all' }, restored: count, skippedLive: 12_345, skippedStillDeleted: 678, restoredIds: longIds(count) },
  })),
  language: (['own', 'platform', 'default'] as const).flatMap((source) =>
    (['en', 'zh-CN'] as const).flatMap((locale) => [
      { kind: 'language' as const, locale, source, changed: false },
      { kind: 'language' as const, locale, source, changed: false, channel: { locale, source: 'channel' as const } },
      { kind: 'language' as const, locale, source, changed: source === 'own', channel: { locale: 'en' as const, source: 'default' as const } },
    ]),
  ),
  'channel-language': (['channel', 'default'] as const).flatMap((source) =>
    (['en', 'zh-CN'] as const).flatMap((locale) => [true, false].map((changed) => ({ kind: 'channel-language' as const, channelId: `19:${'c'.repeat(60)}@thread.tacv2`, changed, locale, source }))),
  ),
  'crm-status': [
    {
      kind: 'crm-status',
      connectors: (['zoho', 'hubspot'] as const).map((source, i) => ({
        source,
        lastSyncAt: i ? null : minutes(-5),
        lastSyncResult: i ? null : { ok: false, pulled: 123_456, added: 1_000, updated: 99, problem: REASON.markup },
        cursor: { since: T0.toISOString(), page: 'x'.repeat(200) },
        outbox: { pending: 123_456, sending: 500, failed: 99_999, done: 9_999_999 },
        failures: range(5, (k) => ({ noteId: noteId(k), change: k % 2 ? ('restore' as const) : ('delete' as const), attempts: 12, error: k % 2 ? REASON.english : { code: 'refused' as const, crm: source, status: 400, vendorMessage: REASON.markup } })),
      })),
    },
    // Never synced, nothing sent. (The core has no CRM service at all without a connector, so no empty list.)
    {
      kind: 'crm-status',
      connectors: [{ source: 'zoho', lastSyncAt: null, lastSyncResult: null, cursor: null, outbox: { pending: 0, sending: 0, failed: 0, done: 0 }, failures: [] }],
    },
  ],
  'crm-synced': [
    {
      kind: 'crm-synced',
      reports: [
        { source: 'zoho', ok: true, pages: 1_000, pulled: 200_000, added: 150_000, updated: 40_000, unchanged: 10_000 },
        { source: 'hubspot', ok: false, pages: 3, pulled: 300, added: 0, updated: 0, unchanged: 300, problem: { code: 'refused', crm: 'hubspot', status: 400, vendorCode: 'VALIDATION_ERROR', vendorMessage: REASON.markup } },
      ],
    },
  ],
  // Nothing in src/ returns a `message` today; its text may be anything, so the longest a person can write.
  message: [
    { kind: 'message', text: BODY.markup },
    { kind: 'message', text: BODY.lines },
  ],
  'operation-started': allOperations.filter((op) => op.status === 'running').map((operation) => ({ kind: 'operation-started', operation })),
  'job-list': [
    { kind: 'job-list', operations: allOperations.slice(0, JOBS_LISTED), now: T0 },
    { kind: 'job-list', operations: [], now: T0 },
  ],
  'job-stopping': allOperations.filter((op) => op.status === 'running').map((operation) => ({ kind: 'job-stopping', operation })),
  'import-done': [{ kind: 'import-done', report: importReport }],
  'token-list': [{ kind: 'token-list', tokens: range(50, (i) => ({ name: `crm-bridge-${String(i).padStart(21, '0')}`, actorId: `api:crm-bridge-${i}`, createdBy: LONG_ADMIN, createdAt: minutes(i) })) }, { kind: 'token-list', tokens: [] }],
  'token-created': [{ kind: 'token-created', name: 'x'.repeat(32), actorId: `api:${'x'.repeat(32)}`, token: `nt_${'A'.repeat(43)}` }],
  'token-revoked': [{ kind: 'token-revoked', name: 'x'.repeat(32) }],
};

/** Every sample with where it came from, so a failing test names the kind and the index. */
export const allSamples = (): Array<{ kind: Outcome['kind']; index: number; outcome: Outcome }> =>
  (Object.entries(outcomeSamples) as Array<[Outcome['kind'], Outcome[]]>).flatMap(([kind, samples]) => samples.map((outcome, index) => ({ kind, index, outcome })));
