import { createHash } from 'node:crypto';
import { systemActor } from '../domain/actor.js';
import { canonicalJson } from '../domain/audit.js';
import type { BackupRestoreScope, Confirmation } from '../domain/confirmation.js';
import { NotesError } from '../domain/errors.js';
import type { Note } from '../domain/note.js';
import { purgeEffectKey, type NoteEffect } from '../domain/noteEffect.js';
import { newPlan, type DeletionPlan } from '../domain/plan.js';
import { RESTORED_IDS_LIMIT, type BackupStore, type BackupSummary, type NotePurger, type RestoreReport } from '../ports/backups.js';
import type { BackupRestoreRunner } from './confirmations.js';
import { minutesFrom, record, type CoreDeps, type RequestContext } from './context.js';
import { carryOutPurge } from './noteEffects.js';
import type { Outcome } from './outcomes.js';
import { runsInBackground, startOperation } from './operations.js';
import { runPlanOrStart } from './planOperations.js';
import { recordInParts, runPlan, type PlanExecutor } from './planRunner.js';

/** `backup [now | list | verify <id> | restore <id> [scope]]`, as parsed by the chat layer. */
export type BackupRequest =
  | { kind: 'now' }
  | { kind: 'list' }
  | { kind: 'verify'; backupId: string }
  | { kind: 'restore'; backupId: string; scope: BackupRestoreScope };

/**
 * The core side of the `backup` command. The permission (admin) comes from the action table;
 * here: a restore asks for confirmation first, and every backup action is audited.
 */
export async function runBackupCommand(
  deps: CoreDeps,
  backups: BackupStore | undefined,
  ctx: RequestContext,
  request: BackupRequest,
): Promise<Outcome> {
  if (!backups) throw new NotesError('Unavailable', 'backupsUnavailable');
  switch (request.kind) {
    case 'list':
      return { kind: 'backup-list', backups: await backups.list() };
    case 'now': {
      if (!runsInBackground(deps)) return { kind: 'backup-created', backup: await takeManualBackup(deps, backups, ctx) };
      // Writing the whole database takes long: answered "started", the result lands on the progress message.
      const operation = await startOperation(deps, ctx, {
        kind: 'backup',
        total: 0,
        stoppable: false,
        work: async () => {
          const backup = await takeManualBackup(deps, backups, ctx);
          const notes = backup.counts.notes ?? 0;
          return { status: 'done', counts: { done: notes, skipped: 0, total: notes }, result: { backup } };
        },
      });
      return { kind: 'operation-started', operation };
    }
    case 'verify': {
      await requireBackup(backups, request.backupId);
      const verdict = await backups.verify(request.backupId);
      await record(deps, ctx, 'backup.verify', [request.backupId], {
        ok: verdict.ok,
        ...(verdict.problem ? { problem: verdict.problem } : {}),
        counts: verdict.foundCounts,
      });
      return { kind: 'backup-verified', verdict };
    }
    case 'restore': {
      const backup = await requireBackup(backups, request.backupId);
      // planRestore re-verifies the file: a corrupt backup is refused before anyone confirms.
      const counts = await backups.planRestore(request.backupId, request.scope);
      const now = deps.clock.now();
      const confirmation: Confirmation = {
        id: deps.ids.confirmationId(),
        actorId: ctx.actor.id,
        action: { type: 'restore-backup', backupId: request.backupId, scope: request.scope },
        status: 'pending',
        createdAt: now,
        expiresAt: minutesFrom(now, deps.settings.confirmTtlMinutes),
      };
      await deps.confirmations.insert(confirmation);
      return {
        kind: 'confirm-backup-restore',
        confirmationId: confirmation.id,
        backup,
        scope: request.scope,
        counts,
        expiresAt: confirmation.expiresAt,
      };
    }
  }
}

/** Writes a manual backup and audits it (id, counts, size, checksum). */
async function takeManualBackup(deps: CoreDeps, backups: BackupStore, ctx: RequestContext): Promise<BackupSummary> {
  const backup = await backups.create('manual');
  await record(deps, ctx, 'backup.create', [backup.id], {
    kind: backup.kind,
    counts: backup.counts,
    bytes: backup.bytes,
    sha256: backup.sha256,
  });
  return backup;
}

async function requireBackup(backups: BackupStore, id: string) {
  const backup = await backups.find(id);
  if (!backup) throw new NotesError('BackupNotFound', 'backupNotFound', { backupId: id });
  return backup;
}

/**
 * The confirmed half of `backup restore`, plugged into `confirm()` by the composition root
 * (root/app.ts, `runBackupRestore`). The restore is a plan (kind `backup-restore`) over the notes
 * of the scope that are missing or deleted now, frozen at confirmation and run in batches like a
 * bulk delete: a crash mid-way resumes at the next start with exact counts and every restored
 * note audited once.
 */
export function backupRestoreRunner(deps: CoreDeps, backups: BackupStore): BackupRestoreRunner {
  return async (ctx, action) => {
    const freeze = await backups.freezeRestore(action.backupId, action.scope);
    const now = deps.clock.now();
    const plan = newPlan(
      {
        id: deps.ids.planId(),
        kind: 'backup-restore',
        sourceId: action.backupId,
        backup: { scope: action.scope, inScope: freeze.inScope, skippedStillDeleted: freeze.skippedStillDeleted },
        requesterId: ctx.actor.id,
        filter: {},
        // The scope as typed (empty for the whole backup); `backup.scope` holds it as data.
        filterText: action.scope.kind === 'all' ? '' : `${action.scope.kind}:${action.scope.id}`,
        noteIds: freeze.candidateIds,
        status: 'executing',
        // What the freeze already left alone counts as skipped from the start.
        skippedCount: freeze.skippedLive + freeze.skippedStillDeleted,
      },
      now,
    );
    await deps.plans.insert(plan);
    await recordInParts(deps, ctx, 'backup.restore', [action.backupId, plan.id], [], {
      planId: plan.id,
      scope: scopeText(action.scope),
      inScope: freeze.inScope,
      candidates: freeze.candidateIds.length,
    });
    const executor = backupRestoreExecutor(deps, backups);
    return runPlanOrStart(deps, ctx, plan, executor, async () => {
      const finished = await runPlan(deps, ctx, plan.id, executor);
      return { kind: 'backup-restored', report: await restoreReport(deps, finished) };
    });
  };
}

/**
 * Each batch re-reads the backup file (verifying it) and holds the batch's notes in memory, so
 * restore batches stay smaller than delete batches.
 */
const RESTORE_BATCH_MAX = 5000;

export function backupRestoreExecutor(deps: CoreDeps, backups: BackupStore): PlanExecutor {
  const source = (plan: DeletionPlan) => {
    if (!plan.sourceId || !plan.backup) throw new Error(`backup-restore plan ${plan.id} names no backup`);
    return { backupId: plan.sourceId, ...plan.backup };
  };
  return {
    action: 'backup.restore',
    countKey: 'restored',
    crmChange: 'restore',
    batchSize: Math.min(deps.settings.batchSize, RESTORE_BATCH_MAX),
    apply: (plan, ids) => backups.restoreBatch(source(plan).backupId, ids, plan.frozenAt),
    details: (plan) => ({ backupId: source(plan).backupId, scope: scopeText(source(plan).scope), skippedStillDeleted: source(plan).skippedStillDeleted }),
    summaryTargets: (plan) => [source(plan).backupId],
  };
}

/** The reply to a restore: the plan's counts, and the first restored ids from its batch records. */
export async function restoreReport(deps: CoreDeps, plan: DeletionPlan): Promise<RestoreReport> {
  const stillDeleted = plan.backup?.skippedStillDeleted ?? 0;
  const restoredIds: string[] = [];
  for (let cursor = 0; restoredIds.length < RESTORED_IDS_LIMIT && cursor < plan.cursor; ) {
    const batch = await deps.plans.findBatch(plan.id, cursor);
    if (!batch) break;
    restoredIds.push(...batch.doneIds.slice(0, RESTORED_IDS_LIMIT - restoredIds.length));
    cursor = batch.next;
  }
  return {
    backupId: plan.sourceId ?? '',
    scope: plan.backup?.scope ?? { kind: 'all' },
    restored: plan.deletedCount,
    skippedLive: plan.skippedCount - stillDeleted,
    skippedStillDeleted: stillDeleted,
    restoredIds,
  };
}

/** The scope as the command's own token (`all`, `note:<id>`, ...): language-neutral, for the audit log. */
export function scopeText(scope: BackupRestoreScope): string {
  return scope.kind === 'all' ? 'all' : `${scope.kind}:${scope.id}`;
}

/**
 * What must be the same for a backup to "hold" a note: everything a person wrote, not the
 * deletion mark (the backup may predate the delete) nor `updatedAt` (a restore bumps it).
 */
export function noteContentHash(note: Note): string {
  const { id, recordId, body, tags, authorId, createdAt } = note;
  return sha256(canonicalJson({ id, recordId, body, tags, authorId, createdAt }));
}

/** The whole note, deletion mark included: what the purge audit records. */
export function noteHash(note: Note): string {
  return sha256(canonicalJson(note));
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface PurgeReport {
  /** Soft-deleted longer than the retention period. */
  expired: number;
  purged: number;
  /** Expired but in no verified backup: kept, and reported so someone takes a backup. */
  keptUnbacked: number;
  purgedIds: string[];
}

/**
 * The trash purge (DESIGN.md section 4): a note soft-deleted more than `retentionDays` ago is
 * removed for good only if a verified backup holds it, and each removal is audited with the
 * note's hash and the backup that holds it. Written ahead (see `NotePurger`): mark, audit, remove;
 * a crash in between is finished by the reconciler, with one audit entry per note and deletion.
 * A note another purger marked first, or that still owes its delete's audit, is left to the
 * reconciler (its delete's effect first) and the next run: counted neither purged nor kept.
 */
export async function purgeExpiredTrash(
  deps: CoreDeps,
  backups: BackupStore,
  purger: NotePurger,
  options: { retentionDays: number; batchSize?: number },
): Promise<PurgeReport> {
  const cutoff = new Date(deps.clock.now().getTime() - options.retentionDays * 86_400_000);
  const report: PurgeReport = { expired: 0, purged: 0, keptUnbacked: 0, purgedIds: [] };
  let afterId: string | null = null;
  for (;;) {
    const batch = await purger.listExpired(cutoff, afterId, options.batchSize ?? 5000);
    if (batch.length === 0) break;
    afterId = batch[batch.length - 1].id;
    report.expired += batch.length;
    const holders = await backups.findVerifiedHolders(batch);
    for (const note of batch) {
      const backupId = holders.get(note.id);
      if (!backupId) {
        report.keptUnbacked += 1;
        continue;
      }
      const effect = purgeEffect(deps, note, backupId);
      if (!(await purger.markPurging(note, effect))) continue;
      await deps.runs?.hooks.effectPending?.('purge', note.id);
      if (!(await carryOutPurge(deps, purger, note, effect))) continue;
      report.purged += 1;
      if (report.purgedIds.length < 1000) report.purgedIds.push(note.id);
    }
  }
  return report;
}

/** The write-ahead record of purging `note`, which `backupId` holds: the audit entry it owes, as the scheduler. */
function purgeEffect(deps: CoreDeps, note: Note, backupId: string): NoteEffect {
  return {
    key: purgeEffectKey(note),
    change: 'purge',
    actorId: systemActor.id,
    platform: systemActor.platform,
    at: deps.clock.now(),
    details: {
      recordId: note.recordId,
      noteHash: noteHash(note),
      contentHash: noteContentHash(note),
      backupId,
      deletedAt: note.deletedAt?.toISOString() ?? null,
      deletedBy: note.deletedBy,
    },
  };
}
