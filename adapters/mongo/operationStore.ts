import { Schema, type Connection, type Model } from 'mongoose';
import type { Operation, OperationCounts, OperationStatus } from '../../src/domain/operation.js';
import type { OperationStore } from '../../src/ports/stores.js';
import type { ClaimLedger } from './claims.js';
import { findKeyed, insertKeyed } from './keyed.js';
import { type Keyed } from './models.js';
import { withoutUndefined, writeQueue, type KeyedQueue } from './documents.js';

type Ending = Pick<Operation, 'status' | 'finishedAt' | 'updatedAt'> & Partial<Operation>;

/**
 * Long operations, keyed by `_id` = operation id. The one-way steps are claims (claims.ts), the
 * one write FerretDB makes atomic across connections:
 * - `op:<id>:end`: the operation ended (data: status, counts, result), once;
 * - `op:<id>:stop`: someone asked it to stop (data: who);
 * - `op:<id>:run:<n>`: the n-th run took it; an older run stops at its next batch. The run's
 *   holder touches this claim while it works (`aliveAt`), so any instance can tell a dead run
 *   and take over with `op:<id>:run:<n+1>`, which only one of them can claim.
 * The document is a cache of progress for `jobs`; reads re-apply the end claim, so a progress
 * write racing the end can never make an ended operation look running.
 */
export class MongoOperationStore implements OperationStore {
  private readonly writes: KeyedQueue;

  constructor(
    private readonly ops: Model<Keyed<Operation>>,
    private readonly claims: ClaimLedger,
  ) {
    this.writes = writeQueue(ops);
  }

  insert(op: Operation): Promise<void> {
    return insertKeyed(this.ops, { ...op, runs: 0 } as Operation);
  }

  async find(id: string): Promise<Operation | null> {
    const found = await findKeyed<Operation & { runs?: number }>(this.ops as never, id);
    if (!found) return null;
    const { runs: _runs, ...op } = found;
    return this.settle(op);
  }

  async attachMessage(id: string, message: NonNullable<Operation['message']>): Promise<void> {
    await this.write(id, { message });
  }

  async recordProgress(id: string, counts: OperationCounts, at: Date): Promise<void> {
    await this.write(id, { done: counts.done, skipped: counts.skipped, total: counts.total, updatedAt: at });
  }

  requestStop(id: string, by: string, at: Date): Promise<boolean> {
    return this.claims.claim(stopKey(id), { by }, at);
  }

  async stopRequest(id: string): Promise<{ by: string; at: Date } | null> {
    const claim = await this.claims.find<{ by: string }>(stopKey(id));
    return claim ? { by: claim.data.by, at: claim.at } : null;
  }

  async finish(id: string, status: Exclude<OperationStatus, 'running'>, fields: Partial<Operation>, at: Date): Promise<Operation | null> {
    const op = await this.find(id);
    if (!op || op.status !== 'running') return null;
    const stop = await this.stopRequest(id);
    const ending: Ending = withoutUndefined({ ...fields, status, finishedAt: at, updatedAt: at, ...(stop && status === 'cancelled' ? { cancelledBy: stop.by } : {}) });
    if (!(await this.claims.claim(endKey(id), ending as unknown as Record<string, unknown>, at))) return null;
    await this.write(id, ending as unknown as Record<string, unknown>);
    return { ...op, ...ending };
  }

  async claimRun(id: string, at: Date): Promise<number> {
    for (let run = (await this.currentRun(id)) + 1; ; run += 1) {
      if (await this.claims.claim(runKey(id, run), {}, at)) {
        await this.write(id, { runs: run });
        return run;
      }
    }
  }

  async currentRun(id: string): Promise<number> {
    // The document's count is a hint that may lag a claim: probe forward from it by `_id`.
    const doc = await this.ops.collection.findOne({ _id: id } as never, { projection: { runs: 1 } });
    let run = Number((doc as { runs?: number } | null)?.runs ?? 0);
    while (await this.claims.find(runKey(id, run + 1))) run += 1;
    return run;
  }

  async touchRun(id: string, run: number, at: Date): Promise<void> {
    await this.claims.touch(runKey(id, run), at);
  }

  async runLiveness(id: string): Promise<{ run: number; aliveAt: Date | null }> {
    const run = await this.currentRun(id);
    if (run === 0) return { run, aliveAt: null };
    const claim = await this.claims.find(runKey(id, run));
    return { run, aliveAt: claim ? (claim.aliveAt ?? claim.at) : null };
  }

  async takeOver(id: string, from: number, at: Date): Promise<number | null> {
    if (!(await this.claims.claim(runKey(id, from + 1), { from }, at))) return null;
    await this.write(id, { runs: from + 1 });
    return from + 1;
  }

  async listRecent(limit: number): Promise<Operation[]> {
    const running = await this.listRunning();
    const recent = await this.ops.collection.find({} as never).sort({ startedAt: -1, _id: -1 }).limit(limit).toArray();
    const ended = (await Promise.all(recent.map((doc) => this.settle(fromDocument(doc))))).filter((op) => op.status !== 'running');
    return [...running, ...ended].slice(0, Math.max(limit, running.length));
  }

  async listRunning(): Promise<Operation[]> {
    const docs = await this.ops.collection.find({ status: 'running' } as never).sort({ startedAt: -1, _id: -1 }).toArray();
    const settled = await Promise.all(docs.map((doc) => this.settle(fromDocument(doc))));
    return settled.filter((op) => op.status === 'running');
  }

  private async settle(op: Operation): Promise<Operation> {
    if (op.status !== 'running') return op;
    const end = await this.claims.find<Ending>(endKey(op.id));
    return end ? { ...op, ...end.data } : op;
  }

  private async write(id: string, fields: Record<string, unknown>): Promise<void> {
    await this.writes.run(id, () => this.ops.collection.updateOne({ _id: id } as never, { $set: withoutUndefined(fields) }));
  }
}

function fromDocument(doc: unknown): Operation {
  const { _id, runs: _runs, ...op } = doc as Keyed<Operation> & { runs?: number };
  return op as Operation;
}

const endKey = (id: string) => `op:${id}:end`;
const stopKey = (id: string) => `op:${id}:stop`;
const runKey = (id: string, run: number) => `op:${id}:run:${run}`;

const operationSchema = new Schema<Keyed<Operation> & { runs: number }>(
  {
    _id: { type: String },
    id: { type: String, required: true },
    kind: String,
    planId: { type: String, default: null },
    requesterId: String,
    origin: Schema.Types.Mixed,
    message: { type: Schema.Types.Mixed, default: null },
    status: String,
    done: Number,
    skipped: Number,
    total: Number,
    startedAt: Date,
    updatedAt: Date,
    finishedAt: { type: Date, default: null },
    cancelledBy: { type: String, default: null },
    result: { type: Schema.Types.Mixed, default: null },
    runs: Number,
  },
  { minimize: false, versionKey: false, id: false, autoCreate: false, strict: true },
);
// `jobs`: running ones (status equality), then the newest.
operationSchema.index({ status: 1, startedAt: -1, _id: -1 });
operationSchema.index({ startedAt: -1, _id: -1 });

export function operationModel(connection: Connection): Model<Keyed<Operation>> {
  return (connection.models.Operation as Model<Keyed<Operation>> | undefined) ?? (connection.model('Operation', operationSchema, 'operations') as unknown as Model<Keyed<Operation>>);
}
