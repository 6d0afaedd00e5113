import type { ApprovalExecution, ApprovalRequest } from '../../../src/domain/approval.js';
import { auditHash, GENESIS_HASH, type AuditAction, type AuditEntry, type AuditInput } from '../../../src/domain/audit.js';
import type { Confirmation } from '../../../src/domain/confirmation.js';
import type { BatchRecord, DeletionPlan } from '../../../src/domain/plan.js';
import { adminGrants, emptyAdminSet, holdsAdmin, type AdminSet, type MemberGrant } from '../../../src/domain/roles.js';
import type { ApprovalStore, AuditLog, AuditQuery, ConfirmationStore, PlanStore, RoleRepository } from '../../../src/ports/stores.js';
import { copy, duplicateKey } from './shared.js';

/** Roles, confirmations, plans, approvals and the audit log. */

export class InMemoryRoles implements RoleRepository {
  readonly grants = new Map<string, MemberGrant>();
  /** Versions 1..n of the admin set, in order. */
  readonly adminSets: AdminSet[] = [];
  async find(actorId: string) {
    const admin = (await this.adminSet()).admins.find((a) => a.actorId === actorId);
    if (admin) return { ...admin, role: 'admin' as const };
    const grant = this.grants.get(actorId);
    return grant ? copy(grant) : null;
  }
  async list() {
    const set = await this.adminSet();
    const others = [...this.grants.values()].filter((g) => !holdsAdmin(set, g.actorId)).map(copy);
    return [...adminGrants(set), ...others].sort((a, b) => (a.actorId < b.actorId ? -1 : 1));
  }
  async upsert(grant: MemberGrant) {
    if ((grant.role as string) === 'admin') throw new Error('admin is held through the admin set, not a grant');
    this.grants.set(grant.actorId, copy(grant));
  }
  async adminSet() {
    return copy(this.adminSets.at(-1) ?? emptyAdminSet);
  }
  async commitAdminSet(next: AdminSet) {
    if (next.version > this.adminSets.length + 1) throw new Error(`admin set version ${next.version} would leave a gap`);
    if (next.version <= this.adminSets.length) return false;
    this.adminSets.push(copy(next));
    return true;
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
  readonly batches = new Map<string, BatchRecord>();
  private readonly left = new Set<string>();
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
    // A status is left once, as the Mongo store's claims enforce.
    if (from !== to) {
      if (this.left.has(`${id}:${from}`)) return null;
      this.left.add(`${id}:${from}`);
    }
    Object.assign(plan, copy(changes), { status: to, updatedAt: changes.updatedAt ?? new Date() });
    return copy(plan);
  }
  async findBatch(id: string, cursor: number) {
    const record = this.batches.get(`${id}:${cursor}`);
    return record ? copy(record) : null;
  }
  async recordBatch(id: string, record: BatchRecord) {
    const key = `${id}:${record.cursor}`;
    if (!this.batches.has(key)) this.batches.set(key, copy(record));
    return copy(this.batches.get(key)!);
  }
  async advance(id: string, record: BatchRecord) {
    const plan = this.byId.get(id);
    if (!plan) return null;
    if (plan.cursor < record.next) {
      Object.assign(plan, { cursor: record.next, deletedCount: record.doneTotal, skippedCount: record.skippedTotal, updatedAt: record.at });
    }
    return copy(plan);
  }
  async setSnapshot(id: string, snapshotId: string) {
    const plan = this.byId.get(id);
    if (!plan) return null;
    plan.snapshotId ??= snapshotId;
    return plan.snapshotId;
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
  async listUnexecutedDeletes() {
    return [...this.byId.values()]
      .filter((r) => r.kind === 'note-delete' && r.status === 'approved' && !r.execution)
      .sort((a, b) => (a.decidedAt?.getTime() ?? 0) - (b.decidedAt?.getTime() ?? 0))
      .map(copy);
  }
  async recordExecution(id: string, execution: ApprovalExecution) {
    const found = this.byId.get(id);
    if (found?.execution) return { execution: copy(found.execution), first: false };
    if (found) found.execution = copy(execution);
    return { execution: copy(execution), first: true };
  }
}

export class InMemoryAudit implements AuditLog {
  readonly entries: AuditEntry[] = [];
  private readonly keyed = new Map<string, AuditEntry>();
  async append(input: AuditInput, at: Date, onceKey?: string) {
    const earlier = onceKey === undefined ? undefined : this.keyed.get(onceKey);
    if (earlier) return copy(earlier);
    const last = this.entries.at(-1);
    const base = { ...copy(input), seq: (last?.seq ?? 0) + 1, at, prevHash: last?.hash ?? GENESIS_HASH };
    const entry: AuditEntry = { ...base, hash: auditHash(base) };
    this.entries.push(entry);
    if (onceKey !== undefined) this.keyed.set(onceKey, entry);
    return copy(entry);
  }
  async changesAfter(afterSeq: number, actions: readonly AuditAction[], limit: number) {
    return this.entries.filter((e) => e.seq > afterSeq && actions.includes(e.action)).slice(0, Math.max(0, limit)).map(copy);
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
