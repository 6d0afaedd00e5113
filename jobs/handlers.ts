import { systemActor } from '../src/domain/actor.js';
import { record } from '../src/usecases/context.js';
import { purgeExpiredTrash } from '../src/usecases/backups.js';
import { listRoles } from '../src/usecases/roles.js';
import type { Logger } from '../src/ports/system.js';
import type { CoreDeps } from '../src/usecases/context.js';
import type { ResumeOptions } from '../src/usecases/resumePlans.js';
import type { BackupModule } from '../adapters/backups/index.js';
import { backupDigest, backupFailureDigest, purgeDigest, rolesReviewDigest, withCrmFailures, withJobProblems, type DigestJobProblem } from '../adapters/chat/digestViews.js';
import type { Digest, DigestPublisher } from '../adapters/chat/digestPublisher.js';
import type { DrillResult } from '../src/ports/jobState.js';
import { rotateBackups } from '../adapters/backups/rotation.js';
import { translatorFor } from '../adapters/chat/i18n/index.js';
import type { CrmJobsPort } from './crm.js';
import type { JobSettings } from './index.js';

const systemCtx = { actor: systemActor, origin: { platform: 'system' as const } };

/**
 * The work of each job, apart from Agenda: `jobs/index.ts` wraps these in definitions with lock
 * lifetimes, heartbeats and retries. Each one reports through the digest publisher.
 */
export interface JobHandlers {
  exportBackup(attempt: number, retryAt: (attempt: number) => Date | null): Promise<void>;
  purgeTrash(): Promise<void>;
  restoreDrill(): Promise<void>;
  reviewRoles(): Promise<void>;
}

/**
 * What the job handlers receive from the composition root (root/app.ts): no config, no front
 * ends, no database connection: the storage they touch comes in as ports and functions.
 */
export interface JobsContext {
  logger: Logger;
  deps: CoreDeps;
  backups: BackupModule;
  /** Where digests go (the platforms register their posters on start). */
  digests: DigestPublisher;
  jobSettings: JobSettings;
  /** The scheduled jobs that will not run on time (Agenda's collection), carried by every digest. */
  jobProblems(): Promise<DigestJobProblem[]>;
  /** Restores the newest backup into a scratch database and compares it (adapters/backups/drill.ts). */
  restoreDrill(): Promise<DrillResult>;
  /** The CRM pull and outbox (absent when no CRM is connected). */
  crm?: CrmJobsPort;
  /** How long operations resume (start-up's own), for the sweep that takes over those a dead instance left. */
  resume?: ResumeOptions;
}

export function jobHandlers(app: JobsContext): JobHandlers {
  const { deps, backups, digests, jobSettings: settings } = app;
  const channel = settings.digestChannel;
  // Channel posts speak the digest language (DIGEST_LOCALE, else DEFAULT_LOCALE), not any one reader's.
  const tr = translatorFor(settings.digestLocale);
  // Every digest carries the jobs that will not run on time (DESIGN.md section 6, /healthz too).
  const publish = async (digest: Digest, to: string | undefined) =>
    digests.publish(withJobProblems(digest, await app.jobProblems()), to);
  return {
    async exportBackup(attempt, retryAt) {
      try {
        const previous = (await backups.store.list()).find((b) => b.kind === 'scheduled') ?? null;
        const backup = await backups.store.create('scheduled');
        await record(deps, systemCtx, 'backup.create', [backup.id], {
          kind: backup.kind,
          counts: backup.counts,
          bytes: backup.bytes,
          sha256: backup.sha256,
          verified: backup.verification?.ok ?? false,
        });
        if (!backup.verification?.ok) {
          throw new Error(`backup ${backup.id} was written but does not verify: ${JSON.stringify(backup.verification?.problem ?? 'unknown')}`);
        }
        const rotation = await rotateBackups(backups.catalog, backups.restorer, settings.backupKeep, deps.clock.now());
        const drill = await backups.state.takeUnreportedDrill();
        await publish(withCrmFailures(backupDigest(backup, previous, rotation, drill, tr), (await app.crm?.failedCounts()) ?? []), channel);
      } catch (error) {
        const reason = (error as Error).message;
        await publish(backupFailureDigest(reason, attempt, retryAt(attempt), tr), channel);
        throw error;
      }
    },

    async purgeTrash() {
      const report = await purgeExpiredTrash(deps, backups.store, backups.purger, { retentionDays: settings.trashRetentionDays });
      if (report.expired > 0) await publish(purgeDigest(report, settings.trashRetentionDays, tr), channel);
    },

    async restoreDrill() {
      const result = await app.restoreDrill();
      // Reported by the next backup digest (DESIGN.md section 8); logged now.
      await backups.state.saveDrill(result);
      app.logger.info({ drill: result }, `restore drill ${result.ok ? 'passed' : 'FAILED'}`);
    },

    async reviewRoles() {
      const last = await backups.state.lastRoleReview();
      const entries = await deps.audit.changesAfter(last?.seq ?? 0, ['role.grant', 'role.revoke'], 1000);
      const roles = await listRoles(deps);
      if (roles.kind !== 'role-list') throw new Error('listRoles returned an unexpected outcome');
      await publish(
        rolesReviewDigest({ admins: roles.admins, others: roles.others, defaultRole: roles.defaultRole, changes: entries, since: last?.at ?? null }, tr),
        settings.reviewChannel,
      );
      const [tail] = await deps.audit.query({ limit: 1 });
      await backups.state.saveRoleReview(deps.clock.now(), Math.max(tail?.seq ?? 0, last?.seq ?? 0));
    },
  };
}
