import type { AuditLog } from '../../src/ports/stores.js';
import type { Logger } from '../../src/ports/system.js';
import { CrmCallFailed, CrmRateLimited, crmProblemOf, type CrmConnector, type CrmNoteLinks, type CrmRestoreRequest, type PushResult } from '../../src/ports/crm.js';
import type { CrmOutbox, OutboxEntry } from '../../src/ports/crmOutbox.js';
import { sendClaimKey } from './outbox.js';
import type { DrainOptions, DrainReport } from './drainOptions.js';
import { giveUpAuditEntry, sendAuditEntry, sendResultOf, type SentEntry } from './sendAudit.js';

export type { DrainOptions, DrainReport } from './drainOptions.js';

export interface DrainDeps {
  connector: CrmConnector;
  outbox: CrmOutbox;
  /** A restore had to re-create the note: the bot records the CRM's new id on it. */
  links: CrmNoteLinks;
  /** Every batch sent, and every entry given up on, is audited (once, under the batch's key). */
  audit: Pick<AuditLog, 'append'>;
  now(): Date;
  logger: Logger;
}

const HOUR = 3_600_000;
/** 429s waited out in one run at most. */
const MAX_WAITS = 5;

/**
 * Sends one CRM's pending outbox entries, oldest change first, in batches within the API's
 * limit. Each attempt is claimed (`crm-send:<entry>:<attempt>`, an insert of its key) before it
 * is sent, so two processes never send the same attempt; an entry a crash left `sending` is
 * first checked against the CRM (`liveIds`), so what already reached it is not sent again.
 * Each batch's audit entry is appended before the entries are settled, under the batch's key:
 * a crash in between leaves the entries `sending`, and their reconciliation appends nothing new.
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
    return this.deps.outbox.due(this.source, now, this.options.readLimit ?? 500);
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
    for (let i = 0; i < cancelled.length; i += 2) await this.cancelPair(cancelled[i], cancelled[i + 1]);
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

  /** A delete and the restore that undid it, neither sent: both are claimed, so no drain sends either. */
  private async cancelPair(deletion: OutboxEntry, restore: OutboxEntry): Promise<void> {
    const at = this.deps.now();
    const [claimedDelete] = await this.claim([deletion]);
    if (!claimedDelete) return;
    await this.deps.outbox.settle(claimedDelete, { state: 'cancelled' }, at);
    this.report.cancelled += 1;
    const [claimedRestore] = await this.claim([restore]);
    if (claimedRestore && (await this.deps.outbox.settle(claimedRestore, { state: 'cancelled' }, at))) this.report.cancelled += 1;
  }

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
    await this.settle(claimed.map((entry) => ({ entry, result: results.get(entry.externalId) ?? { outcome: 'failed', retryable: true, error: { code: 'noAnswer', crm: this.source } } })));
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
    await this.settle([{ entry: claimed, result }]);
  }

  /**
   * Claims the next send of each entry; only the entries this process won are sent. The batch is
   * named by the claim of its first won entry: no other batch can carry that name.
   */
  private async claim(batch: OutboxEntry[]): Promise<OutboxEntry[]> {
    const won: OutboxEntry[] = [];
    const at = this.deps.now();
    let batchKey: string | null = null;
    for (const entry of batch) {
      const key: string = batchKey ?? sendClaimKey(entry._id, (entry.sends ?? 0) + 1);
      const claimed = await this.deps.outbox.claimSend(entry, key, at);
      if (!claimed) continue;
      won.push(claimed);
      batchKey = key;
    }
    return won;
  }

  /** Records what a sent batch came to: re-created notes relinked, the batch audited, then each entry settled. */
  private async settle(answers: Array<{ entry: OutboxEntry; result: PushResult }>): Promise<void> {
    const now = this.deps.now();
    const sent: SentEntry[] = [];
    for (const { entry, result } of answers) {
      let outcome = sendResultOf(result);
      if (outcome === 'retry' && entry.attempts >= (this.options.maxAttempts ?? 8)) outcome = 'failed';
      if (result.outcome === 'recreated') await this.deps.links.relink(entry.noteId, this.source, result.externalId, now);
      sent.push({ entry, result: outcome, ...(result.outcome === 'recreated' ? { newExternalId: result.externalId } : {}), ...(result.outcome === 'failed' ? { error: result.error } : {}) });
    }
    await this.recordAndSettle(sent, false);
  }

  private async afterFailure(entries: OutboxEntry[], error: unknown): Promise<void> {
    if (error instanceof CrmRateLimited) {
      // Not the entries' fault: the attempt does not count, and they are due when the CRM says.
      // Nothing changed in the CRM, so nothing is audited.
      const until = new Date(this.deps.now().getTime() + error.retryAfterMs);
      for (const entry of entries) {
        await this.deps.outbox.settle(entry, { state: 'pending', nextAttemptAt: until, attempts: entry.attempts - 1, lastError: entry.lastError }, this.deps.now());
      }
      throw error;
    }
    const retryable = error instanceof CrmCallFailed ? error.retryable : true;
    const max = this.options.maxAttempts ?? 8;
    // Stored as data; an error that is not the CRM's own is logged here with its detail.
    const problem = crmProblemOf(error, this.source);
    if (problem.code === 'unexpected') this.deps.logger.error({ err: error, source: this.source }, 'CRM send failed unexpectedly');
    await this.recordAndSettle(
      entries.map((entry) => ({ entry, result: retryable && entry.attempts < max ? 'retry' : 'failed', error: problem })),
      false,
    );
  }

  /**
   * Audits the batch (and what gave up in it) under the batch's key, then settles each entry:
   * landed ones done, `retry` ones back to pending after a doubling delay, the rest failed.
   */
  async recordAndSettle(sent: SentEntry[], reconciled: boolean): Promise<void> {
    if (sent.length === 0) return;
    const now = this.deps.now();
    const batchKey = sent[0].entry.batch ?? sendClaimKey(sent[0].entry._id, sent[0].entry.sends);
    // A reconciled batch none of which landed changed nothing in the CRM: nothing to audit.
    if (!reconciled || sent.some((s) => s.result !== 'retry')) await this.deps.audit.append(sendAuditEntry(this.source, sent, reconciled), now, batchKey);
    const gaveUp = sent.filter((s) => s.result === 'failed');
    if (gaveUp.length) await this.deps.audit.append(giveUpAuditEntry(this.source, gaveUp), now, `${batchKey}:gave-up`);
    for (const { entry, result, newExternalId, error } of sent) {
      if (result === 'retry') {
        const delay = reconciled ? 0 : Math.min(HOUR, (this.options.retryDelayMs ?? 30_000) * 2 ** (entry.attempts - 1));
        await this.deps.outbox.settle(entry, { state: 'pending', attempts: entry.attempts, lastError: error ?? entry.lastError, nextAttemptAt: new Date(now.getTime() + delay) }, now);
        if (!reconciled) this.report.retried += 1;
      } else if (result === 'failed') {
        await this.deps.outbox.settle(entry, { state: 'failed', lastError: error ?? entry.lastError ?? null }, now);
        this.report.failed += 1;
        this.deps.logger.warn({ source: this.source, entry: entry._id, attempts: entry.attempts, error }, 'CRM outbox entry failed for good');
      } else {
        await this.deps.outbox.settle(entry, { state: 'done', ...(newExternalId ? { newExternalId } : {}) }, now);
        this.report.done += 1;
      }
    }
  }

  /**
   * Entries a crash left `sending`: the CRM is asked whether each change already happened.
   * A delete whose note is no longer live, a restore whose note is live again (or was re-created)
   * is done without another send; the rest go back to pending, due now. Each check is claimed, so
   * two drains starting after the crash settle an entry once.
   */
  async reconcileStale(): Promise<void> {
    const now = this.deps.now();
    const cutoff = now.getTime() - (this.options.leaseMs ?? 10 * 60_000);
    const sending = await this.deps.outbox.sending(this.source);
    const batchOf = (entry: OutboxEntry) => entry.batch ?? sendClaimKey(entry._id, entry.sends);
    const batches = new Map<string, number>();
    for (const e of sending) {
      if (!e.sendingSince || new Date(e.sendingSince).getTime() <= cutoff) batches.set(batchOf(e), Math.max(batches.get(batchOf(e)) ?? 0, e.sends));
    }
    const stale: OutboxEntry[] = [];
    for (const [batch, sends] of batches) {
      if (!(await this.deps.outbox.claimReconcile(batch, sends, now))) continue;
      for (const entry of sending.filter((e) => batchOf(e) === batch)) {
        // The check is a send of its own (a crash here leaves the entry for the next check); it
        // is not an attempt, so the count the entry had is kept.
        const claimed = await this.deps.outbox.claimSend(entry, batch, now);
        if (claimed) stale.push({ ...claimed, attempts: entry.attempts });
      }
    }
    if (stale.length === 0) return;
    const live = await this.deps.connector.liveIds(stale.map((e) => e.externalId));
    const byBatch = new Map<string, SentEntry[]>();
    for (const entry of stale) {
      let landed = entry.change === 'delete' ? !live.has(entry.externalId) : live.has(entry.externalId);
      let recreated: string | null = null;
      if (!landed && entry.change === 'restore' && this.deps.connector.findRecreated) {
        recreated = await this.deps.connector.findRecreated(restoreRequest(entry));
        landed = recreated !== null;
      }
      if (recreated) await this.deps.links.relink(entry.noteId, this.source, recreated, now);
      const group = byBatch.get(batchOf(entry)) ?? [];
      group.push({ entry, result: recreated ? 'recreated' : landed ? 'done' : 'retry', ...(recreated ? { newExternalId: recreated } : {}) });
      byBatch.set(batchOf(entry), group);
      this.deps.logger.info({ source: this.source, entry: entry._id, landed }, 'CRM outbox: reconciled an entry a crash left sending');
    }
    for (const group of byBatch.values()) await this.recordAndSettle(group, true);
  }
}

function restoreRequest(entry: OutboxEntry): CrmRestoreRequest {
  return { externalId: entry.externalId, recordId: entry.recordId, body: entry.body, createdAt: new Date(entry.noteCreatedAt) };
}
