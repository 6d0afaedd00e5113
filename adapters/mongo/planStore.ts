import type { Model } from 'mongoose';
import { finalStatuses, type BatchRecord, type DeletionPlan, type PlanStatus } from '../../src/domain/plan.js';
import type { PlanStore } from '../../src/ports/stores.js';
import type { ClaimLedger } from './claims.js';
import { toDomain, withoutUndefined, writeQueue, type KeyedQueue } from './documents.js';

type PlanChanges = Omit<Partial<DeletionPlan>, 'id' | 'status'>;

interface Departure {
  to: PlanStatus;
  changes: PlanChanges;
}

/**
 * Plans, keyed by `_id` = plan id. Every one-way step is a claim (adapters/mongo/claims.ts), the
 * one write FerretDB makes atomic across connections:
 * - `plan:<id>:from:<status>`: the plan left that status (data: where to, and the changes). A plan
 *   never returns to a status it left, so each can be left once, by exactly one caller.
 * - `plan:<id>:batch:<cursor>`: the effect of the batch starting there (a BatchRecord).
 * - `plan:<id>:snapshot`: the pre-delete snapshot.
 * The plan document is a cache of those claims, written after each one. On FerretDB an update
 * rewrites the whole document, so a concurrent write may put back stale fields; reads therefore
 * re-apply the claims (`settle`), and the claims stay the truth after a crash between a claim and
 * the document write.
 */
export class MongoPlanStore implements PlanStore {
  private readonly writes: KeyedQueue;

  constructor(
    private readonly plans: Model<DeletionPlan>,
    private readonly claims: ClaimLedger,
  ) {
    this.writes = writeQueue(plans);
  }

  async insert(plan: DeletionPlan): Promise<void> {
    await this.plans.collection.insertOne({ _id: plan.id, ...withoutUndefined(plan) } as never);
  }

  async find(id: string): Promise<DeletionPlan | null> {
    const doc = await this.plans.collection.findOne({ _id: id } as never);
    return doc ? this.settle(fromDocument(doc as unknown as DeletionPlan)) : null;
  }

  async transition(id: string, from: PlanStatus, to: PlanStatus, changes: PlanChanges = {}): Promise<DeletionPlan | null> {
    const plan = await this.find(id);
    if (!plan || plan.status !== from) return null;
    const updatedAt = changes.updatedAt ?? new Date();
    if (from !== to) {
      const departure: Departure = { to, changes: withoutUndefined({ ...changes, updatedAt }) };
      if (!(await this.claims.claim(departureKey(id, from), departure as unknown as Record<string, unknown>, updatedAt))) return null;
    }
    const moved: DeletionPlan = { ...plan, ...changes, status: to, updatedAt };
    await this.write(id, { ...withoutUndefined(changes), status: to, updatedAt });
    return moved;
  }

  async findBatch(id: string, cursor: number): Promise<BatchRecord | null> {
    const claim = await this.claims.find<BatchRecord>(batchKey(id, cursor));
    return claim ? claim.data : null;
  }

  async recordBatch(id: string, record: BatchRecord): Promise<BatchRecord> {
    if (await this.claims.claim(batchKey(id, record.cursor), { ...record }, record.at)) return record;
    const first = await this.findBatch(id, record.cursor);
    if (!first) throw new Error(`batch ${record.cursor} of plan ${id} was claimed but cannot be read`);
    return first;
  }

  async advance(id: string, record: BatchRecord): Promise<DeletionPlan | null> {
    const plan = await this.find(id);
    if (!plan) return null;
    if (plan.cursor >= record.next) return plan;
    const progress = { cursor: record.next, deletedCount: record.doneTotal, skippedCount: record.skippedTotal, updatedAt: record.at };
    // Cursor and totals are written together, so the cache is always one consistent point.
    await this.write(id, progress);
    return { ...plan, ...progress };
  }

  async setSnapshot(id: string, snapshotId: string): Promise<string | null> {
    if (!(await this.plans.collection.findOne({ _id: id } as never, { projection: { _id: 1 } }))) return null;
    if (!(await this.claims.claim(snapshotKey(id), { snapshotId }, new Date()))) {
      return (await this.claims.find<{ snapshotId: string }>(snapshotKey(id)))?.data.snapshotId ?? null;
    }
    await this.write(id, { snapshotId });
    return snapshotId;
  }

  async listByStatus(status: PlanStatus): Promise<DeletionPlan[]> {
    // A document may lag its claims (a crash between the two), so every plan that can still
    // move is read and settled: a plan whose document says `previewed` may be `executing`.
    const docs = await this.plans.collection
      .find({ status: { $in: [...new Set([status, ...openStatuses])] } } as never)
      .sort({ createdAt: 1, _id: 1 })
      .toArray();
    const settled = await Promise.all(docs.map((doc) => this.settle(fromDocument(doc as unknown as DeletionPlan))));
    return settled.filter((plan) => plan.status === status);
  }

  /** Re-applies the claims the document may lag behind: departures, then the snapshot. */
  private async settle(plan: DeletionPlan): Promise<DeletionPlan> {
    let settled = plan;
    while (!finalStatuses.includes(settled.status)) {
      const claim = await this.claims.find<Departure>(departureKey(settled.id, settled.status));
      if (!claim) break;
      settled = { ...settled, ...claim.data.changes, status: claim.data.to };
    }
    if (!settled.snapshotId && settled.kind === 'delete' && settled.status !== 'previewed') {
      const snapshot = await this.claims.find<{ snapshotId: string }>(snapshotKey(settled.id));
      if (snapshot) settled = { ...settled, snapshotId: snapshot.data.snapshotId };
    }
    return settled;
  }

  private async write(id: string, fields: Record<string, unknown>): Promise<void> {
    await this.writes.run(id, () => this.plans.collection.updateOne({ _id: id } as never, { $set: fields }));
  }
}

/** Statuses a plan can still leave. */
const openStatuses: PlanStatus[] = ['previewed', 'awaiting-approval', 'executing'];

const departureKey = (id: string, from: PlanStatus) => `plan:${id}:from:${from}`;
const batchKey = (id: string, cursor: number) => `plan:${id}:batch:${cursor}`;
const snapshotKey = (id: string) => `plan:${id}:snapshot`;

/** Documents written before plans had kinds are bulk deletes. */
function fromDocument(doc: DeletionPlan): DeletionPlan {
  const plan = toDomain(doc);
  return { ...plan, kind: plan.kind ?? 'delete', sourceId: plan.sourceId ?? null };
}
