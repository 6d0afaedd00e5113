import type { Model } from 'mongoose';
import type { Note } from '../../src/domain/note.js';
import { isCrmSource, type CrmChangeFeed, type CrmSource } from '../../src/ports/crm.js';
import { isDuplicateKey } from '../mongo/models.js';
import type { OutboxChange, OutboxEntry, OutboxState } from './outboxModel.js';

/** The CRM side of a note, when it has one: which CRM, and the CRM's id for it. */
export function crmRefOf(note: Note): { source: CrmSource; externalId: string } | null {
  const { source, externalId } = note as Note & { source?: unknown; externalId?: unknown };
  return isCrmSource(source) && typeof externalId === 'string' && externalId ? { source, externalId } : null;
}

export const outboxKey = (change: OutboxChange, noteId: string, eventKey: string) => `${change}:${noteId}:${eventKey}`;

/**
 * The enqueuing half of the outbox: the core calls `notesChanged` where a note is deleted or
 * restored; notes without a source of a connected CRM are left out. Each entry is an insert of
 * its key, so a plan batch re-run after a crash, or two processes running the same step, store
 * each change once.
 */
export class CrmOutboxFeed implements CrmChangeFeed {
  constructor(
    private readonly entries: Model<OutboxEntry>,
    private readonly connected: ReadonlySet<CrmSource>,
    private readonly now: () => Date,
  ) {}

  async notesChanged(change: OutboxChange, notes: readonly Note[], eventKey: string): Promise<void> {
    const at = this.now();
    const docs: OutboxEntry[] = [];
    for (const note of notes) {
      const ref = crmRefOf(note);
      if (!ref || !this.connected.has(ref.source)) continue;
      docs.push({
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
        lastError: null,
        newExternalId: null,
        doneAt: null,
      });
    }
    if (docs.length === 0) return;
    try {
      await this.entries.collection.insertMany(docs as never[], { ordered: false });
    } catch (error) {
      // Entries stored by an earlier run of the same step are the ones meant: only those may fail.
      const writeErrors = (error as { writeErrors?: unknown[] }).writeErrors;
      const onlyDuplicates = Array.isArray(writeErrors) ? writeErrors.every((e) => isDuplicateKey(e) || (e as { code?: number }).code === 11000) : isDuplicateKey(error);
      if (!onlyDuplicates) throw error;
    }
  }
}

/** Entry counts per state for `crm status` (done entries are history: not counted). */
export async function outboxCounts(entries: Model<OutboxEntry>, source: CrmSource): Promise<Record<'pending' | 'sending' | 'failed', number>> {
  const count = (state: OutboxState) => entries.countDocuments({ source, state }).exec();
  const [pending, sending, failed] = await Promise.all([count('pending'), count('sending'), count('failed')]);
  return { pending, sending, failed };
}

/** The entries that gave up, newest first, at most `limit`. */
export async function outboxFailures(entries: Model<OutboxEntry>, source: CrmSource, limit: number): Promise<OutboxEntry[]> {
  return entries.find({ source, state: 'failed' }).sort({ eventAt: -1 }).limit(limit).lean<OutboxEntry[]>().exec();
}
