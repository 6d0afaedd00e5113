import type { Model } from 'mongoose';
import type { Note } from '../../src/domain/note.js';
import { isCrmSource, type CrmChangeFeed, type CrmSource } from '../../src/ports/crm.js';
import type { CrmOutbox, OutboxChange, OutboxEntry, OutboxSettlement, OutboxState } from '../../src/ports/crmOutbox.js';
import type { ClaimLedger } from '../mongo/claims.js';
import { isDuplicateKey } from '../mongo/documents.js';

/** The CRM side of a note, when it has one: which CRM, and the CRM's id for it. */
export function crmRefOf(note: Note): { source: CrmSource; externalId: string } | null {
  const { source, externalId } = note as Note & { source?: unknown; externalId?: unknown };
  return isCrmSource(source) && typeof externalId === 'string' && externalId ? { source, externalId } : null;
}

export const outboxKey = (change: OutboxChange, noteId: string, eventKey: string) => `${change}:${noteId}:${eventKey}`;

/** The claim of one send of an entry: whoever inserts it sends (or cancels) that attempt. */
export const sendClaimKey = (entryId: string, send: number) => `crm-send:${entryId}:${send}`;

/**
 * The enqueuing half of the outbox: the core calls `notesChanged` where a note is deleted or
 * restored; notes without a source of a connected CRM are left out. Each entry is an insert of
 * its key, so a plan batch re-run after a crash, or two processes running the same step, store
 * each change once.
 */
export class CrmOutboxFeed implements CrmChangeFeed {
  constructor(
    private readonly outbox: Pick<CrmOutbox, 'enqueue'>,
    private readonly connected: ReadonlySet<CrmSource>,
    private readonly now: () => Date,
  ) {}

  async notesChanged(change: OutboxChange, notes: readonly Note[], eventKey: string): Promise<void> {
    const at = this.now();
    const entries: OutboxEntry[] = [];
    for (const note of notes) {
      const ref = crmRefOf(note);
      if (!ref || !this.connected.has(ref.source)) continue;
      entries.push({
        _id: outboxKey(change, note.id, eventKey),
        source: ref.source,
        change,
        noteId: note.id,
        externalId: ref.externalId,
        recordId: note.recordId,
        body: note.body,
        noteCreatedAt: note.createdAt,
        eventAt: at,
        state: 'pending',
        attempts: 0,
        sends: 0,
        nextAttemptAt: at,
        sendingSince: null,
        batch: null,
        lastError: null,
        newExternalId: null,
        doneAt: null,
      });
    }
    await this.outbox.enqueue(entries);
  }
}

/**
 * The outbox on Mongo (`crm_outbox`). Claims go through the claim ledger, the one write atomic
 * across connections on FerretDB too; every state change after a claim is made by its one
 * winner, by `_id`, and only while the entry is still in the send that was claimed.
 */
export class MongoCrmOutbox implements CrmOutbox {
  constructor(
    private readonly entries: Model<OutboxEntry>,
    private readonly claims: ClaimLedger,
  ) {}

  async enqueue(entries: readonly OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    try {
      await this.entries.collection.insertMany(entries as never[], { ordered: false });
    } catch (error) {
      // Entries stored by an earlier run of the same step are the ones meant: only those may fail.
      const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
      const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
      if (list.length === 0 ? !isDuplicateKey(error) : !list.every((e) => isDuplicateKey(e))) throw error;
    }
  }

  async due(source: CrmSource, now: Date, limit: number): Promise<OutboxEntry[]> {
    const pending = await this.entries.find({ source, state: 'pending' }).sort({ eventAt: 1 }).limit(limit).lean<OutboxEntry[]>().exec();
    return pending.filter((e) => new Date(e.nextAttemptAt) <= now);
  }

  async claimSend(entry: OutboxEntry, batch: string, at: Date): Promise<OutboxEntry | null> {
    const send = (entry.sends ?? 0) + 1;
    if (!(await this.claims.claim(sendClaimKey(entry._id, send), { send, batch }, at))) return null;
    const claimed: OutboxEntry = { ...entry, state: 'sending', attempts: entry.attempts + 1, sends: send, sendingSince: at, batch };
    await this.entries.updateOne({ _id: entry._id }, { $set: { state: 'sending', attempts: claimed.attempts, sends: send, sendingSince: at, batch } }).exec();
    return claimed;
  }

  async sending(source: CrmSource): Promise<OutboxEntry[]> {
    return this.entries.find({ source, state: 'sending' }).sort({ eventAt: 1 }).lean<OutboxEntry[]>().exec();
  }

  async claimReconcile(batch: string, sends: number, at: Date): Promise<boolean> {
    return this.claims.claim(`crm-reconcile:${batch}:${sends}`, { sends }, at);
  }

  async settle(entry: OutboxEntry, settlement: OutboxSettlement, at: Date): Promise<boolean> {
    const fields: Partial<OutboxEntry> = { state: settlement.state, sendingSince: null };
    if (settlement.state === 'done') Object.assign(fields, { doneAt: at, lastError: null, ...(settlement.newExternalId ? { newExternalId: settlement.newExternalId } : {}) });
    if (settlement.state === 'cancelled') fields.doneAt = at;
    if (settlement.state === 'failed') fields.lastError = settlement.lastError;
    if (settlement.state === 'pending') Object.assign(fields, { nextAttemptAt: settlement.nextAttemptAt, attempts: settlement.attempts, lastError: settlement.lastError });
    const result = await this.entries.updateOne({ _id: entry._id, state: 'sending', sends: entry.sends }, { $set: fields }).exec();
    return result.matchedCount === 1;
  }

  async counts(source: CrmSource): Promise<Record<'pending' | 'sending' | 'failed', number>> {
    const count = (state: OutboxState) => this.entries.countDocuments({ source, state }).exec();
    const [pending, sending, failed] = await Promise.all([count('pending'), count('sending'), count('failed')]);
    return { pending, sending, failed };
  }

  async failures(source: CrmSource, limit: number): Promise<OutboxEntry[]> {
    return this.entries.find({ source, state: 'failed' }).sort({ eventAt: -1 }).limit(limit).lean<OutboxEntry[]>().exec();
  }
}
