import type { DrillResult, JobState, RoleReviewMark } from '../../../src/ports/jobState.js';
import type { ApiToken, ApiTokenStore } from '../../../src/ports/tokens.js';
import type { ConversationAddress, ConversationAddresses } from '../../../src/ports/conversations.js';
import type { Locale } from '../../../src/domain/locale.js';
import type { Operation, OperationCounts, OperationStatus } from '../../../src/domain/operation.js';
import type { LocaleStore, OperationStore } from '../../../src/ports/stores.js';
import { copy, duplicateKey } from './shared.js';

/** Scheduled-job state, long operations, API tokens, conversation addresses and languages. */

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
