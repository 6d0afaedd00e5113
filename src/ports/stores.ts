import type { ActorId } from '../domain/actor.js';
import type { ApprovalExecution, ApprovalRequest, ApprovalStatus, MessageRef } from '../domain/approval.js';
import type { AuditAction, AuditEntry, AuditInput } from '../domain/audit.js';
import type { Confirmation } from '../domain/confirmation.js';
import type { Operation, OperationCounts, OperationStatus } from '../domain/operation.js';
import type { Locale } from '../domain/locale.js';
import type { BatchRecord, DeletionPlan, PlanStatus } from '../domain/plan.js';
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

/**
 * Languages people (and channels) chose, keyed by who chose: an actor id, or `channel:<platform>:<id>`.
 * One document per subject under `_id`: read on every request, so it must be a keyed lookup.
 */
export interface LocaleStore {
  find(subjectId: string): Promise<Locale | null>;
  /** Stores the choice, replacing an earlier one; the last write wins. */
  set(subjectId: string, locale: Locale, at: Date): Promise<void>;
  /**
   * Stores the choice (null removes it, so the subject falls back to the defaults again) and
   * returns the one it replaced, in one step: the audit entry names what was there before.
   */
  replace(subjectId: string, locale: Locale | null, at: Date): Promise<Locale | null>;
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
  /**
   * Approved `note-delete` requests whose execution is not recorded yet, oldest decision first:
   * what a crash between a decision and its delete left behind. Read by an indexed equality, and
   * includes decisions a crash left only half-stored.
   */
  listUnexecutedDeletes(): Promise<ApprovalRequest[]>;
  /**
   * Records how an approved note delete was carried out, once across processes: the first record
   * wins and every caller gets the recorded one back, `first` telling whether it was theirs.
   */
  recordExecution(id: string, execution: ApprovalExecution): Promise<{ execution: ApprovalExecution; first: boolean }>;
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
  /**
   * Entries after `afterSeq` whose action is one of `actions`, oldest first, at most `limit`: what
   * changed since a review last looked (the permission review reads role changes through this).
   */
  changesAfter(afterSeq: number, actions: readonly AuditAction[], limit: number): Promise<AuditEntry[]>;
  /** Every entry in sequence order, streamed. */
  streamAll(): AsyncIterable<AuditEntry>;
}

/**
 * Long operations ("jobs"). Their one-way steps are claims, atomic across processes: a stop
 * request, the end (once), and each run (a run that finds a newer run claimed stops between two
 * batches, so two instances never work one operation at once).
 */
export interface OperationStore {
  insert(op: Operation): Promise<void>;
  find(id: string): Promise<Operation | null>;
  /** Where the progress is shown; set once the message is posted. */
  attachMessage(id: string, message: NonNullable<Operation['message']>): Promise<void>;
  /** A cached progress point for `jobs`; the totals never go backwards. */
  recordProgress(id: string, counts: OperationCounts, at: Date): Promise<void>;
  /** Asks a running operation to stop between two batches; false when someone asked first. */
  requestStop(id: string, by: string, at: Date): Promise<boolean>;
  /** Who asked the operation to stop, if anyone did. */
  stopRequest(id: string): Promise<{ by: string; at: Date } | null>;
  /**
   * Ends a running operation, once across processes: the operation as ended for the one caller
   * that ended it, null for everyone else (it had ended already).
   */
  finish(id: string, status: Exclude<OperationStatus, 'running'>, fields: Partial<Pick<Operation, 'done' | 'skipped' | 'total' | 'result' | 'cancelledBy'>>, at: Date): Promise<Operation | null>;
  /** Claims the next run of the operation; returns its number (1 for the first run). */
  claimRun(id: string, at: Date): Promise<number>;
  /** The number of the newest run claimed (0 before the first). */
  currentRun(id: string): Promise<number>;
  /** The run `run` says it is still working (its heartbeat); other instances read it in `runLiveness`. */
  touchRun(id: string, run: number, at: Date): Promise<void>;
  /**
   * The newest run and its last sign of life: its latest heartbeat, else when it was claimed;
   * `{ run: 0, aliveAt: null }` before the first run.
   */
  runLiveness(id: string): Promise<{ run: number; aliveAt: Date | null }>;
  /**
   * Takes the operation over from run `from` (a dead one) by claiming run `from + 1`, and only
   * that one: of several instances trying at once, one gets the new number, the others null.
   */
  takeOver(id: string, from: number, at: Date): Promise<number | null>;
  /** Running operations first, then the most recent ended ones, newest first; at most `limit`. */
  listRecent(limit: number): Promise<Operation[]>;
  listRunning(): Promise<Operation[]>;
}
