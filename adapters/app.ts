import type { Connection } from 'mongoose';
import { systemActor } from '../src/domain/actor.js';
import type { Clock, IdGenerator, Logger } from '../src/ports/system.js';
import { systemClock, randomIds } from '../src/system.js';
import { resumeInterruptedPlans } from '../src/usecases/bulkDelete.js';
import type { CoreDeps } from '../src/usecases/context.js';
import { createDispatcher, type Dispatcher, type DispatchExtensions } from '../src/usecases/dispatch.js';
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
}

export async function createApp(options: AppOptions): Promise<App> {
  const { config, logger } = options;
  const connection = await connectDatabase(options.databaseUri);
  const repositories = createMongoRepositories(connection);
  await repositories.ensureIndexes();
  const clock = options.clock ?? systemClock;
  const notifier = new PlatformNotifier(logger.child({ component: 'notifier' }));
  const deps: CoreDeps = {
    notes: repositories.notes,
    roles: repositories.roles,
    plans: repositories.plans,
    approvals: repositories.approvals,
    confirmations: repositories.confirmations,
    audit: repositories.audit,
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
    },
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
      await connection.close();
    },
  };
  // A crash mid-plan leaves it `executing`: finish it before taking new work.
  await resumeInterruptedPlans(deps, { actor: systemActor, origin: { platform: 'system' } });
  return app;
}
