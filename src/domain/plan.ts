import type { ActorId } from './actor.js';
import type { BackupRestoreScope } from './confirmation.js';
import type { NoteFilter } from './filter.js';

/**
 * A plan freezes, before it runs, exactly which notes an operation on many notes will touch, and
 * runs in batches whose progress lives in the database, so a crash resumes where it stopped and a
 * plan executed twice changes nothing twice. Three kinds share the machinery:
 * - `delete`: a bulk delete, frozen at preview time;
 * - `undo`: `undo <planId>`, over the notes that delete plan still holds deleted;
 * - `backup-restore`: `backup restore`, over the notes of the backup that are missing or deleted now.
 */
export type PlanKind = 'delete' | 'undo' | 'backup-restore';

export type PlanStatus =
  | 'previewed' // matched and frozen, waiting for the requester's confirmation
  | 'awaiting-approval' // confirmed, above the threshold: a second admin must approve
  | 'executing'
  | 'done'
  | 'cancelled'
  | 'rejected'
  | 'expired';

/** What a backup-restore plan restores from, and what its freeze already left alone. */
export interface BackupRestoreSource {
  scope: BackupRestoreScope;
  inScope: number;
  /** Notes of the scope soft-deleted now and in the backup too: left alone. */
  skippedStillDeleted: number;
}

export interface DeletionPlan {
  id: string;
  kind: PlanKind;
  /** `undo`: the delete plan it reverses; `backup-restore`: the backup it reads; else null. */
  sourceId: string | null;
  /** `backup-restore` only. */
  backup?: BackupRestoreSource;
  requesterId: ActorId;
  filter: NoteFilter;
  /** Filter as typed, for messages. */
  filterText: string;
  noteIds: string[];
  /**
   * `delete`: notes changed after this instant are skipped, so the plan deletes what was
   * previewed. `undo` and `backup-restore`: the `updatedAt` every note they restore gets, which is
   * how a resumed run tells the notes this plan restored from notes someone else restored.
   */
  frozenAt: Date;
  status: PlanStatus;
  reason: string | null;
  approvalId: string | null;
  snapshotId: string | null;
  /** Position of the next batch to run in `noteIds` sorted by id (the order batches run in). */
  cursor: number;
  /** Notes the plan changed: deleted (`delete`) or restored (`undo`, `backup-restore`). */
  deletedCount: number;
  /** Notes of the plan left alone: changed, deleted or restored by someone else meanwhile. */
  skippedCount: number;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

/** What differs between plans when one is made; everything else starts the same for every kind. */
export type NewPlan = Pick<DeletionPlan, 'id' | 'kind' | 'sourceId' | 'requesterId' | 'filter' | 'filterText' | 'noteIds' | 'status'> &
  Partial<Pick<DeletionPlan, 'backup' | 'skippedCount'>>;

/** A plan frozen at `now`, before its first batch. */
export function newPlan(fields: NewPlan, now: Date): DeletionPlan {
  return {
    skippedCount: 0,
    ...fields,
    frozenAt: now,
    reason: null,
    approvalId: null,
    snapshotId: null,
    cursor: 0,
    deletedCount: 0,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
  };
}

/**
 * The effect of one batch, recorded once per plan and position whichever process ran it: the
 * truth a resumed run audits and counts from.
 */
export interface BatchRecord {
  /** Where the batch starts in the plan's sorted ids, and where the next one starts. */
  cursor: number;
  next: number;
  /** Notes of the batch the plan changed (this run or a run that crashed), in id order. */
  doneIds: string[];
  skipped: number;
  /** The plan's totals including this batch. */
  doneTotal: number;
  skippedTotal: number;
  at: Date;
}

/** Plans whose execution has been claimed but not finished; resumed at start-up. */
export const unfinishedStatuses: PlanStatus[] = ['executing'];

/** Statuses a plan never leaves. */
export const finalStatuses: PlanStatus[] = ['done', 'cancelled', 'rejected', 'expired'];

/**
 * Most target ids one audit entry lists. A plan's effect is recorded in as many entries as it
 * takes: an entry listing thousands of ids would not fit a PostgreSQL index row (8,191 bytes),
 * and FerretDB on PostgreSQL indexes `targetIds`.
 */
export const AUDIT_TARGETS_MAX = 100;
