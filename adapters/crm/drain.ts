import type { Model } from 'mongoose';
import type { Logger } from '../../src/ports/system.js';
import { CrmCallFailed, CrmRateLimited, type CrmConnector, type CrmRestoreRequest, type PushResult } from '../../src/ports/crm.js';
import type { ClaimLedger } from '../mongo/claims.js';
import type { OutboxEntry } from './outboxModel.js';

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

export interface DrainDeps {
  connector: CrmConnector;
  entries: Model<OutboxEntry>;
  claims: ClaimLedger;
  now(): Date;
  logger: Logger;
  /** A restore had to re-create the note: the bot records the CRM's new id on it. */
  onRecreated(noteId: string, externalId: string): Promise<void>;
}

const HOUR = 3_600_000;
/** 429s waited out in one run at most. */
const MAX_WAITS = 5;

/**
 * Sends one CRM's pending outbox entries, oldest change first, in batches within the API's
 * limit. Each attempt is claimed (`crm-send:<entry>:<attempt>`, an insert of its key) before it
 * is sent, so two processes never send the same attempt; an entry a crash left `sending` is
 * first checked against the CRM (`liveIds`), so what already reached it is not sent again.
 */
export async function drainOutbox(deps: DrainDeps, options: DrainOptions = {}): Promise<DrainReport> {
  const report: DrainReport = { sent: 0, done: 0, retried: 0, failed: 0, cancelled: 0, deferredUntil: null };
  const drainer = new Drainer(deps, options, report);
  await drainer.reconcileStale();
  // An entry is tried at most once per run: one that is still pending afterwards (another
  // process holds its attempt, or its retry is due later) waits for the next run. A later change
  // of a note (its restore after its delete) is tried in a later round of the same run.
  const tried = new Set<string>();
  for (;;) {
    const due = (await drainer.dueEntries()).filter((e) => !tried.has(e._id));
    if (due.length === 0) break;
    const { stop, handled } = await drainer.sendRound(due);
    if (handled.length === 0) break;
    if (!drainer.retryAfterWait) for (const e of handled) tried.add(e._id);
    drainer.retryAfterWait = false;
    if (stop) break;
  }
  return report;
}

class Drainer {
  private readonly source: CrmConnector['source'];
  constructor(
    private readonly deps: DrainDeps,
    private readonly options: DrainOptions,
    private readonly report: DrainReport,
  ) {
    this.source = deps.connector.source;
  }

  private sleep(ms: number): Promise<void> {
    return this.options.sleep ? this.options.sleep(ms) : new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Pending entries whose attempt is due, oldest change first. */
  async dueEntries(): Promise<OutboxEntry[]> {
    // After waiting out a 429, entries it pushed back by that wait are due (the wait has passed).
    const now = new Date(this.deps.now().getTime() + this.waitedMs);
    const pending = await this.deps.entries
      .find({ source: this.source, state: 'pending' })
      .sort({ eventAt: 1 })
      .limit(this.options.readLimit ?? 500)
      .lean<OutboxEntry[]>()
      .exec();
    return pending.filter((e) => new Date(e.nextAttemptAt) <= now);
  }

  /**
   * One change per note per round, in order. A delete never sent and a later restore of the same
   * note cancel out: the CRM never needs to hear of either. Says which entries the round took up,
   * and whether the run should end.
   */
  async sendRound(due: OutboxEntry[]): Promise<{ stop: boolean; handled: OutboxEntry[] }> {
    const firstPerNote = new Map<string, OutboxEntry>();
    const cancelled: OutboxEntry[] = [];
    for (const entry of due) {
      const first = firstPerNote.get(entry.noteId);
      if (!first) firstPerNote.set(entry.noteId, entry);
      else if (first.change === 'delete' && first.attempts === 0 && entry.change === 'restore' && !cancelled.includes(first)) cancelled.push(first, entry);
    }
    if (cancelled.length) {
      await this.setState(cancelled, { state: 'cancelled', doneAt: this.deps.now() });
      this.report.cancelled += cancelled.length;
    }
    const round = [...firstPerNote.values()].filter((e) => !cancelled.includes(e));
    const handled = [...round, ...cancelled];
    const deletes = round.filter((e) => e.change === 'delete');
    const restores = round.filter((e) => e.change === 'restore');
    try {
      for (let i = 0; i < deletes.length; i += this.deps.connector.deleteBatchMax) {
        await this.sendDeletes(deletes.slice(i, i + this.deps.connector.deleteBatchMax));
      }
      for (const entry of restores) await this.sendRestore(entry);
    } catch (error) {
      if (!(error instanceof CrmRateLimited)) throw error;
      const waitMs = error.retryAfterMs;
      // A CRM that keeps answering 429 ends the run after a few waits: the next run goes on.
      if (waitMs <= (this.options.maxWaitMs ?? 60_000) && this.waits < MAX_WAITS) {
        this.waits += 1;
        this.deps.logger.info({ source: this.source, waitMs }, 'CRM rate limit: waiting as asked (Retry-After)');
        await this.sleep(waitMs);
        this.waitedMs += waitMs;
        this.retryAfterWait = true;
        return { stop: false, handled };
      }
      this.report.deferredUntil = new Date(this.deps.now().getTime() + waitMs);
      return { stop: true, handled };
    }
    return { stop: false, handled };
  }

  /** Set after a 429 was waited out: the entries it sent back to pending are tried again. */
  retryAfterWait = false;
  private waitedMs = 0;
  private waits = 0;

  private async sendDeletes(batch: OutboxEntry[]): Promise<void> {
    const claimed = await this.claim(batch);
    if (claimed.length === 0) return;
    let results: Map<string, PushResult>;
    try {
      results = await this.deps.connector.deleteNotes(claimed.map((e) => e.externalId));
    } catch (error) {
      await this.afterFailure(claimed, error);
      return;
    }
    this.report.sent += claimed.length;
    await this.options.afterSend?.(claimed);
    for (const entry of claimed) await this.settle(entry, results.get(entry.externalId) ?? { outcome: 'failed', retryable: true, error: 'no answer for this id' });
  }

  private async sendRestore(entry: OutboxEntry): Promise<void> {
    const [claimed] = await this.claim([entry]);
    if (!claimed) return;
    let result: PushResult;
    try {
      result = await this.deps.connector.restoreNote(restoreRequest(claimed));
    } catch (error) {
      await this.afterFailure([claimed], error);
      return;
    }
    this.report.sent += 1;
    await this.options.afterSend?.([claimed]);
    await this.settle(claimed, result);
  }

  /** Claims the next attempt of each entry; only the entries this process won are sent. */
  private async claim(batch: OutboxEntry[]): Promise<OutboxEntry[]> {
    const won: OutboxEntry[] = [];
    const at = this.deps.now();
    for (const entry of batch) {
      const send = (entry.sends ?? 0) + 1;
      if (await this.deps.claims.claim(`crm-send:${entry._id}:${send}`, { send }, at)) won.push({ ...entry, attempts: entry.attempts + 1, sends: send });
    }
    for (const entry of won) {
      await this.deps.entries.updateOne({ _id: entry._id }, { $set: { state: 'sending', sendingSince: at, attempts: entry.attempts, sends: entry.sends } }).exec();
    }
    return won;
  }

  private async settle(entry: OutboxEntry, result: PushResult): Promise<void> {
    const now = this.deps.now();
    if (result.outcome === 'done' || result.outcome === 'gone') {
      await this.setState([entry], { state: 'done', doneAt: now, lastError: null });
      this.report.done += 1;
      return;
    }
    if (result.outcome === 'recreated') {
      await this.deps.onRecreated(entry.noteId, result.externalId);
      await this.setState([entry], { state: 'done', doneAt: now, lastError: null, newExternalId: result.externalId });
      this.report.done += 1;
      return;
    }
    await this.retryOrFail([entry], result.error, result.retryable);
  }

  private async afterFailure(entries: OutboxEntry[], error: unknown): Promise<void> {
    if (error instanceof CrmRateLimited) {
      // Not the entries' fault: the attempt does not count, and they are due when the CRM says.
      const until = new Date(this.deps.now().getTime() + error.retryAfterMs);
      for (const entry of entries) await this.setState([entry], { state: 'pending', nextAttemptAt: until, attempts: entry.attempts - 1 });
      throw error;
    }
    const retryable = error instanceof CrmCallFailed ? error.retryable : true;
    await this.retryOrFail(entries, (error as Error).message, retryable);
  }

  private async retryOrFail(entries: OutboxEntry[], message: string, retryable: boolean): Promise<void> {
    const max = this.options.maxAttempts ?? 8;
    for (const entry of entries) {
      if (!retryable || entry.attempts >= max) {
        await this.setState([entry], { state: 'failed', lastError: message });
        this.report.failed += 1;
        this.deps.logger.warn({ source: this.source, entry: entry._id, attempts: entry.attempts, error: message }, 'CRM outbox entry failed for good');
        continue;
      }
      const delay = Math.min(HOUR, (this.options.retryDelayMs ?? 30_000) * 2 ** (entry.attempts - 1));
      await this.setState([entry], { state: 'pending', lastError: message, nextAttemptAt: new Date(this.deps.now().getTime() + delay) });
      this.report.retried += 1;
    }
  }

  /**
   * Entries a crash left `sending`: the CRM is asked whether each change already happened.
   * A delete whose note is no longer live, a restore whose note is live again (or was re-created)
   * is done without another send; the rest go back to pending, due now.
   */
  async reconcileStale(): Promise<void> {
    const cutoff = this.deps.now().getTime() - (this.options.leaseMs ?? 10 * 60_000);
    const sending = await this.deps.entries.find({ source: this.source, state: 'sending' }).lean<OutboxEntry[]>().exec();
    const stale = sending.filter((e) => !e.sendingSince || new Date(e.sendingSince).getTime() <= cutoff);
    if (stale.length === 0) return;
    const live = await this.deps.connector.liveIds(stale.map((e) => e.externalId));
    const now = this.deps.now();
    for (const entry of stale) {
      let landed = entry.change === 'delete' ? !live.has(entry.externalId) : live.has(entry.externalId);
      let recreated: string | null = null;
      if (!landed && entry.change === 'restore' && this.deps.connector.findRecreated) {
        recreated = await this.deps.connector.findRecreated(restoreRequest(entry));
        landed = recreated !== null;
      }
      if (landed) {
        if (recreated) await this.deps.onRecreated(entry.noteId, recreated);
        await this.setState([entry], { state: 'done', doneAt: now, ...(recreated ? { newExternalId: recreated } : {}) });
        this.report.done += 1;
      } else {
        await this.setState([entry], { state: 'pending', nextAttemptAt: now });
      }
      this.deps.logger.info({ source: this.source, entry: entry._id, landed }, 'CRM outbox: reconciled an entry a crash left sending');
    }
  }

  /** One update by `_id` per entry: the lookup every backend serves from its primary key. */
  private async setState(entries: OutboxEntry[], fields: Partial<OutboxEntry>): Promise<void> {
    for (const entry of entries) await this.deps.entries.updateOne({ _id: entry._id }, { $set: { sendingSince: null, ...fields } }).exec();
  }
}

function restoreRequest(entry: OutboxEntry): CrmRestoreRequest {
  return { externalId: entry.externalId, recordId: entry.recordId, body: entry.body, createdAt: new Date(entry.noteCreatedAt) };
}
