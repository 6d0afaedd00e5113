import type { ActorId } from './actor.js';
import type { MessageRef, Origin } from './approval.js';

/**
 * A long operation ("job"): work that can touch more than a page of notes, started by a request
 * and run off the request path, with its progress shown in place. Plan-backed kinds (bulk delete,
 * undo, restore from backup) share the plan's id and take their truth from the plan; the others
 * (`backup`, `import`) keep it here.
 */
export type OperationKind = 'bulk-delete' | 'undo' | 'backup-restore' | 'backup' | 'import';

export type OperationStatus = 'running' | 'done' | 'cancelled' | 'failed';

export interface OperationCounts {
  /** Items acted on so far (notes deleted, restored, exported, imported). */
  done: number;
  /** Items left alone (changed or already handled by someone else meanwhile). */
  skipped: number;
  /** Items the operation will go through in all; 0 while unknown. */
  total: number;
}

export interface Operation extends OperationCounts {
  /** The plan id for plan-backed kinds (so `undo`, `cancel` and `jobs` name one id), else `j-...`. */
  id: string;
  kind: OperationKind;
  planId: string | null;
  requesterId: ActorId;
  /** Where the request came from: the progress message goes there, the end is told there. */
  origin: Origin;
  /** The message that shows the progress, once one is posted: updated in place, from any instance. */
  message: MessageRef | null;
  status: OperationStatus;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  /** Who asked for it to stop, when someone did. */
  cancelledBy: ActorId | null;
  /** Kind-specific result data (a backup's id and counts, a failure's code); never sentences. */
  result: Record<string, unknown> | null;
}

export const runningStatuses: OperationStatus[] = ['running'];

/** Items per second since the start, and the seconds left at that rate (null while unknown). */
export function pace(op: Pick<Operation, 'done' | 'skipped' | 'total' | 'startedAt'>, now: Date): { perSecond: number; secondsLeft: number | null } {
  const seconds = Math.max(0.001, (now.getTime() - op.startedAt.getTime()) / 1000);
  const handled = op.done + op.skipped;
  const perSecond = handled / seconds;
  const left = Math.max(0, op.total - handled);
  return { perSecond, secondsLeft: op.total > 0 && perSecond > 0 ? Math.ceil(left / perSecond) : null };
}

/** The operation kind a plan runs as. */
export function operationKindOfPlan(planKind: 'delete' | 'undo' | 'backup-restore'): OperationKind {
  return planKind === 'delete' ? 'bulk-delete' : planKind;
}
