import { systemActor } from '../src/domain/actor.js';
import { record } from '../src/usecases/context.js';
import { purgeExpiredTrash } from '../src/usecases/backups.js';
import { listRoles } from '../src/usecases/roles.js';
import type { App } from '../adapters/app.js';
import type { BackupModule } from '../adapters/backups/index.js';
import { backupDigest, backupFailureDigest, purgeDigest, rolesReviewDigest, withJobProblems } from '../adapters/backups/digest.js';
import type { Digest } from '../adapters/backups/digestPublisher.js';
import { runRestoreDrill } from '../adapters/backups/drill.js';
import { toAuditEntry } from '../adapters/backups/reader.js';
import { rotateBackups } from '../adapters/backups/rotation.js';
import { withCrmFailures } from './crm.js';
import { jobHealthProblems } from './health.js';

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

export function jobHandlers(app: App, backups: BackupModule): JobHandlers {
  const { config, deps } = app;
  const channel = config.BACKUP_DIGEST_CHANNEL;
  // Every digest carries the jobs that will not run on time (DESIGN.md section 6, /healthz too).
  const publish = async (digest: Digest, to: string | undefined) =>
    backups.digests.publish(withJobProblems(digest, await jobHealthProblems(backups.db)), to);
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
          throw new Error(`backup ${backup.id} was written but does not verify: ${backup.verification?.problem ?? 'unknown'}`);
        }
        const rotation = await rotateBackups(backups.catalog, backups.notes, config.BACKUP_KEEP, deps.clock.now());
        const drill = await backups.state.takeUnreportedDrill();
        await publish(withCrmFailures(backupDigest(backup, previous, rotation, drill), (await app.crm?.failedCounts()) ?? []), channel);
      } catch (error) {
        const reason = (error as Error).message;
        await publish(backupFailureDigest(reason, attempt, retryAt(attempt)), channel);
        throw error;
      }
    },

    async purgeTrash() {
      const report = await purgeExpiredTrash(deps, backups.store, backups.purger, { retentionDays: config.TRASH_RETENTION_DAYS });
      if (report.expired > 0) await publish(purgeDigest(report, config.TRASH_RETENTION_DAYS), channel);
    },

    async restoreDrill() {
      const result = await runRestoreDrill(backups.catalog, app.connection, () => deps.clock.now());
      // Reported by the next backup digest (DESIGN.md section 8); logged now.
      await backups.state.saveDrill(result);
      app.logger.info({ drill: result }, `restore drill ${result.ok ? 'passed' : 'FAILED'}`);
    },

    async reviewRoles() {
      const last = await backups.state.lastRoleReview();
      const changes = await backups.db
        .collection('audit')
        .find({ action: { $in: ['role.grant', 'role.revoke'] }, seq: { $gt: last?.seq ?? 0 } }, { projection: { _id: 0 } })
        .sort({ seq: 1 })
        .limit(1000)
        .toArray();
      const roles = await listRoles(deps);
      if (roles.kind !== 'role-list') throw new Error('listRoles returned an unexpected outcome');
      const entries = changes.map(toAuditEntry);
      await publish(
        rolesReviewDigest({ admins: roles.admins, others: roles.others, defaultRole: roles.defaultRole, changes: entries, since: last?.at ?? null }),
        config.APPROVAL_CHANNEL,
      );
      const [tail] = await deps.audit.query({ limit: 1 });
      await backups.state.saveRoleReview(deps.clock.now(), Math.max(tail?.seq ?? 0, last?.seq ?? 0));
    },
  };
}
