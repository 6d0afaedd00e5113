import { pace, type Operation, type OperationKind } from '../../src/domain/operation.js';
import { finishedBackup, importReportOf } from './jobResults.js';
import { renderBackupOutcome } from './backupText.js';
import { minute, plural } from './format.js';
import { renderIngestText } from './renderIngest.js';

/**
 * Every sentence about long operations (jobs), in one place for every platform, so the message
 * catalog can take them over together. Platforms add only their markup and buttons.
 */
const titles: Record<OperationKind, string> = {
  'bulk-delete': 'Bulk delete',
  undo: 'Undo',
  'backup-restore': 'Restore from backup',
  backup: 'Backup',
  import: 'Import',
};

const verbs: Record<OperationKind, string> = {
  'bulk-delete': 'deleted',
  undo: 'restored',
  'backup-restore': 'restored',
  backup: 'exported',
  import: 'imported',
};

export const operationTitle = (op: Operation): string => `${titles[op.kind]} ${op.id}`;

const count = (n: number) => n.toLocaleString('en-US');

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

/** "4,000 of 10,000 (40%)": items handled (acted on or skipped) out of the total. */
export function progressFraction(op: Operation): string {
  const handled = op.done + op.skipped;
  if (op.total <= 0) return `${count(handled)} so far`;
  return `${count(handled)} of ${count(op.total)} (${percent(op)}%)`;
}

export const percent = (op: Operation): number => (op.total > 0 ? Math.min(100, Math.floor(((op.done + op.skipped) * 100) / op.total)) : 0);

/** "4,000 of 10,000 (40%) · 850 notes/s · about 7 s left". */
export function progressLine(op: Operation, now: Date): string {
  const { perSecond, secondsLeft } = pace(op, now);
  const rate = op.done + op.skipped > 0 ? ` · ${count(Math.round(perSecond))} notes/s` : '';
  const left = secondsLeft !== null && op.done + op.skipped > 0 ? ` · about ${duration(secondsLeft)} left` : '';
  return `${progressFraction(op)}${rate}${left}`;
}

/** The text while it runs: what, progress, and how to stop it. */
export function runningText(op: Operation, now: Date): string {
  const stop = op.result?.stoppable === false ? '' : ` "cancel ${op.id}" stops it.`;
  return `${operationTitle(op)} running: ${progressLine(op, now)}.${stop}`;
}

/** The answer to the request that started it. */
export function startedText(op: Operation): string {
  const size = op.total > 0 ? ` (${plural(op.total, 'note')})` : '';
  return `${operationTitle(op)} started in the background${size}. Its progress is shown as it runs; "jobs" lists it.`;
}

/** The result: counts, how long it took, and what can reverse it. */
export function endText(op: Operation): string {
  const took = op.finishedAt ? ` in ${duration((op.finishedAt.getTime() - op.startedAt.getTime()) / 1000)}` : '';
  const counts = `${count(op.done)} ${verbs[op.kind]}${op.skipped ? `, ${count(op.skipped)} skipped (changed or handled by someone else meanwhile)` : ''}`;
  const undo = undoable(op) ? ` Undo with: undo ${op.id}` : '';
  const imported = importReportOf(op);
  // An import's result is its report: rows, new, updated, unchanged, in the trash, bad rows by line.
  if (imported && op.status !== 'failed') {
    const how = op.status === 'done' ? 'finished' : `stopped by ${op.cancelledBy ?? 'an admin'} after ${count(imported.rows)} of ${count(op.total)} rows`;
    return `${operationTitle(op)} ${how}${took}. ${renderIngestText({ kind: 'import-done', report: imported })}`;
  }
  switch (op.status) {
    case 'done': {
      const backup = finishedBackup(op);
      // A backup's result is the file it wrote: id, counts, size, verification and checksum.
      if (backup) return `${operationTitle(op)} finished${took}. ${renderBackupOutcome({ kind: 'backup-created', backup })}`;
      return `${operationTitle(op)} finished${took}: ${counts}.${undo}`;
    }
    case 'cancelled': {
      const left = Math.max(0, op.total - op.done - op.skipped);
      return `${operationTitle(op)} stopped by ${op.cancelledBy ?? 'an admin'}${took}: ${counts}; ${count(left)} not reached.${undo}`;
    }
    case 'failed':
      return `${operationTitle(op)} failed (${String(op.result?.failure ?? 'error')}) after ${counts}. What it did stays done and audited; the log has the details.${undo}`;
    case 'running':
      return runningText(op, new Date());
  }
}

/** A bulk delete that deleted something can be undone, whether it finished or was stopped. */
export const undoable = (op: Operation): boolean => op.kind === 'bulk-delete' && op.status !== 'running' && op.done > 0;

/** What the requester is told when it ends, wherever they are looking. */
export const endNotice = (op: Operation): string => `Your ${endText(op).replace(/^./, (c) => c.toLowerCase())}`;

export function stoppingText(op: Operation): string {
  return `${operationTitle(op)} will stop after the batch it is on; its message shows the exact counts, and undo reverses what it did.`;
}

/** `jobs`: one line per operation, running first. */
export function jobListText(ops: Operation[], now: Date): string {
  if (ops.length === 0) return 'No running or recent jobs.';
  return [
    `Jobs (running first, then the most recent):`,
    ...ops.map((op) => `  ${op.id}  ${titles[op.kind].toLowerCase()}  ${op.status}  ${op.status === 'running' ? progressLine(op, now) : progressFraction(op)}  by ${op.requesterId}, started ${minute(op.startedAt)}`),
    '  "cancel <jobId>" stops a running one between two batches.',
  ].join('\n');
}

/** A terminal progress bar: `[#########...........]  45%`. */
export function progressBar(op: Operation, width = 30): string {
  const filled = Math.round((percent(op) / 100) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(percent(op)).padStart(3)}%`;
}
