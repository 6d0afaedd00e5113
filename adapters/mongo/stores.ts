import type { Model } from 'mongoose';
import { auditHash, GENESIS_HASH, type AuditEntry, type AuditInput } from '../../src/domain/audit.js';
import type { DeletionPlan, PlanStatus } from '../../src/domain/plan.js';
import type { AuditLog, AuditQuery, PlanStore } from '../../src/ports/stores.js';
import { isDuplicateKey, toDomain, withoutUndefined, writeQueue, type KeyedQueue } from './models.js';

const orNull = <T extends object>(doc: T | null): T | null => (doc ? toDomain(doc) : null);

type PlanProgress = { cursor: number; deleted: number; skipped: number; now: Date };

export class MongoPlanStore implements PlanStore {
  private readonly writes: KeyedQueue;

  constructor(private readonly plans: Model<DeletionPlan>) {
    this.writes = writeQueue(plans);
  }

  async insert(plan: DeletionPlan): Promise<void> {
    await this.plans.create(withoutUndefined(plan));
  }

  async find(id: string): Promise<DeletionPlan | null> {
    return orNull(await this.plans.findOne({ id }).lean<DeletionPlan>());
  }

  async transition(id: string, from: PlanStatus, to: PlanStatus, changes: Omit<Partial<DeletionPlan>, 'id' | 'status'> = {}): Promise<DeletionPlan | null> {
    const rest = withoutUndefined(changes);
    const updated = await this.writes.run(id, () =>
      this.plans
        .findOneAndUpdate(
          { id, status: from },
          { $set: { ...rest, status: to, updatedAt: changes.updatedAt ?? new Date() } },
          { returnDocument: 'after' },
        )
        .lean<DeletionPlan>()
        .exec(),
    );
    return orNull(updated);
  }

  async advance(id: string, fromCursor: number, progress: PlanProgress): Promise<DeletionPlan | null> {
    // Matching on the cursor is what stops two executors from both counting one batch.
    const updated = await this.writes.run(id, () =>
      this.plans
        .findOneAndUpdate(
          { id, status: 'executing', cursor: fromCursor },
          {
            $set: { cursor: progress.cursor, updatedAt: progress.now },
            $inc: { deletedCount: progress.deleted, skippedCount: progress.skipped },
          },
          { returnDocument: 'after' },
        )
        .lean<DeletionPlan>()
        .exec(),
    );
    return orNull(updated);
  }

  async setSnapshot(id: string, snapshotId: string): Promise<void> {
    await this.writes.run(id, () => this.plans.updateOne({ id }, { $set: { snapshotId } }).exec());
  }

  async listByStatus(status: PlanStatus): Promise<DeletionPlan[]> {
    const docs = await this.plans.find({ status }).sort({ createdAt: 1, id: 1 }).lean<DeletionPlan[]>();
    return docs.map(toDomain);
  }
}

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

  constructor(private readonly entries: Model<AuditEntry>) {
    this.writes = writeQueue(entries);
  }

  append(input: AuditInput, at: Date): Promise<AuditEntry> {
    return this.writes.run('append', () => this.appendWithRetry(input, at));
  }

  private async appendWithRetry(input: AuditInput, at: Date): Promise<AuditEntry> {
    // What is hashed must be exactly what is stored and read back.
    const content = withoutUndefined(input);
    for (let attempt = 1; ; attempt += 1) {
      const last = await this.entries.findOne().sort({ seq: -1 }).lean<AuditEntry>();
      const base = { ...content, seq: (last?.seq ?? 0) + 1, at, prevHash: last?.hash ?? GENESIS_HASH };
      const entry: AuditEntry = { ...base, hash: auditHash(base) };
      try {
        await this.entries.create(entry);
        return structuredClone(entry);
      } catch (error) {
        if (!isDuplicateKey(error) || attempt >= APPEND_ATTEMPTS) throw error;
        // Random and growing, so competing processes stop retrying in lockstep.
        await pause(Math.random() * 5 * attempt);
      }
    }
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
