import type { DeletionMark } from '../../../src/ports/notes.js';

/** Helpers every in-memory twin shares. */
export const copy = <T>(value: T): T => structuredClone(value);

export function duplicateKey(): Error {
  return Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
}

export const deletionFields = (mark: DeletionMark) => ({
  deletedAt: mark.deletedAt,
  deletedBy: mark.deletedBy,
  deleteReason: mark.reason,
  deletionPlanId: mark.planId,
});

export const restoredFields = (now: Date) => ({
  deletedAt: null,
  deletedBy: null,
  deleteReason: null,
  deletionPlanId: null,
  updatedAt: now,
});
