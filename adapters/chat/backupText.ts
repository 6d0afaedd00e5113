import type { BackupSummary } from '../../src/ports/backups.js';
import { scopeText } from '../../src/usecases/backups.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import { minute, plural } from './format.js';

type BackupOutcome = Extract<
  Outcome,
  { kind: 'backup-list' | 'backup-created' | 'backup-verified' | 'confirm-backup-restore' | 'backup-restored' }
>;

/** Human sizes: 1.4 MB reads better than 1468006 bytes in a channel. */
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

export function countsText(counts: Record<string, number>): string {
  const order = ['notes', 'roles', 'audit'];
  const keys = [...order.filter((k) => k in counts), ...Object.keys(counts).filter((k) => !order.includes(k)).sort()];
  return keys.map((k) => `${counts[k]} ${k}`).join(', ') || 'empty';
}

export function verifiedText(backup: BackupSummary): string {
  const v = backup.verification;
  if (!v) return 'not verified';
  return v.ok ? `verified ${minute(v.at)}` : `FAILED verification ${minute(v.at)}: ${v.problem ?? 'unknown problem'}`;
}

/** Plain text for the `backup` command's outcomes; renderText delegates here. */
export function renderBackupOutcome(outcome: BackupOutcome): string {
  switch (outcome.kind) {
    case 'backup-list':
      if (outcome.backups.length === 0) return 'No backups yet. "backup now" takes one.';
      return [
        `${plural(outcome.backups.length, 'backup')}, newest first:`,
        ...outcome.backups.map(
          (b) =>
            `  ${b.id}  ${b.kind}${b.planId ? ` (plan ${b.planId})` : ''}  ${minute(b.startedAt)}  ${countsText(b.counts)}  ${sizeText(b.bytes)}  ${verifiedText(b)}`,
        ),
        '  "backup verify <backupId>" re-checks one; "backup restore <backupId> [note:<id> | record:<id> | plan:<id>]" brings notes back.',
      ].join('\n');
    case 'backup-created': {
      const b = outcome.backup;
      return `Backup ${b.id} written: ${countsText(b.counts)}, ${sizeText(b.bytes)}, ${(b.durationMs / 1000).toFixed(1)} s, ${verifiedText(b)}. sha256 ${b.sha256}`;
    }
    case 'backup-verified': {
      const v = outcome.verdict;
      return v.ok
        ? `Backup ${v.backupId} is intact: sha256 matches, ${countsText(v.foundCounts)} as the manifest says.`
        : `Backup ${v.backupId} FAILED verification: ${v.problem}. A restore from it will be refused.`;
    }
    case 'confirm-backup-restore': {
      const c = outcome.counts;
      return [
        `Restore ${scopeText(outcome.scope)} from backup ${outcome.backup.id} (${outcome.backup.kind}, ${minute(outcome.backup.startedAt)})?`,
        `  ${plural(c.inScope, 'note')} in scope: ${c.restorable} would come back (missing or deleted now), ${c.skipped} would be left alone (live now, or deleted in the backup too).`,
        '  Live notes are never overwritten.',
      ].join('\n');
    }
    case 'backup-restored': {
      const r = outcome.report;
      const ids = r.restoredIds.slice(0, 10).join(' ');
      return [
        `Restored ${plural(r.restored, 'note')} from backup ${r.backupId} (${scopeText(r.scope)}); skipped ${r.skippedLive + r.skippedStillDeleted} (${r.skippedLive} live now, ${r.skippedStillDeleted} deleted in the backup too).`,
        ids ? `  ${ids}${r.restored > 10 ? ` … and ${r.restored - 10} more` : ''}` : null,
      ]
        .filter((line) => line !== null)
        .join('\n');
    }
  }
}
