import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda, type Job } from 'agenda';
import type { Db } from 'mongodb';
import { crmJobDefinitions, type CrmJob, type CrmJobName } from './crm.js';
import { jobHandlers, type JobHandlers, type JobsContext } from './handlers.js';
import { AGENDA_COLLECTION } from './health.js';
import { OncePerRun, type RunClaims } from './oncePerRun.js';
import { startOperationSweep } from './operationSweep.js';
import { noteEffectsJob, type NOTE_EFFECTS_JOB } from './noteEffects.js';
import type { Locale } from '../src/domain/locale.js';

export const JOB_NAMES = ['backup:export', 'trash:purge', 'backup:drill', 'roles:review'] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** What the jobs need of the config, picked by the root (root/app.ts). */
export interface JobSettings {
  crons: Record<JobName, string>;
  backupKeep: number;
  trashRetentionDays: number;
  /** BACKUP_DIGEST_CHANNEL: backup and purge digests. */
  digestChannel: string | undefined;
  /** APPROVAL_CHANNEL: the permission review goes where admins decide. */
  reviewChannel: string | undefined;
  /** DIGEST_LOCALE, else DEFAULT_LOCALE: the language of every digest and review. */
  digestLocale: Locale;
  /** CRM_SYNC_CRON and CRM_OUTBOX_CRON: every connected CRM's pull and outbox drain. */
  crmCrons: { sync: string; outbox: string };
}

export interface JobsOptions {
  /** Create the recurring schedules from the *_CRON settings (default true). */
  schedule?: boolean;
  /** How often this process looks for due jobs (default 30 s; tests use less). */
  processEvery?: string | number;
  /** Lock lifetime of the long jobs (default 30 min); a heartbeat renews it while they run. */
  lockLifetimeMs?: number;
  /** First retry delay of a failed export; doubles each time (default 5 min). */
  retryDelayMs?: number;
  /** Retries of a failed export before waiting for the next scheduled run (default 3). */
  maxRetries?: number;
  /** Longest wait for running jobs on shutdown (default 10 min). */
  drainTimeoutMs?: number;
}

/**
 * The scheduler's storage, built by adapters/mongo (jobStorage.ts) and handed in by the root:
 * job handlers never see it.
 */
export interface JobStorage {
  /** Agenda's database handle: for Agenda's own backend, nothing else. */
  agendaDb: Db;
  /** The claims that run each job occurrence once (jobs/oncePerRun.ts). */
  claims: RunClaims;
  /** Keeps one recurring schedule per name (see scheduleAll). */
  keepOneSchedule(names: readonly string[]): Promise<void>;
}

/** What startJobs receives from the root (root/app.ts): the handlers' context, plus the scheduler's storage. */
export interface JobsWiring extends JobsContext {
  storage: JobStorage;
}

export interface RunningJobs {
  agenda: Agenda;
  /** `run` / `duplicate` per job start: whether this process did the work (jobs/oncePerRun.ts). */
  runs: OncePerRun['events'];
  /** Graceful: stop taking jobs, wait for running ones (drain), keep the app's connection open. */
  stop(): Promise<void>;
}

/**
 * Starts Agenda on the app's own database (its storage, not the app or the connection) with the four jobs of DESIGN.md section 8.
 * Several processes may run this against one database: Agenda's locks, backed by a claim per run
 * (jobs/oncePerRun.ts, since FerretDB does not isolate Agenda's lock update), run each job once,
 * and a heartbeat (`job.touch()`) keeps a long export's lock alive so no other process retakes it.
 * Every such process also sweeps for long operations a dead instance left running (operationSweep.ts).
 */
export async function startJobs(wiring: JobsWiring, options: JobsOptions = {}): Promise<RunningJobs> {
  const { storage, ...app } = wiring;
  const logger = app.logger.child({ component: 'jobs' });
  const handlers = jobHandlers(app);
  const lockLifetime = options.lockLifetimeMs ?? 30 * 60_000;
  const retryDelay = options.retryDelayMs ?? 5 * 60_000;
  const maxRetries = options.maxRetries ?? 3;
  const delayOf = (attempt: number) => (attempt <= maxRetries ? retryDelay * 2 ** (attempt - 1) : null);

  const processName = `notes-bot-${process.pid}`;
  const once = new OncePerRun(storage.claims, processName, lockLifetime, logger);
  const agenda = new Agenda({
    backend: new MongoBackend({ mongo: storage.agendaDb, collection: AGENDA_COLLECTION }),
    name: processName,
    processEvery: options.processEvery ?? '30 seconds',
    defaultLockLifetime: lockLifetime,
  });
  agenda.on('error', (err) => logger.error({ err }, 'agenda error'));
  agenda.on('fail', (err: Error, job: Job) => logger.error({ err, job: job.attrs.name, failCount: job.attrs.failCount }, 'job failed'));

  const define = (name: JobName | CrmJobName | typeof NOTE_EFFECTS_JOB, run: (job: Job) => Promise<void>, extra: { backoff?: (ctx: { attempt: number }) => number | null } = {}) =>
    agenda.define(name, async (job: Job) => once.run(job, () => withHeartbeat(job, lockLifetime, () => run(job))), {
      lockLifetime,
      concurrency: 1,
      lockLimit: 1,
      ...extra,
    });

  define(
    'backup:export',
    (job) => {
      const attempt = (job.attrs.failCount ?? 0) + 1;
      return handlers.exportBackup(attempt, (n) => {
        const delay = delayOf(n);
        return delay === null ? null : new Date(Date.now() + delay);
      });
    },
    { backoff: ({ attempt }) => delayOf(attempt) },
  );
  define('trash:purge', () => handlers.purgeTrash());
  define('backup:drill', () => handlers.restoreDrill());
  define('roles:review', () => handlers.reviewRoles());
  const crmJobs = crmJobDefinitions(app);
  for (const job of crmJobs) define(job.name, job.run);
  const effectsJob = noteEffectsJob(app);
  define(effectsJob.name, effectsJob.run);

  await agenda.start();
  if (options.schedule ?? true) await scheduleAll(agenda, app.jobSettings.crons, storage, [...crmJobs, effectsJob]);
  // Long operations a dead instance left running are taken over by this one (or another).
  const sweep = startOperationSweep(app);
  logger.info({ schedule: options.schedule ?? true }, 'jobs started');

  return {
    agenda,
    runs: once.events,
    async stop() {
      await sweep.stop();
      // Agenda 6.2's drain counts a job that has just emitted 'complete' but not yet left its
      // running list, then waits for a 'complete' that never comes: let it leave first.
      await new Promise((resolve) => setImmediate(resolve));
      const result = await agenda.drain({ timeout: options.drainTimeoutMs ?? 10 * 60_000, closeConnection: false });
      if (result.running > 0) logger.warn({ running: result.running }, 'shutdown: jobs still running were left to their lock');
    },
  };
}

/**
 * `every` with a cron string upserts one "single" job per name, but processes starting together
 * can each insert one (FerretDB's upsert is not atomic across connections; MongoDB's is not
 * either without a unique index, which Agenda does not create), and a duplicate schedule runs
 * the job twice every time. So each process, after scheduling, keeps the lowest `_id` per name and
 * removes the others: every process agrees on which one stays, and the last to insert removes
 * what the others added.
 */
async function scheduleAll(agenda: Agenda, crons: Record<JobName, string>, storage: JobStorage, moreJobs: Array<Pick<CrmJob, 'cron'> & { name: string }>) {
  for (const name of JOB_NAMES) await agenda.every(crons[name], name);
  for (const job of moreJobs) await agenda.every(job.cron, job.name);
  await storage.keepOneSchedule([...JOB_NAMES, ...moreJobs.map((j) => j.name)]);
}

/** Renews the job's lock while it runs, so a job longer than its lock lifetime is not started twice. */
async function withHeartbeat(job: Job, lockLifetime: number, work: () => Promise<void>): Promise<void> {
  // A renewal still in flight when the work ends would land after Agenda's "finished, unlocked"
  // save and leave the job locked until the lock expired, holding back its next run: awaited.
  let touching: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    touching = job.touch().catch(() => undefined);
  }, Math.max(50, Math.floor(lockLifetime / 3)));
  timer.unref();
  try {
    await work();
  } finally {
    clearInterval(timer);
    await touching;
  }
}

export type { JobHandlers, JobsContext };
