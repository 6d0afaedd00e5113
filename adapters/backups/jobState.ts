import type { Collection, Db, Document } from 'mongodb';

/** The last restore drill, kept until a backup digest has reported it. */
export interface DrillResult {
  backupId: string | null;
  ok: boolean;
  at: Date;
  durationMs: number;
  problem?: string;
  counts: Record<string, number>;
  auditChainOk: boolean | null;
}

interface StateDoc extends Document {
  _id: string;
}

/**
 * Small bookkeeping shared by every process: the last drill (until a digest reports it) and when
 * the last permission review ran. Plain documents with upserts: MongoDB and FerretDB alike.
 */
export class JobState {
  private readonly docs: Collection<StateDoc>;

  constructor(db: Db) {
    this.docs = db.collection<StateDoc>('backup_job_state');
  }

  async saveDrill(result: DrillResult): Promise<void> {
    await this.docs.updateOne({ _id: 'drill' }, { $set: { result, reported: false } }, { upsert: true });
  }

  /** The drill result not yet reported by a digest, marked reported (compare-and-set, so once). */
  async takeUnreportedDrill(): Promise<DrillResult | null> {
    const doc = await this.docs.findOneAndUpdate({ _id: 'drill', reported: false }, { $set: { reported: true } });
    return doc ? (doc.result as DrillResult) : null;
  }

  async lastDrill(): Promise<DrillResult | null> {
    const doc = await this.docs.findOne({ _id: 'drill' });
    return doc ? (doc.result as DrillResult) : null;
  }

  async lastRoleReview(): Promise<{ at: Date; seq: number } | null> {
    const doc = await this.docs.findOne({ _id: 'roles-review' });
    return doc ? { at: doc.at as Date, seq: doc.seq as number } : null;
  }

  async saveRoleReview(at: Date, seq: number): Promise<void> {
    await this.docs.updateOne({ _id: 'roles-review' }, { $set: { at, seq } }, { upsert: true });
  }
}
