import type { ActorId } from './actor.js';
import type { NoteFilter } from './filter.js';

/**
 * A deletion plan freezes, at preview time, exactly which notes a bulk delete will touch. It runs
 * in batches whose progress lives in the plan, so a crash resumes where it stopped and a plan
 * executed twice deletes nothing twice.
 */
export type PlanStatus =
  | 'previewed' // matched and frozen, waiting for the requester's confirmation
  | 'awaiting-approval' // confirmed, above the threshold: a second admin must approve
  | 'executing'
  | 'done'
  | 'cancelled'
  | 'rejected'
  | 'expired';

export interface DeletionPlan {
  id: string;
  requesterId: ActorId;
  filter: NoteFilter;
  /** Filter as typed, for messages. */
  filterText: string;
  noteIds: string[];
  /** Notes changed after this instant are skipped: the plan deletes what was previewed. */
  frozenAt: Date;
  status: PlanStatus;
  reason: string | null;
  approvalId: string | null;
  snapshotId: string | null;
  /** Position of the next batch to run in `noteIds` sorted by id (the order batches run in). */
  cursor: number;
  deletedCount: number;
  skippedCount: number;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

/** Plans whose execution has been claimed but not finished; resumed at start-up. */
export const unfinishedStatuses: PlanStatus[] = ['executing'];
