import { EventEmitter } from 'node:events';
import type { Job } from 'agenda';
import type { Connection } from 'mongoose';
import type { Logger } from '../src/ports/system.js';
import { ClaimLedger, claimModel } from '../adapters/mongo/claims.js';

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
 * test/integration/backups/severalProcesses.test.ts). So each run first claims its occurrence (an
 * insert of its key, refused to every process but one) and a process that loses skips the work.
 * Known cost: a process that dies mid-run keeps its claim, so that occurrence is not retried by
 * another process; the next one runs as scheduled.
 */
export class OncePerRun {
  readonly events = new EventEmitter<JobRunEvents>();
  private readonly ledger: ClaimLedger;

  constructor(
    connection: Connection,
    private readonly processName: string,
    private readonly logger: Logger,
  ) {
    this.ledger = new ClaimLedger(claimModel(connection));
  }

  async run(job: Job, work: () => Promise<void>): Promise<void> {
    const key = runKey(job);
    const jobId = String(job.attrs._id);
    if (!(await this.ledger.claim(key, { by: this.processName }, new Date()))) {
      const winner = await this.ledger.find<{ by: string }>(key);
      this.logger.info({ job: job.attrs.name, key, by: winner?.data.by }, 'job run already taken by another process: skipped');
      this.events.emit('duplicate', job.attrs.name, jobId);
      return;
    }
    this.events.emit('run', job.attrs.name, jobId);
    await work();
  }
}
