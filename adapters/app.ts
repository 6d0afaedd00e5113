import type { Connection } from 'mongoose';
import type { Clock, IdGenerator, Logger } from '../src/ports/system.js';
import { systemClock, randomIds } from '../src/system.js';
import type { CoreDeps } from '../src/usecases/context.js';
import { PlanRuns, type BatchStep, type PlanRunHooks } from '../src/usecases/planRunner.js';
import { resumeInterruptedPlans } from '../src/usecases/resumePlans.js';
import { createDispatcher, type Dispatcher, type DispatchExtensions } from '../src/usecases/dispatch.js';
import { BackupCatalog } from './backups/catalog.js';
import { FileBackupStore } from './backups/fileBackupStore.js';
import { FileSnapshotSink } from './backups/fileSnapshotSink.js';
import { PlatformNotifier } from './chat/notifier.js';
import type { Config } from './config.js';
import { connectDatabase } from './mongo/connection.js';
import { createMongoRepositories } from './mongo/index.js';

/**
 * The composition root: config -> database -> repositories -> use cases. Front ends (console,
 * Slack, Teams) and jobs are attached to the returned App by main.ts, or by tests.
 */
export interface App {
  config: Config;
  logger: Logger;
  connection: Connection;
  deps: CoreDeps;
  dispatcher: Dispatcher;
  notifier: PlatformNotifier;
  /** Lets the backup module plug in the confirmed "restore from backup" action. */
  extend(extensions: DispatchExtensions): void;
  close(): Promise<void>;
}

export interface AppOptions {
  config: Config;
  logger: Logger;
  databaseUri: string;
  clock?: Clock;
  ids?: IdGenerator;
  /** Live progress of plan batches (the next issue shows it); tests may pass crash points. */
  planHooks?: PlanRunHooks;
}

export async function createApp(options: AppOptions): Promise<App> {
  const { config, logger } = options;
  const connection = await connectDatabase(options.databaseUri);
  const repositories = createMongoRepositories(connection);
  await repositories.ensureIndexes();
  const clock = options.clock ?? systemClock;
  const notifier = new PlatformNotifier(logger.child({ component: 'notifier' }));
  const runs = new PlanRuns(options.planHooks ?? testCrashHooks(process.env));
  const deps: CoreDeps = {
    notes: repositories.notes,
    roles: repositories.roles,
    plans: repositories.plans,
    approvals: repositories.approvals,
    confirmations: repositories.confirmations,
    audit: repositories.audit,
    locales: repositories.locales,
    snapshots: new FileSnapshotSink(config.backupDir, clock),
    notifier,
    clock,
    ids: options.ids ?? randomIds,
    logger: logger.child({ component: 'core' }),
    settings: {
      bulkApprovalThreshold: config.BULK_APPROVAL_THRESHOLD,
      bulkMax: config.BULK_MAX,
      approvalTtlMinutes: config.APPROVAL_TTL_MINUTES,
      confirmTtlMinutes: config.CONFIRM_TTL_MINUTES,
      pageSize: 10,
      batchSize: config.BULK_BATCH_SIZE,
      rolePolicy: { bootstrapAdmins: config.NOTES_ADMINS, defaultRole: config.DEFAULT_ROLE },
      defaultLocale: config.DEFAULT_LOCALE,
    },
    runs,
  };
  let extensions: DispatchExtensions = {};
  let dispatcher = createDispatcher(deps, extensions);
  const app: App = {
    config,
    logger,
    connection,
    deps,
    get dispatcher() {
      return dispatcher;
    },
    notifier,
    extend(more) {
      extensions = { ...extensions, ...more };
      dispatcher = createDispatcher(deps, extensions);
    },
    async close() {
      await stopPlanWork(app);
      await connection.close();
    },
  };
  // A crash (or a shutdown) mid-plan leaves it `executing`: finish it before taking new work.
  // Backup restores are plans too; resuming them needs the backup files, read here directly.
  const db = connection.db;
  const backups = db
    ? new FileBackupStore(new BackupCatalog(config.backupDir), { notes: deps.notes, roles: deps.roles, audit: deps.audit }, db.collection('notes'), clock)
    : undefined;
  await resumeInterruptedPlans(deps, { backups });
  return app;
}

/**
 * For the shutdown path (main.ts): no plan batch starts after this, and it resolves once the
 * running batch is recorded and audited; an unfinished plan resumes at the next start. Waits for
 * nothing when no plan is running. `app.close()` calls it too.
 */
export function stopPlanWork(app: App): Promise<void> {
  return app.deps.runs?.stop() ?? Promise.resolve();
}

/**
 * Test-only crash points, for the crash tests (test/integration/console/crashResume.test.ts):
 * `NOTES_TEST_CRASH_AFTER_BATCH=<n>` kills the process with SIGKILL when its n-th batch reaches
 * `NOTES_TEST_CRASH_AT` (`applied`: acted, not recorded; `recorded`, the default: recorded, not
 * audited; `advanced`: done and counted). Deliberately not a setting of the validated config.
 */
function testCrashHooks(env: NodeJS.ProcessEnv): PlanRunHooks {
  const after = Number(env.NOTES_TEST_CRASH_AFTER_BATCH);
  if (!Number.isInteger(after) || after < 1) return {};
  const at = (env.NOTES_TEST_CRASH_AT ?? 'recorded') as BatchStep;
  const seen = new Map<BatchStep, number>();
  return {
    checkpoint(step) {
      seen.set(step, (seen.get(step) ?? 0) + 1);
      if (step === at && seen.get(step) === after) process.kill(process.pid, 'SIGKILL');
    },
  };
}
