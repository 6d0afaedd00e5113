import { EventEmitter } from 'node:events';
import type { Job } from 'agenda';
import type { Logger } from '../src/ports/system.js';
import type { ClaimLedger } from '../adapters/mongo/claims.js';

/** The claims a run takes (adapters/mongo/claims.ts, handed in by the root): claim, look up, mark alive. */
export type RunClaims = Pick<ClaimLedger, 'claim' | 'find' | 'touch'>;

/** What a job run did: `run` when this process does the work, `duplicate` when another has it. */
export interface JobRunEvents {
  run: [name: string, jobId: string];
  duplicate: [name: string, jobId: string];
}

/**
 * One occurrence of a job: its stored id, which attempt (a retry after a failure is a new one)
 * and, for a recurring job, the next run Agenda computed when it started (the same in every
 * process that starts the same occurrence, since it is the cron's next time after now).
 */
export function runKey(job: Job): string {
  const { name, _id, failCount, nextRunAt, repeatInterval } = job.attrs;
  const occurrence = repeatInterval && nextRunAt ? new Date(nextRunAt).toISOString() : 'once';
  return `job-run:${name}:${String(_id)}:${failCount ?? 0}:${occurrence}`;
}

/**
 * Agenda locks a due job with `findOneAndUpdate`, which FerretDB 1.24 does not isolate across
 * connections: two processes polling together both lock it and both run it (measured by
 * test/integration/backups/severalProcesses.test.ts), and a finished job can be left marked
 * locked, which Agenda retakes once the lock expires. So each run first claims its occurrence (an
 * insert of its key, refused to every process but one) and marks it done when it ends; a process
 * that loses skips the work. A crash is the one case to run it again. Agenda's own heartbeat is
 * not proof of death: on a starved event loop (a loaded machine) it comes late, the lock expires
 * and another process retakes a job that is still running. So the holder also touches its claim
 * while it works, and only a claim with no sign of life for several lock lifetimes and no done
 * mark is a dead run, whose next attempt is claimed anew.
 */
export class OncePerRun {
  readonly events = new EventEmitter<JobRunEvents>();

  constructor(
    private readonly ledger: RunClaims,
    private readonly processName: string,
    private readonly lockLifetimeMs: number,
    private readonly logger: Logger,
  ) {}

  async run(job: Job, work: () => Promise<void>): Promise<void> {
    const base = runKey(job);
    const jobId = String(job.attrs._id);
    const key = await this.claimAttempt(base);
    if (!key) {
      this.logger.info({ job: job.attrs.name, key: base }, 'job run already taken or done by another process: skipped');
      this.events.emit('duplicate', job.attrs.name, jobId);
      return;
    }
    this.events.emit('run', job.attrs.name, jobId);
    const heartbeat = setInterval(() => {
      this.ledger.touch(key, new Date()).catch((err: unknown) => this.logger.warn({ err, key }, 'could not mark a job run alive'));
    }, Math.max(50, Math.floor(this.lockLifetimeMs / 4)));
    try {
      await work();
    } finally {
      clearInterval(heartbeat);
      // Without the mark a later retake after the lock lifetime would run it again: logged loudly.
      await this.ledger
        .claim(`${base}:done`, { by: this.processName, key }, new Date())
        .catch((err: unknown) => this.logger.error({ err, key }, 'could not mark a job run done'));
    }
  }

  /** The key this process won (the first attempt, or a later one after a crash), or null. */
  private async claimAttempt(base: string): Promise<string | null> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const key = attempt === 0 ? base : `${base}:retry-${attempt}`;
      if (await this.ledger.claim(key, { by: this.processName }, new Date())) return key;
      if (await this.ledger.find(`${base}:done`)) return null;
      const holder = await this.ledger.find(key);
      // A claim with a recent sign of life is a run in progress (or two processes that locked the
      // job together): skip. Silence for DEAD_AFTER_LOCKS lock lifetimes means its process died.
      const lastAlive = new Date(holder?.aliveAt ?? holder?.at ?? 0).getTime();
      if (!holder || Date.now() - lastAlive < DEAD_AFTER_LOCKS * this.lockLifetimeMs) return null;
    }
    return null;
  }
}

/** Runs of one occurrence after crashes, at most: a job that kills its process stops here. */
const MAX_ATTEMPTS = 3;

/** Lock lifetimes without a sign of life after which a claimed run counts as dead. */
const DEAD_AFTER_LOCKS = 3;
