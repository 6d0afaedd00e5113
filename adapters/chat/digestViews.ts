import type { AuditEntry } from '../../src/domain/audit.js';
import type { BackupSummary, RotationResult } from '../../src/ports/backups.js';
import type { PurgeReport } from '../../src/usecases/backups.js';
import type { RoleGrantView } from '../../src/usecases/outcomes.js';
import { digestIn, type Digest } from './digestPublisher.js';
import { countsText, secondsText, sizeText } from './backupText.js';
import { english, translatorFor, type Translator } from './i18n/index.js';
import type { DrillResult } from '../../src/ports/jobState.js';
import { isCrmSource } from '../../src/ports/crm.js';
import { problemText } from './problemText.js';
import { roleName } from './words.js';

/**
 * The scheduled jobs' channel posts, built in `DIGEST_LOCALE` (else `DEFAULT_LOCALE`) and worded
 * again for a channel with a language of its own: counts, sizes and ids are data, every sentence
 * comes from the catalog.
 */

/** A digest that can be worded again in a channel's own language (`lang channel`) by the view that built it. */
function retold(digest: Digest, build: (tr: Translator) => Digest): Digest {
  return { ...digest, retell: { lines: digest.lines.length, in: (locale) => build(translatorFor(locale)) } };
}

const signed = (n: number) => (n >= 0 ? `+${n}` : `${n}`);

function changeText(current: BackupSummary, previous: BackupSummary | null, tr: Translator): string {
  if (!previous) return tr.t('digest.firstBackup');
  const names = [...new Set(['notes', 'roles', 'audit', ...Object.keys(current.counts), ...Object.keys(previous.counts)])];
  const deltas = Object.fromEntries(names.map((n) => [n, (current.counts[n] ?? 0) - (previous.counts[n] ?? 0)]));
  // Signed counts read "+3 notes, -1 roles": the counts' own wording, with the sign kept.
  const words = countsText(deltas, tr).replace(/(^|, |、)(-?\d+)/g, (_, sep: string, n: string) => `${sep}${signed(Number(n))}`);
  return tr.t('digest.changeSince', { deltas: words, bytes: signed(current.bytes - previous.bytes), previous: previous.id, at: tr.minute(previous.startedAt) });
}

export function drillText(drill: DrillResult, tr: Translator = english): string {
  const at = tr.minute(drill.at);
  if (!drill.ok) {
    const problem = problemText(drill.problem, tr);
    return drill.backupId ? tr.t('digest.drillFailedOn', { at, backupId: drill.backupId, problem }) : tr.t('digest.drillFailed', { at, problem });
  }
  return tr.t('digest.drillOk', { at, backupId: drill.backupId ?? '?', counts: countsText(drill.counts, tr), duration: secondsText(drill.durationMs, tr) });
}

/** After a successful scheduled export (DESIGN.md section 8). */
export function backupDigest(
  backup: BackupSummary,
  previous: BackupSummary | null,
  rotation: RotationResult,
  drill: DrillResult | null,
  tr: Translator = english,
): Digest {
  const { t } = tr;
  const verified = backup.verification?.ok;
  const removed = rotation.removed.map((r) =>
    t('digest.rotationItem', { id: r.id, reason: r.reason === 'beyond-keep' ? t('digest.rotationReason.beyond-keep', { keep: r.keep }) : t('digest.rotationReason.all-purged') }),
  );
  return retold({
    topic: 'backup',
    locale: tr.locale,
    ok: Boolean(verified) && (drill?.ok ?? true),
    title: t(verified ? 'digest.backupDone' : 'digest.backupUnverified', { id: backup.id }),
    lines: [
      t('digest.counts', { counts: countsText(backup.counts, tr) }),
      t('digest.change', { change: changeText(backup, previous, tr) }),
      t('digest.size', { size: sizeText(backup.bytes), duration: secondsText(backup.durationMs, tr) }),
      verified
        ? t('digest.checksumOk', { sha256: backup.sha256.slice(0, 16) })
        : t('digest.checksumBad', { problem: backup.verification ? problemText(backup.verification.problem, tr) : t('digest.noVerification') }),
      removed.length ? t('digest.rotationRemoved', { count: removed.length, removed: removed.join(t('format.detailSeparator')) }) : t('digest.rotationNothing'),
      ...(drill ? [drillText(drill, tr)] : []),
    ],
  }, (other) => backupDigest(backup, previous, rotation, drill, other));
}

/** `reason` is the failure's own diagnostic (an exception message), quoted as it was raised. */
export function backupFailureDigest(reason: string, attempt: number, retryAt: Date | null, tr: Translator = english): Digest {
  const { t } = tr;
  return retold({
    topic: 'backup-failed',
    locale: tr.locale,
    ok: false,
    title: t('digest.failedTitle'),
    lines: [
      t('digest.reason', { reason }),
      retryAt ? t('digest.retrying', { attempt, at: tr.minute(retryAt) }) : t('digest.noRetry', { attempt }),
      t('digest.nothingLost'),
    ],
  }, (other) => backupFailureDigest(reason, attempt, retryAt, other));
}

export function purgeDigest(report: PurgeReport, retentionDays: number, tr: Translator = english): Digest {
  const { t } = tr;
  return retold({
    topic: 'trash-purge',
    locale: tr.locale,
    ok: report.keptUnbacked === 0,
    title: t('digest.purgeTitle', { count: report.purged }),
    lines: [
      t('digest.purgeExpired', { count: report.expired, days: retentionDays, purged: report.purged }),
      report.keptUnbacked ? t('digest.purgeKept', { kept: report.keptUnbacked }) : t('digest.purgeNoneKept'),
    ],
  }, (other) => purgeDigest(report, retentionDays, other));
}

export interface RoleReviewInput {
  admins: RoleGrantView[];
  others: RoleGrantView[];
  defaultRole: string;
  changes: AuditEntry[];
  since: Date | null;
}

/** The regular permission review of the seed article: who holds what, and what changed. */
export function rolesReviewDigest(input: RoleReviewInput, tr: Translator = english): Digest {
  const { t } = tr;
  const who = (v: RoleGrantView) => {
    if (!v.grantedBy) return t('roles.bootstrap', { actorId: v.actorId });
    return v.grantedAt ? t('digest.grantedByAt', { actorId: v.actorId, by: v.grantedBy, at: tr.minute(v.grantedAt) }) : t('digest.grantedBy', { actorId: v.actorId, by: v.grantedBy });
  };
  const members = input.others.filter((v) => v.role === 'member');
  const viewers = input.others.filter((v) => v.role === 'viewer');
  const role = (value: unknown) => (typeof value === 'string' ? roleName(value, tr) : '?');
  return retold({
    topic: 'roles-review',
    locale: tr.locale,
    ok: true,
    title: t('digest.reviewTitle', { admins: t('digest.admins', { count: input.admins.length }), members: t('digest.members', { count: members.length }) }),
    lines: [
      t('digest.reviewAdmins', { who: tr.join(input.admins.map(who)) || t('format.none') }),
      t('digest.reviewMembers', { who: tr.join(members.map(who)) || t('digest.noneByGrant') }),
      ...(viewers.length ? [t('digest.reviewViewers', { who: tr.join(viewers.map(who)) })] : []),
      t('digest.everyoneElse', { role: roleName(input.defaultRole, tr) }),
      changesHeading(input, tr),
      ...input.changes.map(
        (e) =>
          `  ${t('digest.roleChange', {
            seq: e.seq,
            at: tr.minute(e.at),
            actorId: e.actorId,
            verb: t(e.action === 'role.grant' ? 'digest.granted' : 'digest.revoked'),
            target: e.targetIds[0],
            previous: role(e.details.previous),
            role: role(e.details.role),
          })}`,
      ),
      t('digest.reviewAsk'),
    ],
  }, (other) => rolesReviewDigest(input, other));
}

/** "Role changes since …": the first review has no earlier one, so it counts from the start. */
function changesHeading(input: RoleReviewInput, tr: Translator): string {
  const { t } = tr;
  if (!input.since) return input.changes.length ? t('digest.changesSinceStart') : t('digest.noChangesSinceStart');
  const since = tr.minute(input.since);
  return input.changes.length ? t('digest.changesSince', { since }) : t('digest.noChangesSince', { since });
}

/**
 * Lines added after a view's own (job problems, CRM failures), worded in the digest's language and
 * again in a channel's own: `more` words them for any reader. A digest that turns a failure stays one.
 */
export function withMoreLines(digest: Digest, more: (tr: Translator) => string[], failure: boolean): Digest {
  const lines = more(translatorFor(digest.locale ?? 'en'));
  if (lines.length === 0) return digest;
  const grown: Digest = { ...digest, ok: digest.ok && !failure, lines: [...digest.lines, ...lines] };
  // Without a view to re-word the first lines, the added ones are not re-worded either: one language per post.
  if (!digest.retell) return grown;
  return {
    ...grown,
    retell: {
      lines: grown.lines.length,
      in: (locale) => {
        const base = digestIn(digest, locale);
        return { ...base, ok: grown.ok, lines: [...base.lines, ...more(translatorFor(locale))] };
      },
    },
  };
}

/** What a scheduled job's problem is, as data (jobs/health.ts reads them); worded by the reader's catalog. */
export type DigestJobProblem =
  | { problem: 'no-next-run' | 'overdue' | 'disabled'; name: string; nextRunAt: Date | null; repeatInterval: string | null }
  | { problem: 'unknown'; detail: string };

function jobProblemLine(p: DigestJobProblem, tr: Translator): string {
  if (p.problem === 'unknown') return tr.t('digest.jobsUnknown', { problem: p.detail });
  if (p.problem === 'no-next-run') return tr.t('digest.jobNoNextRun', { name: p.name, schedule: p.repeatInterval ?? '' });
  if (p.problem === 'overdue') return tr.t('digest.jobOverdue', { name: p.name, at: p.nextRunAt ? tr.minute(p.nextRunAt) : '?' });
  return tr.t('digest.jobDisabled', { name: p.name });
}

/**
 * Any digest, with the scheduled jobs that will not run on time (jobs/health.ts) appended: a job
 * Agenda stored with no next run is otherwise silent, so the next digest says so, as a failure.
 */
export function withJobProblems(digest: Digest, problems: readonly DigestJobProblem[]): Digest {
  if (problems.length === 0) return digest;
  return withMoreLines(digest, (tr) => [tr.t('digest.jobProblems', { count: problems.length }), ...problems.map((p) => `  ${jobProblemLine(p, tr)}`)], true);
}

/** The backup digest names the CRM changes that gave up (DESIGN.md: failures show in the digest). */
export function withCrmFailures(digest: Digest, counts: ReadonlyArray<{ source: string; failed: number }>): Digest {
  const failing = counts.filter((c) => c.failed > 0);
  // The connector as the reader knows it (Zoho, HubSpot); a source this version does not know, by its id.
  const name = (source: string, tr: Translator) => (isCrmSource(source) ? tr.t(`crm.source.${source}`) : source);
  return withMoreLines(digest, (tr) => failing.map((c) => tr.t('digest.crmFailed', { source: name(c.source, tr), count: c.failed })), true);
}
