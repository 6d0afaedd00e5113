import type { BackupRestoreScope } from '../../src/domain/confirmation.js';
import type { BackupKind, BackupSummary } from '../../src/ports/backups.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import { english, type Translator } from './i18n/index.js';

import { problemText } from './problemText.js';
type BackupOutcome = Extract<
  Outcome,
  { kind: 'backup-list' | 'backup-created' | 'backup-verified' | 'confirm-backup-restore' | 'backup-restored' }
>;

/** Human sizes: 1.4 MB reads better than 1468006 bytes in a channel. Units are the same in every language. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export const secondsText = (ms: number, tr: Translator = english) => tr.t('format.seconds', { value: (ms / 1000).toFixed(1) });

const COUNTED = ['notes', 'roles', 'audit'] as const;

export function countsText(counts: Record<string, number>, tr: Translator = english): string {
  const known = (k: string): k is (typeof COUNTED)[number] => (COUNTED as readonly string[]).includes(k);
  const keys = [...COUNTED.filter((k) => k in counts), ...Object.keys(counts).filter((k) => !known(k)).sort()];
  const parts = keys.map((k) => (known(k) ? tr.t(`backup.counts.${k}`, { count: counts[k] }) : tr.t('backup.counts.other', { count: counts[k], name: k })));
  return parts.join(tr.t('format.listSeparator')) || tr.t('backup.empty');
}

export function verifiedText(backup: BackupSummary, tr: Translator = english): string {
  const v = backup.verification;
  if (!v) return tr.t('backup.notVerified');
  return v.ok ? tr.t('backup.verified', { at: tr.minute(v.at) }) : tr.t('backup.verifyFailed', { at: tr.minute(v.at), problem: problemText(v.problem, tr) });
}

export const kindText = (kind: BackupKind, tr: Translator = english) => tr.t(`backup.kind.${kind}`);

/** `scheduled`, or `pre-delete (plan p-1)`. */
export function kindOfPlanText(backup: BackupSummary, tr: Translator = english): string {
  const kind = kindText(backup.kind, tr);
  return backup.planId ? tr.t('backup.ofPlan', { kind, planId: backup.planId }) : kind;
}

/** The scope of a restore: "all notes", or the command's own token (`note:n-1`), which is grammar. */
export function scopeLabel(scope: BackupRestoreScope, tr: Translator = english): string {
  return scope.kind === 'all' ? tr.t('backup.scopeAll') : `${scope.kind}:${scope.id}`;
}

/** Plain text for the `backup` command's outcomes; renderText delegates here. */
export function renderBackupOutcome(outcome: BackupOutcome, tr: Translator = english): string {
  const { t } = tr;
  switch (outcome.kind) {
    case 'backup-list':
      if (outcome.backups.length === 0) return t('backup.none');
      return [
        t('backup.list', { count: outcome.backups.length }),
        ...outcome.backups.map(
          (b) =>
            `  ${b.id}  ${kindOfPlanText(b, tr)}  ${tr.minute(b.startedAt)}  ${countsText(b.counts, tr)}  ${sizeText(b.bytes)}  ${verifiedText(b, tr)}`,
        ),
        `  ${t('backup.listHint')}`,
      ].join('\n');
    case 'backup-created': {
      const b = outcome.backup;
      return t('backup.written', {
        id: b.id,
        counts: countsText(b.counts, tr),
        size: sizeText(b.bytes),
        duration: secondsText(b.durationMs, tr),
        verified: verifiedText(b, tr),
        sha256: b.sha256,
      });
    }
    case 'backup-verified': {
      const v = outcome.verdict;
      return v.ok
        ? t('backup.intact', { id: v.backupId, counts: countsText(v.foundCounts, tr) })
        : t('backup.broken', { id: v.backupId, problem: problemText(v.problem, tr) });
    }
    case 'confirm-backup-restore': {
      const c = outcome.counts;
      const b = outcome.backup;
      return [
        t('backup.confirmRestore', { scope: scopeLabel(outcome.scope, tr), id: b.id, kind: kindText(b.kind, tr), taken: tr.minute(b.startedAt) }),
        `  ${t('backup.confirmCounts', { count: c.inScope, restorable: c.restorable, skipped: c.skipped })}`,
        `  ${t('backup.neverOverwritten')}`,
      ].join('\n');
    }
    case 'backup-restored': {
      const r = outcome.report;
      const ids = r.restoredIds.slice(0, 10).join(' ');
      return [
        t('backup.restored', {
          count: r.restored,
          id: r.backupId,
          scope: scopeLabel(r.scope, tr),
          skipped: r.skippedLive + r.skippedStillDeleted,
          skippedLive: r.skippedLive,
          skippedStillDeleted: r.skippedStillDeleted,
        }),
        ids ? `  ${ids}${r.restored > 10 ? ` ${t('format.more', { count: r.restored - 10 })}` : ''}` : null,
      ]
        .filter((line) => line !== null)
        .join('\n');
    }
  }
}
