import type { BackupSummary } from '../../src/ports/backups.js';
import type { ImportReport } from '../../src/usecases/importNotes.js';
import type { ProgressView } from './platform.js';

const asDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

/**
 * The backup a finished `backup now` operation wrote (kept in its result data), or null. Its
 * dates are revived: a stored result may come back from the database with strings for dates.
 */
export function finishedBackup(view: ProgressView): BackupSummary | null {
  if (view.kind !== 'backup' || view.status !== 'done') return null;
  const raw = view.result?.backup as (BackupSummary & { verification?: { at: unknown } }) | undefined;
  if (!raw || typeof raw.id !== 'string') return null;
  return {
    ...raw,
    startedAt: asDate(raw.startedAt),
    finishedAt: asDate(raw.finishedAt),
    ...(raw.verification ? { verification: { ...raw.verification, at: asDate(raw.verification.at) } } : {}),
  };
}

/** The report of an import job that ended (done or stopped), kept in its result data, or null. */
export function importReportOf(view: ProgressView): ImportReport | null {
  if (view.kind !== 'import' || view.status === 'running') return null;
  const report = view.result?.report as ImportReport | undefined;
  return report && typeof report.rows === 'number' ? report : null;
}
