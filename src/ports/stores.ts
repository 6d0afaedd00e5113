import type { ActorId } from '../domain/actor.js';
import type { ApprovalRequest, ApprovalStatus, MessageRef } from '../domain/approval.js';
import type { AuditEntry, AuditInput } from '../domain/audit.js';
import type { Confirmation } from '../domain/confirmation.js';
import type { DeletionPlan, PlanStatus } from '../domain/plan.js';
import type { AdminSet, MemberGrant, RoleGrant } from '../domain/roles.js';

/**
 * Roles. Admin is held through the versioned admin set, where every change is one atomic step
 * (across processes too); viewer and member are plain grants, one per actor.
 */
export interface RoleRepository {
  /** The actor's stored role: admin while the newest admin set holds it, else its grant, else null. */
  find(actorId: ActorId): Promise<RoleGrant | null>;
  /** The newest admin set as admin grants, then the grants of everyone else. */
  list(): Promise<RoleGrant[]>;
  /** Stores a viewer or member grant, replacing the actor's previous one. */
  upsert(grant: MemberGrant): Promise<void>;
  /** The newest version of the admin set (version 0, empty, before the first change). */
  adminSet(): Promise<AdminSet>;
  /**
   * Stores `next` as the new admin set, where `next.version` is the version read plus one. True
   * for exactly one caller per version, whichever process it runs in; false when someone else
   * changed the set first: re-read it and decide again.
   */
  commitAdminSet(next: AdminSet): Promise<boolean>;
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
