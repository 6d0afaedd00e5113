import type { ActorId } from '../domain/actor.js';
import type { ApprovalRequest, ApprovalStatus, MessageRef } from '../domain/approval.js';
import type { AuditEntry, AuditInput } from '../domain/audit.js';
import type { Confirmation } from '../domain/confirmation.js';
import type { DeletionPlan, PlanStatus } from '../domain/plan.js';
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
  /** Compare-and-set on status; returns the updated plan or null if the status was not `from`. */
  transition(
    id: string,
    from: PlanStatus,
    to: PlanStatus,
    changes?: Omit<Partial<DeletionPlan>, 'id' | 'status'>,
  ): Promise<DeletionPlan | null>;
  /**
   * Records one finished batch, only if the plan's cursor is still `fromCursor`: two executors of
   * the same plan cannot both count a batch.
   */
  advance(
    id: string,
    fromCursor: number,
    progress: { cursor: number; deleted: number; skipped: number; now: Date },
  ): Promise<DeletionPlan | null>;
  setSnapshot(id: string, snapshotId: string): Promise<void>;
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
  append(input: AuditInput, at: Date): Promise<AuditEntry>;
  /** Newest first. */
  query(query: AuditQuery): Promise<AuditEntry[]>;
  /** Every entry in sequence order, streamed. */
  streamAll(): AsyncIterable<AuditEntry>;
}
