import type { ApprovalRequest } from '../../src/domain/approval.js';
import { auditHash, GENESIS_HASH, type AuditEntry, type AuditInput } from '../../src/domain/audit.js';
import type { Confirmation } from '../../src/domain/confirmation.js';
import { matchesQuery, type NoteQuery } from '../../src/domain/filter.js';
import type { Note } from '../../src/domain/note.js';
import type { DeletionPlan } from '../../src/domain/plan.js';
import type { RoleGrant } from '../../src/domain/roles.js';
import type { DeletionMark, ListKey, NoteRepository, Page } from '../../src/ports/notes.js';
import type { ApprovalStore, AuditLog, AuditQuery, ConfirmationStore, PlanStore, RoleRepository } from '../../src/ports/stores.js';

/**
 * In-memory twins of every storage port. The contract suite runs the same tests against these
 * and the Mongo repositories, so unit tests on the core can trust them.
 */
const copy = <T>(value: T): T => structuredClone(value);

function duplicateKey(): Error {
  return Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
}

const listKeyOf = (note: Note, query: NoteQuery): ListKey => ({
  at: query.state === 'deleted' ? note.deletedAt! : note.createdAt,
  id: note.id,
});

/** Ascending key order; lists run it backwards (newest first). Ids compare by code unit, as Mongo's do. */
function compareListKeys(a: ListKey, b: ListKey): number {
  return a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export class InMemoryNotes implements NoteRepository {
  readonly byId = new Map<string, Note>();

  async insert(note: Note) {
    if (this.byId.has(note.id)) throw duplicateKey();
    this.byId.set(note.id, copy(note));
  }
  async findById(id: string) {
    const note = this.byId.get(id);
    return note ? copy(note) : null;
  }
  async findByIds(ids: readonly string[]) {
    return ids.flatMap((id) => (this.byId.has(id) ? [copy(this.byId.get(id)!)] : []));
  }
  private ordered(query: NoteQuery): Note[] {
    const matched = [...this.byId.values()].filter((n) => matchesQuery(n, query));
    return matched.sort((a, b) => -compareListKeys(listKeyOf(a, query), listKeyOf(b, query)));
  }
  async list(query: NoteQuery, page: Page) {
    let notes = this.ordered(query);
    const { after, before } = page;
    if (after) notes = notes.filter((n) => compareListKeys(listKeyOf(n, query), after) < 0);
    else if (before) {
      notes = notes.filter((n) => compareListKeys(listKeyOf(n, query), before) > 0);
      notes = notes.slice(Math.max(0, notes.length - page.limit));
    }
    const offset = page.offset ?? 0;
    return notes.slice(offset, offset + page.limit).map(copy);
  }
  async count(query: NoteQuery) {
    return this.ordered(query).length;
  }
  async matchIds(query: NoteQuery, limit: number) {
    return this.ordered(query).slice(0, limit).map((n) => n.id);
  }
  async softDelete(id: string, mark: DeletionMark) {
    const note = this.byId.get(id);
    if (!note || note.deletedAt) return null;
    Object.assign(note, deletionFields(mark));
    return copy(note);
  }
  async softDeleteMany(ids: readonly string[], unchangedSince: Date, mark: DeletionMark & { planId: string }) {
    let marked = 0;
    for (const id of new Set(ids)) {
      const note = this.byId.get(id);
      if (note && !note.deletedAt && note.updatedAt <= unchangedSince) {
        Object.assign(note, deletionFields(mark));
        marked += 1;
      }
    }
    return marked;
  }
  async countDeletedByPlan(ids: readonly string[], planId: string) {
    return ids.filter((id) => {
      const note = this.byId.get(id);
      return note?.deletedAt && note.deletionPlanId === planId;
    }).length;
  }
  async restore(id: string, now: Date) {
    const note = this.byId.get(id);
    if (!note || !note.deletedAt) return null;
    Object.assign(note, restoredFields(now));
    return copy(note);
  }
  async restoreByPlan(planId: string, now: Date) {
    let restored = 0;
    for (const note of this.byId.values()) {
      if (note.deletedAt && note.deletionPlanId === planId) {
        Object.assign(note, restoredFields(now));
        restored += 1;
      }
    }
    return restored;
  }
  async *streamAll() {
    for (const id of [...this.byId.keys()].sort()) yield copy(this.byId.get(id)!);
  }
  async *streamByIds(ids: readonly string[]) {
    for (const id of ids) if (this.byId.has(id)) yield copy(this.byId.get(id)!);
  }
}

const deletionFields = (mark: DeletionMark) => ({
  deletedAt: mark.deletedAt,
  deletedBy: mark.deletedBy,
  deleteReason: mark.reason,
  deletionPlanId: mark.planId,
});

const restoredFields = (now: Date) => ({
  deletedAt: null,
  deletedBy: null,
  deleteReason: null,
  deletionPlanId: null,
  updatedAt: now,
});

export class InMemoryRoles implements RoleRepository {
  readonly grants = new Map<string, RoleGrant>();
  async find(actorId: string) {
    const grant = this.grants.get(actorId);
    return grant ? copy(grant) : null;
  }
  async list() {
    return [...this.grants.values()].map(copy);
  }
  async upsert(grant: RoleGrant) {
    this.grants.set(grant.actorId, copy(grant));
  }
}

export class InMemoryConfirmations implements ConfirmationStore {
  readonly byId = new Map<string, Confirmation>();
  async insert(confirmation: Confirmation) {
    if (this.byId.has(confirmation.id)) throw duplicateKey();
    this.byId.set(confirmation.id, copy(confirmation));
  }
  async find(id: string) {
    const found = this.byId.get(id);
    return found ? copy(found) : null;
  }
  async settle(id: string, status: 'confirmed' | 'cancelled') {
    const found = this.byId.get(id);
    if (!found || found.status !== 'pending') return null;
    const before = copy(found);
    found.status = status;
    return before;
  }
}

export class InMemoryPlans implements PlanStore {
  readonly byId = new Map<string, DeletionPlan>();
  async insert(plan: DeletionPlan) {
    if (this.byId.has(plan.id)) throw duplicateKey();
    this.byId.set(plan.id, copy(plan));
  }
  async find(id: string) {
    const plan = this.byId.get(id);
    return plan ? copy(plan) : null;
  }
  async transition(id: string, from: DeletionPlan['status'], to: DeletionPlan['status'], changes: Omit<Partial<DeletionPlan>, 'id' | 'status'> = {}) {
    const plan = this.byId.get(id);
    if (!plan || plan.status !== from) return null;
    Object.assign(plan, changes, { status: to, updatedAt: changes.updatedAt ?? new Date() });
    return copy(plan);
  }
  async advance(id: string, fromCursor: number, p: { cursor: number; deleted: number; skipped: number; now: Date }) {
    const plan = this.byId.get(id);
    if (!plan || plan.status !== 'executing' || plan.cursor !== fromCursor) return null;
    plan.cursor = p.cursor;
    plan.deletedCount += p.deleted;
    plan.skippedCount += p.skipped;
    plan.updatedAt = p.now;
    return copy(plan);
  }
  async setSnapshot(id: string, snapshotId: string) {
    const plan = this.byId.get(id);
    if (plan) plan.snapshotId = snapshotId;
  }
  async listByStatus(status: DeletionPlan['status']) {
    return [...this.byId.values()].filter((p) => p.status === status).map(copy);
  }
}

export class InMemoryApprovals implements ApprovalStore {
  readonly byId = new Map<string, ApprovalRequest>();
  async insert(request: ApprovalRequest) {
    if (this.byId.has(request.id)) throw duplicateKey();
    this.byId.set(request.id, copy(request));
  }
  async find(id: string) {
    const found = this.byId.get(id);
    return found ? copy(found) : null;
  }
  async listPending(now: Date) {
    return [...this.byId.values()]
      .filter((r) => r.status === 'pending' && r.expiresAt > now)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .map(copy);
  }
  async decide(
    id: string,
    decision: { status: Exclude<ApprovalRequest['status'], 'pending'>; decidedBy: string; decidedAt: Date; reason: string | null },
    now: Date,
  ) {
    const found = this.byId.get(id);
    if (!found || found.status !== 'pending' || found.expiresAt <= now) return null;
    Object.assign(found, {
      status: decision.status,
      decidedBy: decision.decidedBy,
      decidedAt: decision.decidedAt,
      decisionReason: decision.reason,
    });
    return copy(found);
  }
  async attachMessage(id: string, message: ApprovalRequest['message']) {
    const found = this.byId.get(id);
    if (found) found.message = copy(message);
  }
}

export class InMemoryAudit implements AuditLog {
  readonly entries: AuditEntry[] = [];
  async append(input: AuditInput, at: Date) {
    const last = this.entries.at(-1);
    const base = { ...copy(input), seq: (last?.seq ?? 0) + 1, at, prevHash: last?.hash ?? GENESIS_HASH };
    const entry: AuditEntry = { ...base, hash: auditHash(base) };
    this.entries.push(entry);
    return copy(entry);
  }
  async query(query: AuditQuery) {
    return this.entries
      .filter((e) => !query.targetIds || e.targetIds.some((t) => query.targetIds!.includes(t)))
      .filter((e) => !query.actorId || e.actorId === query.actorId)
      .filter((e) => !query.since || e.at >= query.since)
      .sort((a, b) => b.seq - a.seq)
      .slice(0, query.limit)
      .map(copy);
  }
  async *streamAll() {
    for (const entry of this.entries) yield copy(entry);
  }
}
