import type { Model } from 'mongoose';
import type { ActorId } from '../../src/domain/actor.js';
import type { ApprovalRequest, ApprovalStatus, MessageRef } from '../../src/domain/approval.js';
import type { Confirmation } from '../../src/domain/confirmation.js';
import type { DeletionPlan, PlanStatus } from '../../src/domain/plan.js';
import type { RoleGrant } from '../../src/domain/roles.js';
import type {
  ApprovalStore,
  ConfirmationStore,
  PlanStore,
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
