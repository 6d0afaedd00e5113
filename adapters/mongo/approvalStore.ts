import type { Model } from 'mongoose';
import type { ActorId } from '../../src/domain/actor.js';
import type { ApprovalExecution, ApprovalRequest, ApprovalStatus, MessageRef } from '../../src/domain/approval.js';
import type { ApprovalStore } from '../../src/ports/stores.js';
import type { ClaimLedger } from './claims.js';
import { type Keyed, type StoredApproval } from './models.js';
import { toDomain, withoutUndefined, writeQueue, type KeyedQueue } from './documents.js';
import { findKeyed, insertKeyed } from './keyed.js';

type Decision = { status: Exclude<ApprovalStatus, 'pending'>; decidedBy: ActorId; decidedAt: Date; reason: string | null };

/** The claim that makes a decision, one per request: whoever inserts it decided. */
export const decisionClaimKey = (id: string) => `approval-decision:${id}`;
/** The claim that records how an approved note delete was carried out, once per request. */
export const executionClaimKey = (id: string) => `approval-execution:${id}`;

/** Whether a decided request owes an execution (a delete to carry out and record). */
const owesExecution = (request: ApprovalRequest) => request.kind === 'note-delete' && request.status === 'approved' && !request.execution;

const withoutStorageFields = ({ executionDue: _due, ...request }: StoredApproval): ApprovalRequest => request;

const decidedFields = (decision: Decision) => ({
  status: decision.status,
  decidedBy: decision.decidedBy,
  decidedAt: decision.decidedAt,
  decisionReason: decision.reason,
});

/**
 * Approval requests, `_id` = request id. The first decision wins by claiming
 * `approval-decision:<id>` (an insert, atomic across processes on FerretDB too); the request
 * document is then updated to match. That update is only a copy: a reader that finds a claim
 * beside a document still saying `pending` (the winner crashed, or another process wrote back
 * a stale copy) sees the claimed decision and writes it back. An approved note delete's execution
 * is claimed the same way (`approval-execution:<id>`) and copied; until then the document carries
 * `executionDue: true`, which the reconciler reads by an indexed equality.
 */
export class MongoApprovalStore implements ApprovalStore {
  private readonly writes: KeyedQueue;

  constructor(
    private readonly approvals: Model<Keyed<StoredApproval>>,
    private readonly claims: ClaimLedger,
  ) {
    this.writes = writeQueue(approvals);
  }

  async insert(request: ApprovalRequest): Promise<void> {
    await insertKeyed(this.approvals, request);
  }

  async find(id: string): Promise<ApprovalRequest | null> {
    const found = await findKeyed<StoredApproval>(this.approvals, id);
    return found ? this.current(found) : null;
  }

  async listPending(now: Date): Promise<ApprovalRequest[]> {
    // Expired requests may still say `pending` until the expiry job marks them; they are not offered.
    const docs = await this.approvals
      .find({ status: 'pending', expiresAt: { $gt: now } })
      .sort({ createdAt: 1, id: 1 })
      .lean<StoredApproval[]>();
    const current = await Promise.all(docs.map((doc) => this.withClaimedDecision(withoutStorageFields(toDomain(doc)))));
    return current.filter((request) => request.status === 'pending');
  }

  async decide(id: string, decision: Decision, now: Date): Promise<ApprovalRequest | null> {
    const current = await this.find(id);
    if (!current || current.status !== 'pending' || current.expiresAt <= now) return null;
    const won = await this.claims.claim(decisionClaimKey(id), decision, decision.decidedAt);
    if (!won) return null;
    const decided = { ...current, ...decidedFields(decision) };
    await this.copyDecision(decided);
    return decided;
  }

  async listUnexecutedDeletes(): Promise<ApprovalRequest[]> {
    // Due ones, plus pending ones (few: they expire) in case a crash stored only a decision's claim.
    const due = await this.approvals.find({ executionDue: true }).lean<StoredApproval[]>();
    const pending = await this.approvals.find({ status: 'pending' }).lean<StoredApproval[]>();
    const current = await Promise.all([...due, ...pending].map((doc) => this.current(toDomain(doc))));
    return current.filter(owesExecution).sort((a, b) => (a.decidedAt?.getTime() ?? 0) - (b.decidedAt?.getTime() ?? 0));
  }

  async recordExecution(id: string, execution: ApprovalExecution): Promise<{ execution: ApprovalExecution; first: boolean }> {
    const first = await this.claims.claim(executionClaimKey(id), { ...execution }, execution.at);
    const recorded = first ? execution : ((await this.claims.find<ApprovalExecution>(executionClaimKey(id)))?.data ?? execution);
    await this.copyExecution(id, recorded);
    return { execution: recorded, first };
  }

  async attachMessage(id: string, message: MessageRef): Promise<void> {
    // Queued with decisions: on FerretDB this `$set` rewrites the whole document.
    await this.writes.run(id, () => this.approvals.updateOne({ _id: id }, { $set: { message: withoutUndefined(message) } }).exec());
  }

  /** The request as its claims say it is, repairing the document's copy where a crash left it behind. */
  private async current(stored: StoredApproval): Promise<ApprovalRequest> {
    const request = await this.withClaimedDecision(withoutStorageFields(stored));
    if (!owesExecution(request)) return request;
    const claim = await this.claims.find<ApprovalExecution>(executionClaimKey(request.id));
    if (!claim) return request;
    await this.copyExecution(request.id, claim.data);
    return { ...request, execution: claim.data };
  }

  private async withClaimedDecision(request: ApprovalRequest): Promise<ApprovalRequest> {
    if (request.status !== 'pending') return request;
    const claim = await this.claims.find<Decision>(decisionClaimKey(request.id));
    if (!claim) return request;
    const decided = { ...request, ...decidedFields(claim.data) };
    await this.copyDecision(decided);
    return decided;
  }

  /**
   * Idempotent: every writer copies the same claimed decision. A stale copy may set `executionDue`
   * again after the execution was recorded: the reconciler then finds the execution's claim and
   * clears it.
   */
  private async copyDecision(decided: ApprovalRequest): Promise<void> {
    const fields = {
      status: decided.status,
      decidedBy: decided.decidedBy,
      decidedAt: decided.decidedAt,
      decisionReason: decided.decisionReason,
      ...(owesExecution(decided) ? { executionDue: true } : {}),
    };
    await this.writes.run(decided.id, () => this.approvals.updateOne({ _id: decided.id }, { $set: fields }).exec());
  }

  /** Idempotent likewise: the claimed execution, and nothing due any more. */
  private async copyExecution(id: string, execution: ApprovalExecution): Promise<void> {
    await this.writes.run(id, () => this.approvals.updateOne({ _id: id }, { $set: { execution: withoutUndefined({ ...execution }), executionDue: false } }).exec());
  }
}
