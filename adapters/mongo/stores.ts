import { Types, type Model } from 'mongoose';
import type { ActorId } from '../../src/domain/actor.js';
import type { ApprovalRequest, ApprovalStatus, MessageRef } from '../../src/domain/approval.js';
import { auditHash, GENESIS_HASH, type AuditEntry, type AuditInput } from '../../src/domain/audit.js';
import type { Confirmation } from '../../src/domain/confirmation.js';
import type { RoleGrant } from '../../src/domain/roles.js';
import type {
  ApprovalStore,
  AuditLog,
  AuditQuery,
  ConfirmationStore,
  RoleRepository,
} from '../../src/ports/stores.js';
import { isDuplicateKey, toDomain, withoutUndefined, writeQueue, type KeyedQueue } from './models.js';

const orNull = <T extends object>(doc: T | null): T | null => (doc ? toDomain(doc) : null);

export class MongoRoleRepository implements RoleRepository {
  constructor(private readonly roles: Model<RoleGrant>) {}

  async find(actorId: ActorId): Promise<RoleGrant | null> {
    return orNull(await this.roles.findOne({ actorId }).lean<RoleGrant>());
  }

  async list(): Promise<RoleGrant[]> {
    const docs = await this.roles.find().sort({ actorId: 1 }).lean<RoleGrant[]>();
    return docs.map(toDomain);
  }

  async upsert(grant: RoleGrant): Promise<void> {
    const write = () => this.roles.updateOne({ actorId: grant.actorId }, { $set: withoutUndefined(grant) }, { upsert: true });
    try {
      await write();
    } catch (error) {
      // Two first-time upserts of one actor race on the unique index; the loser's retry updates.
      if (!isDuplicateKey(error)) throw error;
      await write();
    }
  }
}

export class MongoConfirmationStore implements ConfirmationStore {
  private readonly writes: KeyedQueue;

  constructor(private readonly confirmations: Model<Confirmation>) {
    this.writes = writeQueue(confirmations);
  }

  async insert(confirmation: Confirmation): Promise<void> {
    await this.confirmations.create(withoutUndefined(confirmation));
  }

  async find(id: string): Promise<Confirmation | null> {
    return orNull(await this.confirmations.findOne({ id }).lean<Confirmation>());
  }

  async settle(id: string, status: 'confirmed' | 'cancelled'): Promise<Confirmation | null> {
    // The caller acts on what it confirmed, so it gets the pending document it won, not the result.
    const before = await this.writes.run(id, () =>
      this.confirmations
        .findOneAndUpdate({ id, status: 'pending' }, { $set: { status } }, { returnDocument: 'before' })
        .lean<Confirmation>()
        .exec(),
    );
    return orNull(before);
  }
}

type Decision = { status: Exclude<ApprovalStatus, 'pending'>; decidedBy: ActorId; decidedAt: Date; reason: string | null };

export class MongoApprovalStore implements ApprovalStore {
  private readonly writes: KeyedQueue;

  constructor(private readonly approvals: Model<ApprovalRequest>) {
    this.writes = writeQueue(approvals);
  }

  async insert(request: ApprovalRequest): Promise<void> {
    await this.approvals.create(withoutUndefined(request));
  }

  async find(id: string): Promise<ApprovalRequest | null> {
    return orNull(await this.approvals.findOne({ id }).lean<ApprovalRequest>());
  }

  async listPending(now: Date): Promise<ApprovalRequest[]> {
    // Expired requests may still say `pending` until the expiry job marks them; they are not offered.
    const docs = await this.approvals
      .find({ status: 'pending', expiresAt: { $gt: now } })
      .sort({ createdAt: 1, id: 1 })
      .lean<ApprovalRequest[]>();
    return docs.map(toDomain);
  }

  async decide(id: string, decision: Decision, now: Date): Promise<ApprovalRequest | null> {
    const fields = {
      status: decision.status,
      decidedBy: decision.decidedBy,
      decidedAt: decision.decidedAt,
      decisionReason: decision.reason,
    };
    const decided = await this.writes.run(id, () =>
      this.approvals
        .findOneAndUpdate({ id, status: 'pending', expiresAt: { $gt: now } }, { $set: fields }, { returnDocument: 'after' })
        .lean<ApprovalRequest>()
        .exec(),
    );
    return orNull(decided);
  }

  async attachMessage(id: string, message: MessageRef): Promise<void> {
    // Queued with decisions: on FerretDB this `$set` rewrites the whole document.
    await this.writes.run(id, () => this.approvals.updateOne({ id }, { $set: { message: withoutUndefined(message) } }).exec());
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
