import { AUDIT_TARGETS_MAX } from '../../src/domain/plan.js';
import type { makeCore } from './core.js';

/**
 * Every note of `noteIds` is listed by exactly one batch entry of `action` (entries that carry a
 * `batch`), and no entry lists more than AUDIT_TARGETS_MAX targets.
 */
export function expectAuditedOnce(core: ReturnType<typeof makeCore>, action: string, noteIds: readonly string[]): void {
  const entries = core.stores.audit.entries;
  expect(Math.max(...entries.map((e) => e.targetIds.length))).toBeLessThanOrEqual(AUDIT_TARGETS_MAX);
  const listed = entries.filter((e) => e.action === action && e.details.batch).flatMap((e) => e.targetIds.slice(1));
  expect([...listed].sort()).toEqual([...noteIds].sort());
}
