import type { Connection } from 'mongoose';
import type { ConversationAddresses } from '../src/ports/conversations.js';
import type { DeliveryLedger } from '../src/ports/deliveries.js';
import type { Clock, IdGenerator, Logger } from '../src/ports/system.js';
import { systemClock, randomIds } from '../src/system.js';
import { backupRestoreRunner } from '../src/usecases/backups.js';
import type { CoreDeps } from '../src/usecases/context.js';
import { BackgroundWork } from '../src/usecases/background.js';
import { PlanRuns, type BatchStep, type PlanRunHooks } from '../src/usecases/planRunner.js';
import { resumeInterruptedPlans, type ResumeOptions } from '../src/usecases/resumePlans.js';
import { carryOutPendingEffects } from '../src/usecases/noteEffects.js';
import { createDispatcher, type Dispatcher } from '../src/usecases/dispatch.js';
import { createBackupModule, type BackupModule } from '../adapters/backups/index.js';
import { runRestoreDrill } from '../adapters/backups/drill.js';
import { DigestPublisher } from '../adapters/chat/digestPublisher.js';
import { FileSnapshotSink } from '../adapters/backups/fileSnapshotSink.js';
import { PlatformNotifier } from '../adapters/chat/notifier.js';
import type { Config } from '../adapters/config.js';
import { connectDatabase } from '../adapters/mongo/connection.js';
import { createMongoRepositories } from '../adapters/mongo/index.js';
import { ExportFiles } from '../adapters/imports/exportFiles.js';
import { digestJobProblems } from '../jobs/health.js';
import type { JobSettings, JobsWiring } from '../jobs/index.js';
import { PlatformProgress } from '../adapters/chat/progress.js';
import { connectorsFromConfig, createCrmModule, type CrmModule, type CrmModuleOptions } from '../adapters/crm/index.js';
import type { CrmConnector } from '../src/ports/crm.js';
import type { ApiTokenStore } from '../src/ports/tokens.js';
import { importWork, type ProgressListener } from '../src/usecases/importNotes.js';
import { toActor } from '../src/domain/actor.js';
import { channelSubject } from '../src/usecases/language.js';
import type { Operation } from '../src/domain/operation.js';

/**
 * The composition root, part one: config -> database -> repositories -> backups -> dispatcher ->
 * what the jobs need, each built once, in that order. Jobs (jobs/index.ts, started on `jobs`) and
 * front ends (root/server.ts, root/api.ts, the console) are started on it by main.ts, or by tests;
 * they receive narrow parts of it, never the App itself. Nothing but main.ts, root/ and tests
 * imports this.
 */
export interface App {
  config: Config;
  logger: Logger;
  connection: Connection;
  deps: CoreDeps;
  dispatcher: Dispatcher;
  /** Routes approval events to the platform that shows them; platforms' notifiers are registered on start. */
  notifier: PlatformNotifier;
  /** Where each chat platform registers how it shows the progress of long operations. */
  progress: PlatformProgress;
  /**
   * Lets long work run: called once the front ends have registered their progress boards (by
   * startServer and the console). Until then work resumed at start-up waits, so its message is
   * updated too.
   */
  startBackground(): void;
  /** Resolves once no long operation runs in this process (the console waits for it at the end of a script). */
  backgroundIdle(): Promise<void>;
  backups: BackupModule;
  /** Job digests to chat; platforms' posters are registered on start. */
  digests: DigestPublisher;
  /** Where proactive posts go per conversation (Teams service URLs). */
  addresses: ConversationAddresses;
  /** Deliveries a platform may receive more than once (Feishu event ids), acted on once. */
  deliveries: DeliveryLedger;
  /** Everything startJobs needs (jobs/index.ts): the core, backups, digests, settings and the scheduler's storage. */
  jobs: JobsWiring;
  /** The CRM connectors, outbox and pull (absent when no CRM is configured). */
  crm?: CrmModule;
  /** Bearer tokens of the ingestion API (the `tokens` command writes them, the API reads them). */
  tokens: ApiTokenStore;
  close(): Promise<void>;
}

export interface AppOptions {
  config: Config;
  logger: Logger;
  databaseUri: string;
  clock?: Clock;
  ids?: IdGenerator;
  /** CRM connectors to use instead of those the settings name (tests point them at fakes). */
  crmConnectors?: CrmConnector[];
  crmOptions?: CrmModuleOptions;
  /** Live progress of plan batches (the next issue shows it); tests may pass crash points. */
  planHooks?: PlanRunHooks;
  /** Live progress of `import` (a terminal, a background-operation display); logged at info otherwise. */
  importProgress?: ProgressListener;
  /** `npm run import`: one process, one file, then exit: the import runs inside the request, not as a job. */
  importsInline?: boolean;
}

export async function createApp(options: AppOptions): Promise<App> {
  const { config, logger } = options;
  const connection = await connectDatabase(options.databaseUri);
  const repositories = createMongoRepositories(connection, undefined, logger);
  await repositories.ensureIndexes();
  const clock = options.clock ?? systemClock;
  const notifier = new PlatformNotifier(logger.child({ component: 'notifier' }));
  const runs = new PlanRuns(options.planHooks ?? testCrashHooks(process.env));
  const progress = new PlatformProgress(logger.child({ component: 'progress' }));
  const background = new BackgroundWork({ open: false });
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
      progressIntervalMs: config.PROGRESS_UPDATE_SECONDS * 1000,
      defaultLocale: config.DEFAULT_LOCALE,
      ...(config.DIGEST_LOCALE ? { channelLocale: config.DIGEST_LOCALE } : {}),
    },
    runs,
    longWork: { operations: repositories.operations, progress, background },
  };
  const backups = createBackupModule({
    backupDir: config.backupDir,
    repositories: deps,
    storage: { restorer: repositories.noteRestorer, purger: repositories.notePurger, state: repositories.jobState },
    clock,
  });
  // Job digests to chat; a digest posted to a channel that chose its own language (`lang channel`) is worded in it.
  const digests = new DigestPublisher(logger.child({ component: 'digests' }), (platform, channelId) => deps.locales.find(channelSubject(platform, channelId)));
  // The backup files and the confirmed "restore from backup" go in here, once: the core keeps
  // no file-system code, and the dispatcher is never swapped after start.
  // CRM connectors: deletes and restores of their notes go to the outbox (deps.crm), `crm` commands to the module.
  const crmConnectors = options.crmConnectors ?? connectorsFromConfig(config);
  const crm = crmConnectors.length ? createCrmModule(connection, crmConnectors, () => deps, logger, options.crmOptions) : undefined;
  if (crm) {
    await crm.ensureIndexes();
    deps.crm = crm.feed;
  }
  // Imports read export files here; the API's tokens are shared by the `tokens` command and the API.
  const tokens = repositories.tokens;
  const importLog = logger.child({ component: 'import' });
  const importFiles = new ExportFiles();
  const importProgress: ProgressListener = options.importProgress ?? ((progress) => importLog.info(progress, 'import progress'));
  const dispatcher = createDispatcher(deps, {
    backups: backups.store,
    runBackupRestore: backupRestoreRunner(deps, backups.store),
    imports: importFiles,
    importProgress,
    ...(options.importsInline ? { importsInline: true } : {}),
    tokens,
    ...(crm ? { crm } : {}),
  });
  // An import job a crash cut short re-reads its file from the start (idempotent), as its requester.
  const resumeImport = (op: Operation) =>
    importWork(deps, { actor: toActor(op.requesterId), origin: op.origin }, importFiles, String(op.result?.path ?? ''), importProgress);
  const resume: ResumeOptions = { backups: backups.store, resumers: { import: resumeImport } };
  // The jobs get ports and functions, never the connection: Agenda's database and the run claims
  // come with the repositories, the drill's scratch database and the schedule's health are read here.
  const jobs: JobsWiring = {
    logger,
    deps,
    backups,
    digests,
    jobSettings: jobSettingsOf(config),
    ...(crm ? { crm } : {}),
    resume,
    jobProblems: () => digestJobProblems(connection.db),
    restoreDrill: () => runRestoreDrill(backups.catalog, connection, () => clock.now()),
    storage: repositories.jobs,
  };
  const app: App = {
    config,
    logger,
    connection,
    deps,
    dispatcher,
    notifier,
    progress,
    startBackground: () => background.open(),
    backgroundIdle: () => background.idle(),
    backups,
    digests,
    addresses: repositories.addresses,
    deliveries: repositories.deliveries,
    jobs,
    crm,
    tokens,
    async close() {
      await stopPlanWork(app);
      await connection.close();
    },
  };
  // A crash (or a shutdown) mid-plan leaves it `executing`: finish it before taking new work.
  // A single delete or restore whose audit or CRM entry a crash cut off: written now, once, and
  // before any plan resumes (a restore from backup replaces trashed notes whole); likewise a
  // purge cut off between its mark, its audit and the removal.
  await carryOutPendingEffects(deps, repositories.notePurger);
  await resumeInterruptedPlans(deps, resume);
  return app;
}

function jobSettingsOf(config: Config): JobSettings {
  return {
    crons: {
      'backup:export': config.BACKUP_CRON,
      'trash:purge': config.TRASH_PURGE_CRON,
      'backup:drill': config.RESTORE_DRILL_CRON,
      'roles:review': config.ROLE_REVIEW_CRON,
    },
    backupKeep: config.BACKUP_KEEP,
    trashRetentionDays: config.TRASH_RETENTION_DAYS,
    digestChannel: config.BACKUP_DIGEST_CHANNEL,
    digestLocale: config.DIGEST_LOCALE ?? config.DEFAULT_LOCALE,
    reviewChannel: config.APPROVAL_CHANNEL,
    crmCrons: { sync: config.CRM_SYNC_CRON, outbox: config.CRM_OUTBOX_CRON },
  };
}

/**
 * For the shutdown path (main.ts): no plan batch starts after this, and it resolves once the
 * running batch is recorded and audited; an unfinished plan resumes at the next start. Waits for
 * nothing when no plan is running. `app.close()` calls it too.
 */
export async function stopPlanWork(app: App): Promise<void> {
  await app.deps.runs?.stop();
  // The background work sees its next batch refused and winds down, leaving its operation running.
  app.startBackground();
  await app.backgroundIdle();
}

/**
 * Test-only crash points, for the crash tests (test/integration/console/crashResume.test.ts):
 * `NOTES_TEST_CRASH_AFTER_BATCH=<n>` kills the process with SIGKILL when its n-th batch reaches
 * `NOTES_TEST_CRASH_AT` (`applied`: acted, not recorded; `recorded`, the default: recorded, not
 * audited; `advanced`: done and counted). `NOTES_TEST_CRASH_AT_EFFECT=delete|restore` kills it
 * when a single note's change of that kind is stored and its audit and CRM entries are not
 * (test/integration/console/crashEffects.test.ts); `=purge` when the trash purge has marked a note
 * and not audited it, `=purge-audited` when it has audited it and not removed it
 * (test/integration/backups/purgeCrash.test.ts). `NOTES_TEST_CRASH_AT_APPROVAL=decided` kills it
 * when a note-delete request's approval is stored and the delete has not run
 * (test/integration/console/crashApproval.test.ts). Deliberately not settings of the validated config.
 */
function testCrashHooks(env: NodeJS.ProcessEnv): PlanRunHooks {
  const hooks: PlanRunHooks = {};
  const atEffect = env.NOTES_TEST_CRASH_AT_EFFECT;
  if (atEffect === 'delete' || atEffect === 'restore' || atEffect === 'purge') {
    hooks.effectPending = (change) => {
      if (change === atEffect) process.kill(process.pid, 'SIGKILL');
    };
  }
  if (atEffect === 'purge-audited') hooks.purgeAudited = () => void process.kill(process.pid, 'SIGKILL');
  if (env.NOTES_TEST_CRASH_AT_APPROVAL === 'decided') {
    hooks.approvalDecided = () => {
      process.kill(process.pid, 'SIGKILL');
    };
  }
  const after = Number(env.NOTES_TEST_CRASH_AFTER_BATCH);
  if (!Number.isInteger(after) || after < 1) return hooks;
  const at = (env.NOTES_TEST_CRASH_AT ?? 'recorded') as BatchStep;
  const seen = new Map<BatchStep, number>();
  hooks.checkpoint = (step) => {
    seen.set(step, (seen.get(step) ?? 0) + 1);
    if (step === at && seen.get(step) === after) process.kill(process.pid, 'SIGKILL');
  };
  return hooks;
}
