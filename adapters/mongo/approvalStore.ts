import type { Model } from 'mongoose';
import type { ActorId } from '../../src/domain/actor.js';
import type { ApprovalRequest, ApprovalStatus, MessageRef } from '../../src/domain/approval.js';
import type { ApprovalStore } from '../../src/ports/stores.js';
import type { ClaimLedger } from './claims.js';
import { toDomain, withoutUndefined, writeQueue, type Keyed, type KeyedQueue } from './models.js';
import { findKeyed, insertKeyed } from './keyed.js';

type Decision = { status: Exclude<ApprovalStatus, 'pending'>; decidedBy: ActorId; decidedAt: Date; reason: string | null };

/** The claim that makes a decision, one per request: whoever inserts it decided. */
export const decisionClaimKey = (id: string) => `approval-decision:${id}`;

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
 * a stale copy) sees the claimed decision and writes it back.
 */
export class MongoApprovalStore implements ApprovalStore {
  private readonly writes: KeyedQueue;

  constructor(
    private readonly approvals: Model<Keyed<ApprovalRequest>>,
    private readonly claims: ClaimLedger,
  ) {
    this.writes = writeQueue(approvals);
  }

  async insert(request: ApprovalRequest): Promise<void> {
    await insertKeyed(this.approvals, request);
  }

  async find(id: string): Promise<ApprovalRequest | null> {
    const found = await findKeyed<ApprovalRequest>(this.approvals, id);
    return found ? this.withClaimedDecision(found) : null;
  }

  async listPending(now: Date): Promise<ApprovalRequest[]> {
    // Expired requests may still say `pending` until the expiry job marks them; they are not offered.
    const docs = await this.approvals
      .find({ status: 'pending', expiresAt: { $gt: now } })
      .sort({ createdAt: 1, id: 1 })
      .lean<ApprovalRequest[]>();
    const current = await Promise.all(docs.map((doc) => this.withClaimedDecision(toDomain(doc))));
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

  async attachMessage(id: string, message: MessageRef): Promise<void> {
    // Queued with decisions: on FerretDB this `$set` rewrites the whole document.
    await this.writes.run(id, () => this.approvals.updateOne({ _id: id }, { $set: { message: withoutUndefined(message) } }).exec());
  }

  private async withClaimedDecision(request: ApprovalRequest): Promise<ApprovalRequest> {
    if (request.status !== 'pending') return request;
    const claim = await this.claims.find<Decision>(decisionClaimKey(request.id));
    if (!claim) return request;
    const decided = { ...request, ...decidedFields(claim.data) };
    await this.copyDecision(decided);
    return decided;
  }

  /** Idempotent: every writer copies the same claimed decision. */
  private async copyDecision(decided: ApprovalRequest): Promise<void> {
    const fields = { status: decided.status, decidedBy: decided.decidedBy, decidedAt: decided.decidedAt, decisionReason: decided.decisionReason };
    await this.writes.run(decided.id, () => this.approvals.updateOne({ _id: decided.id }, { $set: fields }).exec());
  }
}
