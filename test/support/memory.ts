import type { ApprovalExecution, ApprovalRequest } from '../../src/domain/approval.js';
import { auditHash, GENESIS_HASH, type AuditAction, type AuditEntry, type AuditInput } from '../../src/domain/audit.js';
import type { Confirmation } from '../../src/domain/confirmation.js';
import { matchesQuery, type NoteQuery } from '../../src/domain/filter.js';
import type { Note, NoteSource } from '../../src/domain/note.js';
import { inChangeOrder, type NoteEffect, type PendingNoteEffects } from '../../src/domain/noteEffect.js';
import { emptyUpsertReport, holdsKey, sourceKey, sourcedChange, sourcedNote, sourcedNoteId, tally, type SourcedNoteInput } from '../../src/domain/sourcedNote.js';
import type { BatchRecord, DeletionPlan } from '../../src/domain/plan.js';
import { adminGrants, emptyAdminSet, holdsAdmin, type AdminSet, type MemberGrant } from '../../src/domain/roles.js';
import type { NotePurger, NoteRestorer } from '../../src/ports/backups.js';
import type { DrillResult, JobState, RoleReviewMark } from '../../src/ports/jobState.js';
import type { DeletionMark, ListKey, NoteInsertResult, NoteRepository, Page } from '../../src/ports/notes.js';
import type { ApiToken, ApiTokenStore } from '../../src/ports/tokens.js';
import type { ConversationAddress, ConversationAddresses } from '../../src/ports/conversations.js';
import type { Locale } from '../../src/domain/locale.js';
import type { Operation, OperationCounts, OperationStatus } from '../../src/domain/operation.js';
import type { ApprovalStore, AuditLog, AuditQuery, ConfirmationStore, LocaleStore, OperationStore, PlanStore, RoleRepository } from '../../src/ports/stores.js';

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
  /** Pending effects per note id, by key: kept beside the notes, which the domain sees without them. */
  readonly effects = new Map<string, Map<string, NoteEffect>>();
  /** Notes the trash purge is removing, with the purge's key: no restore may bring them back. */
  readonly purging = new Map<string, string>();

  /** Soft-deleted and not being purged: what every restore path may bring back. */
  restorable(note: Note | undefined): note is Note {
    return Boolean(note?.deletedAt) && !this.purging.has(note!.id);
  }

  addEffect(noteId: string, effect: NoteEffect | undefined) {
    if (!effect) return;
    const held = this.effects.get(noteId) ?? new Map<string, NoteEffect>();
    held.set(effect.key, copy(effect));
    this.effects.set(noteId, held);
  }

  async insert(note: Note): Promise<NoteInsertResult> {
    if (this.byId.has(note.id)) return 'id-taken';
    this.byId.set(note.id, copy(note));
    return 'inserted';
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
  async softDelete(id: string, mark: DeletionMark, effect?: NoteEffect) {
    const note = this.byId.get(id);
    if (!note || note.deletedAt) return null;
    Object.assign(note, deletionFields(mark));
    this.addEffect(id, effect);
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
  async idsDeletedByPlan(ids: readonly string[], planId: string) {
    return [...new Set(ids)].filter((id) => {
      const note = this.byId.get(id);
      return note?.deletedAt && note.deletionPlanId === planId;
    });
  }
  async restore(id: string, now: Date, effect?: NoteEffect) {
    const note = this.byId.get(id);
    if (!this.restorable(note)) return null;
    Object.assign(note, restoredFields(now));
    this.addEffect(id, effect);
    return copy(note);
  }
  async pendingEffects(afterId: string | null, limit: number): Promise<PendingNoteEffects[]> {
    const ids = [...this.effects.keys()].filter((id) => this.byId.has(id) && (afterId === null || id > afterId)).sort();
    return ids.slice(0, Math.max(0, limit)).map((id) => ({ note: copy(this.byId.get(id)!), effects: inChangeOrder([...this.effects.get(id)!.values()]).map(copy) }));
  }
  async settleEffect(noteId: string, key: string) {
    const held = this.effects.get(noteId);
    held?.delete(key);
    if (held?.size === 0) this.effects.delete(noteId);
  }
  async restoreByPlan(ids: readonly string[], planId: string, stamp: Date) {
    const unique = [...new Set(ids)];
    for (const id of unique) {
      const note = this.byId.get(id);
      if (this.restorable(note) && note.deletionPlanId === planId) Object.assign(note, restoredFields(stamp));
    }
    return unique.filter((id) => this.byId.get(id)?.updatedAt.getTime() === stamp.getTime());
  }
  async upsertBySource(inputs: readonly SourcedNoteInput[], at: Date) {
    const report = emptyUpsertReport();
    inputs.forEach((input, index) => {
      const found = this.sourced(input.source, input.externalId);
      if (found.note) {
        const change = sourcedChange(found.note, input, at);
        if (change.status === 'updated') Object.assign(found.note, copy(change.fields));
        tally(report, index, found.note.id, change.status);
        return;
      }
      this.byId.set(found.freeId, sourcedNote(copy(input), found.freeId, at));
      tally(report, index, found.freeId, 'created');
    });
    return report;
  }
  async findBySource(source: NoteSource, externalId: string) {
    const { note } = this.sourced(source, externalId);
    return note ? copy(note) : null;
  }
  /** The stored note of a key (found along the key's id sequence, as the Mongo twin does), else the id a new one gets. */
  private sourced(source: NoteSource, externalId: string): { note: Note | null; freeId: string } {
    const key = sourceKey(source, externalId);
    for (let attempt = 0; ; attempt += 1) {
      const id = sourcedNoteId(key, attempt);
      const note = this.byId.get(id);
      if (!note) return { note: null, freeId: id };
      if (holdsKey(note, { source, externalId })) return { note, freeId: id };
    }
  }
  async *streamAll() {
    for (const id of [...this.byId.keys()].sort()) yield copy(this.byId.get(id)!);
  }
  async *streamByIds(ids: readonly string[]) {
    for (const id of ids) if (this.byId.has(id)) yield copy(this.byId.get(id)!);
  }
}

/** The restore-from-backup side of an InMemoryNotes: the same map, as in Mongo the same collection. */
export class InMemoryNoteRestorer implements NoteRestorer {
  constructor(private readonly notes: InMemoryNotes) {}

  async states(ids: readonly string[]) {
    const found = new Map<string, Date | null>();
    for (const id of ids) {
      const note = this.notes.byId.get(id);
      if (note) found.set(id, note.deletedAt);
    }
    return found;
  }
  async insertMissing(notes: readonly Note[]) {
    for (const note of notes) if (!this.notes.byId.has(note.id)) this.notes.byId.set(note.id, copy(note));
  }
  async reviveDeleted(notes: readonly Note[]) {
    for (const note of notes) if (this.notes.restorable(this.notes.byId.get(note.id))) this.notes.byId.set(note.id, copy(note));
  }
  async stampedIds(ids: readonly string[], stamp: Date) {
    return [...new Set(ids)].filter((id) => this.notes.byId.get(id)?.updatedAt.getTime() === stamp.getTime());
  }
}

/** The purge's marks and hard deletes on an InMemoryNotes. */
export class InMemoryNotePurger implements NotePurger {
  constructor(private readonly notes: InMemoryNotes) {}

  async listExpired(cutoff: Date, afterId: string | null, limit: number) {
    const ids = [...this.notes.byId.keys()].filter((id) => afterId === null || id > afterId).sort();
    return ids
      .map((id) => this.notes.byId.get(id)!)
      .filter((note) => note.deletedAt !== null && note.deletedAt < cutoff)
      .slice(0, Math.max(0, limit))
      .map(copy);
  }
  async markPurging(note: Note, effect: NoteEffect) {
    if (effect.change !== 'purge') throw new Error(`a purge mark carries a purge effect, not "${effect.change}"`);
    const stored = this.notes.byId.get(note.id);
    const same = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
    if (!stored || stored.deletedAt === null || !same(stored.deletedAt, note.deletedAt) || !same(stored.updatedAt, note.updatedAt)) return false;
    if (this.notes.purging.has(note.id) || this.notes.effects.has(note.id)) return false;
    this.notes.purging.set(note.id, effect.key);
    this.notes.addEffect(note.id, effect);
    return true;
  }
  async removePurged(noteId: string, key: string) {
    if (this.notes.purging.get(noteId) !== key) return false;
    // Removed with the document, as on Mongo: its mark and pending effects too.
    this.notes.purging.delete(noteId);
    this.notes.effects.delete(noteId);
    return this.notes.byId.delete(noteId);
  }
}

/** Job bookkeeping in fields; peers share the instance, like processes share a database. */
export class InMemoryJobState implements JobState {
  drill: { result: DrillResult; reported: boolean } | null = null;
  review: RoleReviewMark | null = null;

  async saveDrill(result: DrillResult) {
    this.drill = { result: copy(result), reported: false };
  }
  async takeUnreportedDrill() {
    if (!this.drill || this.drill.reported) return null;
    this.drill.reported = true;
    return copy(this.drill.result);
  }
  async lastDrill() {
    return this.drill ? copy(this.drill.result) : null;
  }
  async lastRoleReview() {
    return this.review ? copy(this.review) : null;
  }
  async saveRoleReview(at: Date, seq: number) {
    this.review = { at, seq };
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

export class InMemoryOperations implements OperationStore {
  readonly byId = new Map<string, Operation>();
  private readonly stops = new Map<string, { by: string; at: Date }>();
  private readonly runs = new Map<string, number>();
  /** The newest run's last sign of life (when it was claimed, or its latest heartbeat). */
  private readonly alive = new Map<string, Date>();
  async insert(op: Operation) {
    if (this.byId.has(op.id)) throw duplicateKey();
    this.byId.set(op.id, copy(op));
  }
  async find(id: string) {
    const op = this.byId.get(id);
    return op ? copy(op) : null;
  }
  async attachMessage(id: string, message: NonNullable<Operation['message']>) {
    const op = this.byId.get(id);
    if (op) op.message = copy(message);
  }
  async recordProgress(id: string, counts: OperationCounts, at: Date) {
    const op = this.byId.get(id);
    if (op && op.status === 'running') Object.assign(op, counts, { updatedAt: at });
  }
  async requestStop(id: string, by: string, at: Date) {
    if (this.stops.has(id)) return false;
    this.stops.set(id, { by, at });
    return true;
  }
  async stopRequest(id: string) {
    const stop = this.stops.get(id);
    return stop ? copy(stop) : null;
  }
  async finish(id: string, status: Exclude<OperationStatus, 'running'>, fields: Partial<Operation>, at: Date) {
    const op = this.byId.get(id);
    if (!op || op.status !== 'running') return null;
    const stop = this.stops.get(id);
    Object.assign(op, copy(fields), { status, finishedAt: at, updatedAt: at }, stop && status === 'cancelled' ? { cancelledBy: stop.by } : {});
    return copy(op);
  }
  async claimRun(id: string, at: Date) {
    const run = (this.runs.get(id) ?? 0) + 1;
    this.runs.set(id, run);
    this.alive.set(id, at);
    return run;
  }
  async currentRun(id: string) {
    return this.runs.get(id) ?? 0;
  }
  async touchRun(id: string, run: number, at: Date) {
    if (this.runs.get(id) === run) this.alive.set(id, at);
  }
  async runLiveness(id: string) {
    const run = this.runs.get(id) ?? 0;
    return { run, aliveAt: run === 0 ? null : (this.alive.get(id) ?? null) };
  }
  async takeOver(id: string, from: number, at: Date) {
    if ((this.runs.get(id) ?? 0) !== from) return null;
    this.runs.set(id, from + 1);
    this.alive.set(id, at);
    return from + 1;
  }
  async listRecent(limit: number) {
    const running = await this.listRunning();
    const ended = [...this.byId.values()].filter((op) => op.status !== 'running').sort(newestFirst).slice(0, limit);
    return [...running, ...ended].slice(0, Math.max(limit, running.length)).map(copy);
  }
  async listRunning() {
    return [...this.byId.values()].filter((op) => op.status === 'running').sort(newestFirst).map(copy);
  }
}

const newestFirst = (a: Operation, b: Operation) => b.startedAt.getTime() - a.startedAt.getTime() || (a.id < b.id ? 1 : -1);

export class InMemoryTokens implements ApiTokenStore {
  readonly byName = new Map<string, ApiToken>();
  async insert(token: ApiToken) {
    if (this.byName.has(token.name)) return false;
    this.byName.set(token.name, copy(token));
    return true;
  }
  async find(name: string) {
    const token = this.byName.get(name);
    return token ? copy(token) : null;
  }
  async list() {
    return [...this.byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map(copy);
  }
  async remove(name: string) {
    return this.byName.delete(name);
  }
}

/** Conversation addresses (Teams service URLs) in a map; peers share the map, like processes share a database. */
export class InMemoryConversationAddresses implements ConversationAddresses {
  constructor(readonly byKey = new Map<string, string>()) {}

  async remember(address: ConversationAddress) {
    this.byKey.set(`conversation:${address.conversationId}`, address.serviceUrl);
    if (address.tenantId) this.byKey.set(`tenant:${address.tenantId}`, address.serviceUrl);
  }
  async lookup(conversationId: string, tenantId?: string) {
    const own = this.byKey.get(`conversation:${conversationId}`);
    if (own) return own;
    const tenants = [...this.byKey.keys()].filter((key) => key.startsWith('tenant:'));
    const tenant = tenantId ? `tenant:${tenantId}` : tenants.length === 1 ? tenants[0] : undefined;
    return (tenant && this.byKey.get(tenant)) || null;
  }
}

export class InMemoryLocales implements LocaleStore {
  readonly bySubject = new Map<string, Locale>();
  async find(subjectId: string) {
    return this.bySubject.get(subjectId) ?? null;
  }
  async set(subjectId: string, locale: Locale) {
    this.bySubject.set(subjectId, locale);
  }
  async replace(subjectId: string, locale: Locale | null) {
    const previous = this.bySubject.get(subjectId) ?? null;
    if (locale === null) this.bySubject.delete(subjectId);
    else this.bySubject.set(subjectId, locale);
    return previous;
  }
}
