import type { Operation } from '../../src/domain/operation.js';
import type { BackupSummary } from '../../src/ports/backups.js';
import type { Outcome } from '../../src/usecases/outcomes.js';

/**
 * Outcomes and long operations outside a chat session, for the tests that read every renderer
 * in Chinese: backups, CRM connectors, jobs. A CRM's own diagnostic and an import's file name and
 * format id are data recorded as they came, quoted as such: `DIAGNOSTICS` lists them for the
 * English check. A backup's problem and a job's failure are codes, worded by the catalog: not here.
 */
export const DIAGNOSTICS = ['HTTP 500 from HubSpot', 'notes.csv（zoho）'];

const T0 = new Date('2026-11-29T02:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

export const backup: BackupSummary = {
  id: 'scheduled-20261129T020000Z-aaaaaa',
  kind: 'pre-delete',
  planId: 'p-000001',
  startedAt: T0,
  finishedAt: at(3),
  durationMs: 3100,
  counts: { notes: 120, roles: 3, audit: 410 },
  bytes: 1_468_006,
  sha256: 'a'.repeat(64),
  schemaVersion: 1,
  verification: { at: at(4), ok: false, problem: { code: 'sha256Mismatch' } },
} as BackupSummary;

export const backupOutcomes: Outcome[] = [
  { kind: 'backup-list', backups: [backup, { ...backup, kind: 'scheduled', planId: undefined, verification: undefined } as BackupSummary] },
  { kind: 'backup-list', backups: [] },
  { kind: 'backup-created', backup },
  { kind: 'backup-verified', verdict: { backupId: backup.id, ok: true, expectedCounts: backup.counts, foundCounts: backup.counts, sha256Matches: true } },
  { kind: 'backup-verified', verdict: { backupId: backup.id, ok: false, problem: { code: 'countMismatch', collection: 'notes', expected: 120, found: 118 }, expectedCounts: backup.counts, foundCounts: {}, sha256Matches: false } },
  {
    kind: 'confirm-backup-restore',
    confirmationId: 'c-1',
    backup,
    scope: { kind: 'all' },
    counts: { inScope: 5, restorable: 3, skipped: 2 },
    expiresAt: at(3600),
  },
  {
    kind: 'backup-restored',
    report: { backupId: backup.id, scope: { kind: 'record', id: 'acct-42' }, restored: 12, restoredIds: Array.from({ length: 12 }, (_, i) => `n-${i}00`), skippedLive: 1, skippedStillDeleted: 2 },
  } as Outcome,
];

/** A bulk delete p-abc123 by slack:UADMIN, started at T0: override what a case needs. */
export function anOperation(overrides: Partial<Operation> = {}): Operation {
  return {
    id: 'p-abc123',
    kind: 'bulk-delete',
    planId: 'p-abc123',
    requesterId: 'slack:UADMIN',
    origin: { platform: 'slack', channelId: 'C1' },
    message: null,
    status: 'running',
    done: 0,
    skipped: 0,
    total: 10_000,
    startedAt: T0,
    updatedAt: T0,
    finishedAt: null,
    cancelledBy: null,
    result: null,
    ...overrides,
  };
}

const importReport = { file: 'notes.csv', format: 'zoho' as const, rows: 1200, created: 1000, updated: 100, unchanged: 50, inTrash: 0, skipped: 50, problems: [] };

/** One operation of each kind and ending, as its progress message shows it at `NOW`. */
export const NOW = at(90);
export const operations: Array<[string, Operation]> = [
  ['a running bulk delete', anOperation({ done: 4_000, total: 10_000, startedAt: at(30) })],
  ['a running undo of unknown size', anOperation({ kind: 'undo', done: 50, total: 0 })],
  ['a backup that cannot stop half-way', anOperation({ id: 'j-bk0001', kind: 'backup', planId: null, done: 10, total: 120, result: { stoppable: false } })],
  ['a finished bulk delete with skipped notes', anOperation({ status: 'done', done: 9_990, skipped: 10, finishedAt: at(75) })],
  ['a bulk delete stopped half-way', anOperation({ status: 'cancelled', done: 4_000, cancelledBy: 'slack:UADMIN2', finishedAt: at(60) })],
  ['a failed restore from backup', anOperation({ kind: 'backup-restore', status: 'failed', done: 30, finishedAt: at(5), result: { failure: 'Internal' } })],
  ['a finished backup', anOperation({ id: 'j-bk0002', kind: 'backup', planId: null, status: 'done', done: 120, total: 120, finishedAt: at(4), result: { backup } })],
  ['a finished import', anOperation({ id: 'j-im0001', kind: 'import', planId: null, status: 'done', done: 1_150, total: 1_200, finishedAt: at(20), result: { report: importReport } })],
  [
    'an import stopped half-way',
    anOperation({ id: 'j-im0002', kind: 'import', planId: null, status: 'cancelled', done: 600, total: 1_200, finishedAt: at(10), cancelledBy: 'console:alice', result: { report: { ...importReport, rows: 600 } } }),
  ],
];

/** `jobs`, `cancel <jobId>`, `crm status` and `crm sync` as the core answers them. */
export const jobAndCrmOutcomes: Outcome[] = [
  { kind: 'operation-started', operation: anOperation() },
  { kind: 'operation-started', operation: anOperation({ id: 'j-bk0003', kind: 'backup', planId: null, total: 0 }) },
  { kind: 'job-list', operations: operations.map(([, op]) => op), now: NOW },
  { kind: 'job-list', operations: [], now: NOW },
  { kind: 'job-stopping', operation: anOperation() },
  {
    kind: 'crm-status',
    connectors: [
      {
        source: 'zoho',
        lastSyncAt: at(-3600),
        lastSyncResult: { ok: true, pulled: 40, added: 30, updated: 10 },
        cursor: { since: '2026-11-01T00:00:00Z', page: '3' },
        outbox: { pending: 2, sending: 1, failed: 1, done: 9 },
        failures: [{ noteId: 'n-abc123', change: 'delete', attempts: 5, error: DIAGNOSTICS[0] }],
      },
      { source: 'hubspot', lastSyncAt: at(-60), lastSyncResult: { ok: false, pulled: 0, added: 0, updated: 0, problem: DIAGNOSTICS[0] }, cursor: null, outbox: { pending: 0, sending: 0, failed: 0, done: 0 }, failures: [] },
    ],
  } as Outcome,
  {
    kind: 'crm-synced',
    reports: [
      { source: 'zoho', ok: true, pulled: 1_200, pages: 12, added: 1_000, updated: 150, unchanged: 50 },
      { source: 'hubspot', ok: false, pulled: 1, pages: 1, added: 1, updated: 0, unchanged: 0, problem: DIAGNOSTICS[0] },
    ],
  } as Outcome,
];
