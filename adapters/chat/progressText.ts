import { pace, type Operation } from '../../src/domain/operation.js';
import { finishedBackup, importReportOf } from './jobResults.js';
import { renderBackupOutcome } from './backupText.js';
import { english, type Translator } from './i18n/index.js';
import { followedBy } from './format.js';
import { renderIngestText } from './renderIngest.js';

/**
 * Every sentence about long operations (jobs), in one place for every platform and in the
 * reader's language: platforms add only their markup and buttons. Numbers go through the
 * catalog's `number` format (Intl), counts through its plurals.
 */
export const operationTitle = (op: Operation, tr: Translator = english): string =>
  tr.t('progress.title', { kind: tr.t(`progress.kind.${op.kind}`), id: op.id });

/** "45 s", "2 min 5 s", "1 h 3 min": whole units, never less than a second. */
export function durationText(seconds: number, tr: Translator = english): string {
  if (seconds < 60) return tr.t('progress.seconds', { s: Math.max(1, Math.round(seconds)) });
  if (seconds < 3600) return tr.t('progress.minutesSeconds', { m: Math.floor(seconds / 60), s: Math.round(seconds % 60) });
  return tr.t('progress.hoursMinutes', { h: Math.floor(seconds / 3600), m: Math.round((seconds % 3600) / 60) });
}

const handledOf = (op: Operation) => op.done + op.skipped;

/** "4,000 of 10,000 (40%)": items handled (acted on or skipped) out of the total. */
export function progressFraction(op: Operation, tr: Translator = english): string {
  if (op.total <= 0) return tr.t('progress.soFar', { handled: handledOf(op) });
  return tr.t('progress.fraction', { handled: handledOf(op), total: op.total, percent: percent(op) });
}

export const percent = (op: Operation): number => (op.total > 0 ? Math.min(100, Math.floor((handledOf(op) * 100) / op.total)) : 0);

/** "4,000 of 10,000 (40%) · 850 notes/s · about 7 s left". */
export function progressLine(op: Operation, now: Date, tr: Translator = english): string {
  const { perSecond, secondsLeft } = pace(op, now);
  const parts = [progressFraction(op, tr)];
  if (handledOf(op) > 0) parts.push(tr.t('progress.rate', { rate: Math.round(perSecond) }));
  if (secondsLeft !== null && handledOf(op) > 0) parts.push(tr.t('progress.timeLeft', { duration: durationText(secondsLeft, tr) }));
  return parts.join(tr.t('progress.separator'));
}


/** The text while it runs: what, progress, and how to stop it. */
export function runningText(op: Operation, now: Date, tr: Translator = english): string {
  const running = tr.t('progress.running', { title: operationTitle(op, tr), progress: progressLine(op, now, tr) });
  return followedBy(running, op.result?.stoppable === false ? '' : tr.t('progress.stopHint', { id: op.id }), tr);
}

/** The answer to the request that started it. */
export function startedText(op: Operation, tr: Translator = english): string {
  const title = operationTitle(op, tr);
  return op.total > 0 ? tr.t('progress.startedCount', { title, count: op.total }) : tr.t('progress.started', { title });
}

/** What it did: "3,000 deleted", with what it skipped. */
function countsText(op: Operation, tr: Translator): string {
  const did = tr.t(`progress.did.${op.kind}`, { count: op.done });
  return op.skipped ? tr.t('progress.skipped', { did, count: op.skipped }) : did;
}

/**
 * The result: counts, how long it took, and what can reverse it. `title` names the operation
 * ("Bulk delete p-1"; the requester's notice says "Your bulk delete p-1").
 */
export function endText(op: Operation, tr: Translator = english, title = operationTitle(op, tr)): string {
  const { t } = tr;
  const duration = durationText(((op.finishedAt ?? op.updatedAt).getTime() - op.startedAt.getTime()) / 1000, tr);
  const by = op.cancelledBy ?? t('progress.anAdmin');
  const undo = undoable(op) ? t('plan.undoHint', { planId: op.id }) : '';
  const imported = importReportOf(op);
  // An import's result is its report: rows, new, updated, unchanged, in the trash, bad rows by line.
  if (imported && op.status !== 'failed') {
    const how =
      op.status === 'done'
        ? t('progress.finishedThen', { title, duration })
        : t('progress.importStopped', { title, by, rows: imported.rows, total: op.total, duration });
    return followedBy(how, renderIngestText({ kind: 'import-done', report: imported }, tr), tr);
  }
  const counts = countsText(op, tr);
  switch (op.status) {
    case 'done': {
      const backup = finishedBackup(op);
      // A backup's result is the file it wrote: id, counts, size, verification and checksum.
      if (backup) return followedBy(t('progress.finishedThen', { title, duration }), renderBackupOutcome({ kind: 'backup-created', backup }, tr), tr);
      return followedBy(t('progress.finished', { title, duration, counts }), undo, tr);
    }
    case 'cancelled': {
      const left = Math.max(0, op.total - handledOf(op));
      return followedBy(t('progress.stoppedBy', { title, by, duration, counts, left }), undo, tr);
    }
    case 'failed':
      return followedBy(t('progress.failed', { title, failure: failureText(op.result?.failure, tr), counts }), undo, tr);
    case 'running':
      return runningText(op, new Date(), tr);
  }
}

const FAILURES = new Set(['Internal', 'Unavailable', 'BackupInvalid', 'BackupNotFound', 'NotPermitted', 'PlanNotFound', 'NoteNotFound', 'JobNotFound', 'BadInput', 'InputTooLong']);

/** Why a job failed: the error code it stopped with (src/usecases/operations.ts), worded; an unlisted code is named as it is. */
function failureText(failure: unknown, tr: Translator): string {
  const code = typeof failure === 'string' ? failure : 'Internal';
  return FAILURES.has(code) ? tr.t(`progress.failure.${code as 'Internal'}`) : tr.t('progress.failure.other', { code });
}

/** A bulk delete that deleted something can be undone, whether it finished or was stopped. */
export const undoable = (op: Operation): boolean => op.kind === 'bulk-delete' && op.status !== 'running' && op.done > 0;

/** What the requester is told when it ends, wherever they are looking: "Your bulk delete p-1 finished …". */
export const endNotice = (op: Operation, tr: Translator = english): string =>
  endText(op, tr, tr.t('progress.yourTitle', { kind: tr.t(`progress.kindInline.${op.kind}`), id: op.id }));

export const stoppingText = (op: Operation, tr: Translator = english): string => tr.t('progress.stopping', { title: operationTitle(op, tr) });

/** `jobs`: one line per operation, running first. */
export function jobListText(ops: Operation[], now: Date, tr: Translator = english): string {
  const { t } = tr;
  if (ops.length === 0) return t('progress.jobsNone');
  const line = (op: Operation) =>
    t('progress.jobLine', {
      id: op.id,
      kind: t(`progress.kindInline.${op.kind}`),
      status: t(`progress.status.${op.status}`),
      progress: op.status === 'running' ? progressLine(op, now, tr) : progressFraction(op, tr),
      by: op.requesterId,
      at: tr.minute(op.startedAt),
    });
  return [t('progress.jobsHeading'), ...ops.map((op) => `  ${line(op)}`), `  ${t('progress.jobsHint')}`].join('\n');
}

/** A terminal progress bar: `[#########...........]  45%`. */
export function progressBar(op: Operation, width = 30): string {
  const filled = Math.round((percent(op) / 100) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(percent(op)).padStart(3)}%`;
}
