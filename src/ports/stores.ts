import type { ActorId } from '../domain/actor.js';
import type { ApprovalRequest, ApprovalStatus, MessageRef } from '../domain/approval.js';
import type { AuditEntry, AuditInput } from '../domain/audit.js';
import type { Confirmation } from '../domain/confirmation.js';
import type { BatchRecord, DeletionPlan, PlanStatus } from '../domain/plan.js';
import type { RoleGrant } from '../domain/roles.js';

export interface RoleRepository {
  find(actorId: ActorId): Promise<RoleGrant | null>;
  list(): Promise<RoleGrant[]>;
  upsert(grant: RoleGrant): Promise<void>;
}

export interface ConfirmationStore {
  insert(confirmation: Confirmation): Promise<void>;
  find(id: string): Promise<Confirmation | null>;
  /** Compare-and-set from `pending`; returns the confirmation as it was before, or null if not pending. */
  settle(id: string, status: 'confirmed' | 'cancelled'): Promise<Confirmation | null>;
}

export interface PlanStore {
  insert(plan: DeletionPlan): Promise<void>;
  find(id: string): Promise<DeletionPlan | null>;
  /**
   * Compare-and-set on status, once across processes: a plan leaves each status at most once,
   * and of concurrent transitions from one status exactly one wins. Returns the updated plan or
   * null if the status was not `from`. A transition to the same status only attaches `changes`.
   */
  transition(
    id: string,
    from: PlanStatus,
    to: PlanStatus,
    changes?: Omit<Partial<DeletionPlan>, 'id' | 'status'>,
  ): Promise<DeletionPlan | null>;
  /** The recorded effect of the batch starting at `cursor`, if any process recorded it. */
  findBatch(id: string, cursor: number): Promise<BatchRecord | null>;
  /**
   * Records the effect of the batch starting at `record.cursor`, once across processes: returns
   * `record` when this call recorded it, else the record that was there first.
   */
  recordBatch(id: string, record: BatchRecord): Promise<BatchRecord>;
  /**
   * Moves the plan's stored cursor and totals to after `record`, never backwards. Returns the
   * plan as it is now, or null if it does not exist.
   */
  advance(id: string, record: BatchRecord): Promise<DeletionPlan | null>;
  /** Records the pre-delete snapshot once; returns the snapshot id recorded (this one or an earlier one). */
  setSnapshot(id: string, snapshotId: string): Promise<string | null>;
  listByStatus(status: PlanStatus): Promise<DeletionPlan[]>;
}

export interface ApprovalStore {
  insert(request: ApprovalRequest): Promise<void>;
  find(id: string): Promise<ApprovalRequest | null>;
  listPending(now: Date): Promise<ApprovalRequest[]>;
  /**
   * Compare-and-set from `pending` (and not expired at `now`); returns the decided request, or
   * null if someone decided first or it expired.
   */
  decide(
    id: string,
    decision: { status: Exclude<ApprovalStatus, 'pending'>; decidedBy: ActorId; decidedAt: Date; reason: string | null },
    now: Date,
  ): Promise<ApprovalRequest | null>;
  attachMessage(id: string, message: MessageRef): Promise<void>;
}

export interface AuditQuery {
  targetIds?: string[];
  actorId?: ActorId;
  since?: Date;
  limit: number;
}

/** Append-only. There is deliberately no update or delete. */
export interface AuditLog {
  /**
   * With `onceKey`, appends only if no entry was appended under that key before (by any process)
   * and returns the entry stored under it: a step that is retried after a crash is audited once.
   */
  append(input: AuditInput, at: Date, onceKey?: string): Promise<AuditEntry>;
  /** Newest first. */
  query(query: AuditQuery): Promise<AuditEntry[]>;
  /** Every entry in sequence order, streamed. */
  streamAll(): AsyncIterable<AuditEntry>;
}
