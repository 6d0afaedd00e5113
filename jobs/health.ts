import type { Db } from 'mongodb';
import type { DigestJobProblem } from '../adapters/chat/digestViews.js';
import { AGENDA_COLLECTION } from '../adapters/mongo/jobStorage.js';

export { AGENDA_COLLECTION };

export type JobProblemKind = 'no-next-run' | 'overdue' | 'disabled';

/** A scheduled job that will not run when it should: data, rendered by healthz and the digests. */
export interface JobProblem {
  name: string;
  problem: JobProblemKind;
  nextRunAt: Date | null;
  repeatInterval: string | null;
}

export interface JobHealthOptions {
  now?: Date;
  /**
   * How late a due job may start before it counts as overdue (default 10 min): Agenda looks for
   * due jobs every 30 s, so a healthy job starts well within this.
   */
  overdueAfterMs?: number;
  /**
   * A lock older than this is a process that died mid-run (default 40 min: the long jobs' lock
   * lifetime of 30 min, renewed by their heartbeat, plus slack). Until then a late job is running.
   */
  staleLockAfterMs?: number;
}

/**
 * The recurring jobs that will not run on time, read straight from Agenda's collection so any
 * process (one serving /healthz without running jobs, or another instance) can tell. Agenda stores
 * a recurring job whose next run it cannot compute with `nextRunAt: null` and says nothing; a
 * process that stopped polling leaves `nextRunAt` in the past. Jobs queued once (`now`) are not
 * scheduled and are left out; a database with no recurring job yet has nothing to report.
 */
export async function scheduledJobProblems(db: Db, options: JobHealthOptions = {}): Promise<JobProblem[]> {
  const now = (options.now ?? new Date()).getTime();
  const overdueAfter = options.overdueAfterMs ?? 10 * 60_000;
  const staleLockAfter = options.staleLockAfterMs ?? 40 * 60_000;
  const jobs = await db
    .collection(AGENDA_COLLECTION)
    .find({ type: 'single' }, { projection: { name: 1, nextRunAt: 1, lockedAt: 1, disabled: 1, repeatInterval: 1 } })
    .toArray();
  const problems: JobProblem[] = [];
  for (const job of jobs) {
    if (!job.repeatInterval) continue;
    const nextRunAt = job.nextRunAt instanceof Date ? job.nextRunAt : null;
    const lockedAt = job.lockedAt instanceof Date ? job.lockedAt.getTime() : null;
    const running = lockedAt !== null && now - lockedAt < staleLockAfter;
    const base = { name: String(job.name), nextRunAt, repeatInterval: String(job.repeatInterval) };
    if (job.disabled) problems.push({ ...base, problem: 'disabled' });
    else if (!nextRunAt && !running) problems.push({ ...base, problem: 'no-next-run' });
    else if (nextRunAt && now - nextRunAt.getTime() > overdueAfter && !running) problems.push({ ...base, problem: 'overdue' });
  }
  return problems.sort((a, b) => a.name.localeCompare(b.name));
}

/** One short phrase per problem, for the healthz body and the digests. */
export function jobProblemText(problem: JobProblem): string {
  switch (problem.problem) {
    case 'no-next-run':
      return `${problem.name} has no next run (schedule "${problem.repeatInterval}")`;
    case 'overdue':
      return `${problem.name} is overdue: it was due ${problem.nextRunAt?.toISOString()} and has not started`;
    case 'disabled':
      return `${problem.name} is disabled`;
  }
}

/** The same problems for a digest (worded there, in each reader's language); a failed read is one. */
export async function digestJobProblems(db: Db | undefined): Promise<DigestJobProblem[]> {
  if (!db) return [{ problem: 'unknown', detail: 'no database connection' }];
  try {
    return await scheduledJobProblems(db);
  } catch (error) {
    return [{ problem: 'unknown', detail: (error as Error).message }];
  }
}

/**
 * What `GET /healthz` says about the jobs: one phrase per job that will not run on time, none
 * when all is well. A failed read counts as a problem: nobody can tell whether backups still run.
 */
export async function jobHealthProblems(db: Db | undefined): Promise<string[]> {
  if (!db) return ['jobs unknown: no database connection'];
  try {
    return (await scheduledJobProblems(db)).map(jobProblemText);
  } catch (error) {
    return [`jobs unknown: reading ${AGENDA_COLLECTION} failed (${(error as Error).message})`];
  }
}
