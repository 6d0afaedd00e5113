import { types } from 'node:util';
import type { ApprovalRequest } from '../../../src/domain/approval.js';
import type { AuditInput } from '../../../src/domain/audit.js';
import type { Confirmation } from '../../../src/domain/confirmation.js';
import type { Note } from '../../../src/domain/note.js';
import { purgeEffectKey, type NoteEffect } from '../../../src/domain/noteEffect.js';
import type { DeletionPlan } from '../../../src/domain/plan.js';

/** Fixed instants: the contract is about ordering and boundaries, so tests never read the clock. */
export const at = (iso: string) => new Date(iso);
export const T0 = at('2026-01-10T00:00:00.000Z');
export const minutes = (n: number, from = T0) => new Date(from.getTime() + n * 60_000);

export function aNote(id: string, overrides: Partial<Note> = {}): Note {
  return {
    id,
    recordId: 'acct-1',
    body: `note ${id}`,
    tags: [],
    authorId: 'slack:U1',
    createdAt: T0,
    updatedAt: T0,
    deletedAt: null,
    deletedBy: null,
    deleteReason: null,
    deletionPlanId: null,
    ...overrides,
  };
}

/** A note as soft-deleted by an admin (no plan), `deletedAt` given. */
export function aDeletedNote(id: string, deletedAt: Date, overrides: Partial<Note> = {}): Note {
  return aNote(id, { deletedAt, deletedBy: 'slack:UADMIN', deleteReason: 'duplicate', ...overrides });
}

/** The write-ahead record of purging `note` (as the purge job builds it), made at `when`. */
export function aPurgeEffect(note: Note, when: Date = minutes(90)): NoteEffect {
  return { key: purgeEffectKey(note), change: 'purge', actorId: 'system:scheduler', platform: 'system', at: when, details: { recordId: note.recordId, backupId: 'b-1' } };
}

export function aConfirmation(id: string, overrides: Partial<Confirmation> = {}): Confirmation {
  return {
    id,
    actorId: 'slack:UADMIN',
    action: { type: 'delete-note', noteId: 'n1', reason: null },
    status: 'pending',
    createdAt: T0,
    expiresAt: minutes(10),
    ...overrides,
  };
}

export function aPlan(id: string, overrides: Partial<DeletionPlan> = {}): DeletionPlan {
  return {
    id,
    kind: 'delete',
    sourceId: null,
    requesterId: 'slack:UADMIN',
    filter: { recordId: 'acct-1', tags: ['old'], before: at('2026-01-01T00:00:00.000Z') },
    filterText: 'record:acct-1 tag:old before:2026-01-01',
    noteIds: ['n1', 'n2', 'n3', 'n4'],
    frozenAt: T0,
    status: 'previewed',
    reason: null,
    approvalId: null,
    snapshotId: null,
    cursor: 0,
    deletedCount: 0,
    skippedCount: 0,
    createdAt: T0,
    updatedAt: T0,
    finishedAt: null,
    ...overrides,
  };
}

export function anApproval(id: string, overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id,
    kind: 'note-delete',
    requesterId: 'slack:UMEMBER',
    targetId: 'n1',
    subject: { recordId: 'acct-1', excerpt: 'renewal call notes' },
    reason: 'wrong account',
    noteCount: 1,
    status: 'pending',
    createdAt: T0,
    expiresAt: minutes(60),
    decidedBy: null,
    decidedAt: null,
    decisionReason: null,
    origin: { platform: 'slack', channelId: 'C1' },
    message: null,
    ...overrides,
  };
}

export function anAuditInput(overrides: Partial<AuditInput> = {}): AuditInput {
  return {
    actorId: 'slack:UADMIN',
    platform: 'slack',
    action: 'note.delete',
    targetIds: ['n1'],
    details: { reason: 'duplicate' },
    ...overrides,
  };
}

/** What the server reports for a unique-index violation; the core retries on exactly this. */
export async function expectDuplicateKey(write: Promise<unknown>): Promise<void> {
  await expect(write).rejects.toMatchObject({ code: 11000 });
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** A domain object read back must carry exactly the domain's fields: no `_id`, no `__v`. */
export function expectSameShape(found: object, written: object): void {
  expect(Object.keys(found).sort()).toEqual(Object.keys(written).sort());
}

/**
 * A real Date. Not `toBeInstanceOf(Date)`: under jest's VM, `structuredClone` (the in-memory
 * twins) builds Dates of the outer realm, which fail `instanceof` against the test's `Date`.
 */
export function expectDate(value: unknown): void {
  expect(types.isDate(value)).toBe(true);
}
