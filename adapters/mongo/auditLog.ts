import type { Model } from 'mongoose';
import { auditHash, GENESIS_HASH, type AuditAction, type AuditEntry, type AuditInput } from '../../src/domain/audit.js';
import type { AuditLog, AuditQuery } from '../../src/ports/stores.js';
import { AUDIT_HEAD_ID, auditKey, type AuditHead, type StoredAuditEntry } from './models.js';
import { isDuplicateKey, toDomain, withoutUndefined, writeQueue, type KeyedQueue } from './documents.js';

const APPEND_ATTEMPTS = 20;

/** The domain entry: without Mongo's `_id` and the once-key, which is storage bookkeeping, not audited content. */
function toEntry(doc: StoredAuditEntry): AuditEntry {
  const { onceKey: _onceKey, ...entry } = toDomain(doc);
  return entry;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The hash-chained audit log. Entries are keyed `_id` = zero-padded `seq`, so the chain's head is
 * found by lookups by `_id` (an index search on every server) and never by sorting the log:
 * start at the head hint, probe forward by `_id` until an entry is missing. The unique `_id`
 * arbitrates between processes (an insert of an existing `_id` is refused atomically on FerretDB
 * too): an append that lost the race to another process gets a duplicate key and probes again.
 * Appends from one process also queue behind each other, so the retry only deals with others.
 */
export class MongoAuditLog implements AuditLog {
  private readonly writes: KeyedQueue;
  /** The last entry this instance appended: where the next probe starts, so one lookup usually settles the head. */
  private last: AuditEntry | null = null;

  constructor(
    private readonly entries: Model<StoredAuditEntry>,
    private readonly heads: Model<AuditHead>,
  ) {
    this.writes = writeQueue(entries);
  }

  append(input: AuditInput, at: Date, onceKey?: string): Promise<AuditEntry> {
    return this.writes.run('append', () => this.appendWithRetry(input, at, onceKey));
  }

  private async appendWithRetry(input: AuditInput, at: Date, onceKey?: string): Promise<AuditEntry> {
    // What is hashed must be exactly what is stored and read back.
    const content = withoutUndefined(input);
    for (let attempt = 1; ; attempt += 1) {
      const last = await this.head();
      // A keyed entry (a plan's batch, re-audited after a crash or by another process) is looked
      // for after the head is read: whoever appended it first did so at or before that head, or
      // will collide with this append on the next `_id` and make it look again. So the chain's
      // own compare-and-set makes "once per key" hold across processes, with no second write.
      if (onceKey !== undefined) {
        const earlier = await this.entries.findOne({ onceKey }).lean<StoredAuditEntry>();
        if (earlier) return toEntry(earlier);
      }
      const base = { ...content, seq: (last?.seq ?? 0) + 1, at, prevHash: last?.hash ?? GENESIS_HASH };
      const entry: AuditEntry = { ...base, hash: auditHash(base) };
      try {
        await this.entries.create({ ...entry, _id: auditKey(entry.seq), ...(onceKey !== undefined ? { onceKey } : {}) });
      } catch (error) {
        if (!isDuplicateKey(error) || attempt >= APPEND_ATTEMPTS) throw error;
        // Random and growing, so competing processes stop retrying in lockstep.
        await pause(Math.random() * 5 * attempt);
        continue;
      }
      this.last = entry;
      // A hint that fails to move only makes the next append probe one step further.
      await this.heads.updateOne({ _id: AUDIT_HEAD_ID }, { $set: { seq: entry.seq } }, { upsert: true }).exec().catch(() => undefined);
      return structuredClone(entry);
    }
  }

  /**
   * The newest entry, or null for an empty log. From the hint, gallop forward by `_id` (1, 2, 4,
   * ... past it) to an entry that is missing, then halve the gap: a hint that lags by k entries
   * costs about 2·log2(k) lookups, a missing hint 2·log2(n). Sequence numbers have no gaps: the
   * log is append-only and entry n+1 is only written after entry n.
   */
  private async head(): Promise<AuditEntry | null> {
    let known = this.last;
    if (!known) {
      const hint = await this.heads.findOne({ _id: AUDIT_HEAD_ID }).lean<AuditHead>();
      known = hint ? await this.entryAt(hint.seq) : null;
    }
    let step = 1;
    let missing = 0;
    for (;;) {
      const seq = (known?.seq ?? 0) + step;
      const found = await this.entryAt(seq);
      if (!found) {
        missing = seq;
        break;
      }
      known = found;
      step *= 2;
    }
    // The head lies in [known.seq, missing): narrow it down.
    let low = known?.seq ?? 0;
    let high = missing;
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      const found = await this.entryAt(mid);
      if (found) {
        known = found;
        low = mid;
      } else {
        high = mid;
      }
    }
    return known;
  }

  private async entryAt(seq: number): Promise<AuditEntry | null> {
    if (seq < 1) return null;
    const doc = await this.entries.findOne({ _id: auditKey(seq) }).lean<StoredAuditEntry>();
    return doc ? toEntry(doc) : null;
  }

  async query(query: AuditQuery): Promise<AuditEntry[]> {
    if (query.limit <= 0) return [];
    const filter: Record<string, unknown> = {};
    // One target as a plain equality: FerretDB narrows by that (through the multikey index), not by `$in`.
    if (query.targetIds) filter.targetIds = query.targetIds.length === 1 ? query.targetIds[0] : { $in: query.targetIds };
    if (query.actorId) filter.actorId = query.actorId;
    if (query.since) filter.at = { $gte: query.since };
    const docs = await this.entries.find(filter).sort({ seq: -1 }).limit(query.limit).lean<StoredAuditEntry[]>();
    return docs.map(toEntry);
  }

  async changesAfter(afterSeq: number, actions: readonly AuditAction[], limit: number): Promise<AuditEntry[]> {
    if (limit <= 0 || actions.length === 0) return [];
    // Served by { action, seq }; run weekly by the permission review, never per request.
    const docs = await this.entries
      .find({ action: { $in: [...actions] }, seq: { $gt: afterSeq } })
      .sort({ seq: 1 })
      .limit(limit)
      .lean<StoredAuditEntry[]>();
    return docs.map(toEntry);
  }

  async *streamAll(): AsyncIterable<AuditEntry> {
    const cursor = this.entries.find().sort({ seq: 1 }).lean<StoredAuditEntry>().cursor({ batchSize: 1000 });
    try {
      for await (const doc of cursor) yield toEntry(doc as StoredAuditEntry);
    } finally {
      await cursor.close();
    }
  }
}
