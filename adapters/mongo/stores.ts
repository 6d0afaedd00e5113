import { Types, type Model } from 'mongoose';
import { auditHash, GENESIS_HASH, type AuditEntry, type AuditInput } from '../../src/domain/audit.js';
import type { AuditLog, AuditQuery } from '../../src/ports/stores.js';
import { isDuplicateKey, toDomain, withoutUndefined, writeQueue, type KeyedQueue } from './models.js';

const APPEND_ATTEMPTS = 20;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The hash-chained audit log. The unique index on `seq` arbitrates between processes (inserts
 * are atomic on FerretDB too): an append that read a tail someone else has since extended fails
 * with a duplicate key and re-reads. Appends from one process also queue behind each other, so
 * they never collide among themselves and the retry only deals with other processes.
 */
export class MongoAuditLog implements AuditLog {
  private readonly writes: KeyedQueue;
  /** The last entry this instance appended, with its `_id` (unknown until its first append). */
  private tail: { _id: unknown; entry: AuditEntry } | undefined = undefined;

  constructor(private readonly entries: Model<AuditEntry>) {
    this.writes = writeQueue(entries);
  }

  append(input: AuditInput, at: Date, onceKey?: string): Promise<AuditEntry> {
    return this.writes.run('append', () => this.appendWithRetry(input, at, onceKey));
  }

  private async appendWithRetry(input: AuditInput, at: Date, onceKey?: string): Promise<AuditEntry> {
    // What is hashed must be exactly what is stored and read back.
    const content = withoutUndefined(input);
    for (let attempt = 1; ; attempt += 1) {
      // On FerretDB reading the tail scans the whole log, and a plan appends hundreds of entries
      // in a row: the entry this instance appended last is the tail unless another process has
      // appended since, which the unique `seq` refuses, and the retry re-reads.
      const last = (await this.cachedTail()) ?? (await this.entries.findOne().sort({ seq: -1 }).lean<AuditEntry>());
      this.tail = undefined;
      const base = { ...content, seq: (last?.seq ?? 0) + 1, at, prevHash: last?.hash ?? GENESIS_HASH };
      const entry: AuditEntry = { ...base, hash: auditHash(base) };
      try {
        // A keyed entry is stored under `_id` = key: a second insert of it is refused atomically
        // on every backend, so a step repeated after a crash, or by another process, is audited once.
        // A string `_id` either way: FerretDB serves only a string `_id` lookup from an index.
        const _id = onceKey ?? new Types.ObjectId().toHexString();
        await this.entries.collection.insertOne({ _id, ...entry } as never);
        this.tail = { _id, entry };
        return structuredClone(entry);
      } catch (error) {
        if (isDuplicateKey(error) && onceKey !== undefined) {
          const existing = await this.entries.collection.findOne({ _id: onceKey } as never);
          if (existing) return toDomain(existing as unknown as AuditEntry);
        }
        if (!isDuplicateKey(error) || attempt >= APPEND_ATTEMPTS) throw error;
        // Random and growing, so competing processes stop retrying in lockstep.
        await pause(Math.random() * 5 * attempt);
      }
    }
  }

  /** The entry this instance appended last, if it is still stored (a wiped test database is not). */
  private async cachedTail(): Promise<AuditEntry | null> {
    if (!this.tail) return null;
    const { _id, entry } = this.tail;
    const stored = await this.entries.collection.findOne({ _id } as never, { projection: { seq: 1 } });
    return stored?.seq === entry.seq ? entry : null;
  }

  async query(query: AuditQuery): Promise<AuditEntry[]> {
    if (query.limit <= 0) return [];
    const filter: Record<string, unknown> = {};
    if (query.targetIds) filter.targetIds = { $in: query.targetIds };
    if (query.actorId) filter.actorId = query.actorId;
    if (query.since) filter.at = { $gte: query.since };
    const docs = await this.entries.find(filter).sort({ seq: -1 }).limit(query.limit).lean<AuditEntry[]>();
    return docs.map(toDomain);
  }

  async *streamAll(): AsyncIterable<AuditEntry> {
    const cursor = this.entries.find().sort({ seq: 1 }).lean<AuditEntry>().cursor({ batchSize: 1000 });
    try {
      for await (const doc of cursor) yield toDomain(doc as AuditEntry);
    } finally {
      await cursor.close();
    }
  }
}
