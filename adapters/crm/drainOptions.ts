import type { OutboxEntry } from '../../src/ports/crmOutbox.js';

export interface DrainOptions {
  /** First retry delay after a failure; doubles per attempt up to an hour (default 30 s). */
  retryDelayMs?: number;
  /** Attempts before an entry is marked failed (default 8). */
  maxAttempts?: number;
  /** A `sending` entry older than this was left by a crash and is reconciled (default 10 min). */
  leaseMs?: number;
  /** A 429 asking for at most this long is waited out within the run; longer ends the run (default 60 s). */
  maxWaitMs?: number;
  /** Entries read per round (default 500). */
  readLimit?: number;
  /** Test-only: called after a batch reached the CRM and before its result is stored. */
  afterSend?(entries: OutboxEntry[]): void | Promise<void>;
  sleep?(ms: number): Promise<void>;
}

export interface DrainReport {
  sent: number;
  done: number;
  retried: number;
  failed: number;
  cancelled: number;
  /** Set when the CRM asked to wait longer than the run would: the next run starts after it. */
  deferredUntil: Date | null;
}
