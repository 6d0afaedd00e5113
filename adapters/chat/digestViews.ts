import type { AuditEntry } from '../../src/domain/audit.js';
import type { BackupSummary } from '../../src/ports/backups.js';
import type { PurgeReport } from '../../src/usecases/backups.js';
import type { RoleGrantView } from '../../src/usecases/outcomes.js';
import { minute, plural } from './format.js';
import type { Digest } from './digestPublisher.js';
import type { DrillResult } from '../backups/jobState.js';
import { countsText, sizeText } from './backupText.js';
import type { RotationResult } from '../backups/rotation.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const signed = (n: number) => (n >= 0 ? `+${n}` : `${n}`);

function changeText(current: BackupSummary, previous: BackupSummary | null): string {
  if (!previous) return 'first backup: nothing to compare with';
  const order = ['notes', 'roles', 'audit'];
  const names = [...new Set([...order, ...Object.keys(current.counts), ...Object.keys(previous.counts)])];
  const deltas = names.map((n) => `${signed((current.counts[n] ?? 0) - (previous.counts[n] ?? 0))} ${n}`).join(', ');
  return `${deltas}, ${signed(current.bytes - previous.bytes)} bytes since ${previous.id} (${minute(previous.startedAt)})`;
}

export function drillText(drill: DrillResult): string {
  if (!drill.ok) return `Restore drill ${minute(drill.at)} FAILED${drill.backupId ? ` on ${drill.backupId}` : ''}: ${drill.problem}`;
  return `Restore drill ${minute(drill.at)}: ${drill.backupId} restored into a scratch database and compared — ${countsText(drill.counts)} identical, audit chain intact (${seconds(drill.durationMs)})`;
}

/** After a successful scheduled export (DESIGN.md section 8). */
export function backupDigest(
  backup: BackupSummary,
  previous: BackupSummary | null,
  rotation: RotationResult,
  drill: DrillResult | null,
): Digest {
  const verified = backup.verification?.ok;
  const removed = rotation.removed.map((r) => `${r.id} (${r.reason})`);
  return {
    topic: 'backup',
    ok: Boolean(verified) && (drill?.ok ?? true),
    title: `Backup ${backup.id}: ${verified ? 'done and verified' : 'written but NOT verified'}`,
    lines: [
      `Counts: ${countsText(backup.counts)}`,
      `Change: ${changeText(backup, previous)}`,
      `Size: ${sizeText(backup.bytes)}; duration ${seconds(backup.durationMs)}`,
      verified
        ? `Checksum verified: sha256 ${backup.sha256.slice(0, 16)}… and counts re-read from the file`
        : `Checksum NOT verified: ${backup.verification?.problem ?? 'no verification recorded'}`,
      removed.length ? `Rotation removed ${plural(removed.length, 'backup')}: ${removed.join('; ')}` : 'Rotation removed nothing',
      ...(drill ? [drillText(drill)] : []),
    ],
  };
}

export function backupFailureDigest(reason: string, attempt: number, retryAt: Date | null): Digest {
  return {
    topic: 'backup-failed',
    ok: false,
    title: 'Backup FAILED',
    lines: [
      `Reason: ${reason}`,
      retryAt ? `Attempt ${attempt}; retrying at ${minute(retryAt)}` : `Attempt ${attempt}; no more retries until the next scheduled run`,
      'Nothing is purged from the trash without a verified backup, so no note can be lost meanwhile.',
    ],
  };
}

export function purgeDigest(report: PurgeReport, retentionDays: number): Digest {
  return {
    topic: 'trash-purge',
    ok: report.keptUnbacked === 0,
    title: `Trash purge: ${plural(report.purged, 'note')} removed for good`,
    lines: [
      `${plural(report.expired, 'note')} deleted more than ${retentionDays} days ago; ${report.purged} held by a verified backup and purged (each audited with its hash).`,
      report.keptUnbacked
        ? `${report.keptUnbacked} kept: no verified backup holds them yet. "backup now" then the next purge removes them.`
        : 'None kept for lack of a backup.',
    ],
  };
}

export interface RoleReviewInput {
  admins: RoleGrantView[];
  others: RoleGrantView[];
  defaultRole: string;
  changes: AuditEntry[];
  since: Date | null;
}

/** The regular permission review of the seed article: who holds what, and what changed. */
export function rolesReviewDigest(input: RoleReviewInput): Digest {
  const who = (v: RoleGrantView) => `${v.actorId}${v.grantedBy ? ` (by ${v.grantedBy}${v.grantedAt ? ` ${minute(v.grantedAt)}` : ''})` : ' (NOTES_ADMINS)'}`;
  const members = input.others.filter((v) => v.role === 'member');
  const viewers = input.others.filter((v) => v.role === 'viewer');
  return {
    topic: 'roles-review',
    ok: true,
    title: `Permission review: ${plural(input.admins.length, 'admin')}, ${plural(members.length, 'member')} by grant`,
    lines: [
      `Admins: ${input.admins.map(who).join(', ') || 'none'}`,
      `Members: ${members.map(who).join(', ') || 'none by grant'}`,
      ...(viewers.length ? [`Viewers: ${viewers.map(who).join(', ')}`] : []),
      `Everyone else: ${input.defaultRole}`,
      input.changes.length
        ? `Role changes since ${input.since ? minute(input.since) : 'the start'}:`
        : `No role changes since ${input.since ? minute(input.since) : 'the start'}.`,
      ...input.changes.map(
        (e) => `  #${e.seq} ${minute(e.at)} ${e.actorId} ${e.action === 'role.grant' ? 'granted' : 'revoked'} ${e.targetIds[0]}: ${String(e.details.previous ?? '?')} -> ${String(e.details.role ?? '?')}`,
      ),
      'Please check each admin still needs the role; "roles revoke <actor>" removes it.',
    ],
  };
}

/**
 * Any digest, with the scheduled jobs that will not run on time (jobs/health.ts) appended: a job
 * Agenda stored with no next run is otherwise silent, so the next digest says so, as a failure.
 */
export function withJobProblems(digest: Digest, problems: string[]): Digest {
  if (problems.length === 0) return digest;
  return {
    ...digest,
    ok: false,
    lines: [...digest.lines, `Scheduled jobs that will not run on time (${problems.length}):`, ...problems.map((p) => `  ${p}`)],
  };
}
