import type { Collection } from 'mongodb';
import { Schema, type Connection, type Model } from 'mongoose';
import type { DrillResult, JobState, RoleReviewMark } from '../../src/ports/jobState.js';
import type { ClaimLedger } from './claims.js';
import { withoutUndefined } from './documents.js';

/** One document per kind of bookkeeping, `_id` = `drill` or `roles-review`: every read and write is by `_id`. */
interface StateDoc {
  _id: string;
  result?: DrillResult;
  /** Set by versions before the claim below: such a drill was already reported. */
  reported?: boolean;
  at?: Date;
  seq?: number;
}

const stateSchema = new Schema<StateDoc>(
  { _id: { type: String, required: true }, result: Schema.Types.Mixed, reported: Boolean, at: Date, seq: Number },
  { minimize: false, versionKey: false, id: false, autoCreate: false, strict: true, _id: false },
);

/** Kept under its first name: the state stored by earlier versions stays known. */
export function jobStateModel(connection: Connection): Model<StateDoc> {
  return (connection.models.JobState as Model<StateDoc> | undefined) ?? connection.model<StateDoc>('JobState', stateSchema, 'backup_job_state');
}

const DRILL = 'drill';
const ROLES_REVIEW = 'roles-review';

/**
 * Job bookkeeping as plain documents written by `_id` (upserts), MongoDB and FerretDB alike. A
 * drill is handed to one digest by a claim on its start time: FerretDB does not isolate a
 * `findOneAndUpdate({reported: false})` across connections, an insert of a taken `_id` it refuses.
 */
export class MongoJobState implements JobState {
  /** Through the driver's collection (mongoose's, so its debug hook sees the queries), keyed by string `_id`. */
  private readonly docs: Collection<StateDoc>;

  constructor(
    model: Model<StateDoc>,
    private readonly claims: ClaimLedger,
  ) {
    this.docs = model.collection as unknown as Collection<StateDoc>;
  }

  async saveDrill(result: DrillResult): Promise<void> {
    await this.docs.updateOne({ _id: DRILL }, { $set: { result: withoutUndefined(result), reported: false } }, { upsert: true });
  }

  async takeUnreportedDrill(): Promise<DrillResult | null> {
    const doc = await this.docs.findOne({ _id: DRILL });
    if (!doc?.result || doc.reported) return null;
    const result = doc.result;
    if (!(await this.claims.claim(`drill-reported:${result.at.toISOString()}`, { backupId: result.backupId }, new Date()))) return null;
    // The claim decided; the flag only spares later calls a claim attempt.
    await this.docs.updateOne({ _id: DRILL, 'result.at': result.at }, { $set: { reported: true } });
    return result;
  }

  async lastDrill(): Promise<DrillResult | null> {
    const doc = await this.docs.findOne({ _id: DRILL });
    return doc?.result ?? null;
  }

  async lastRoleReview(): Promise<RoleReviewMark | null> {
    const doc = await this.docs.findOne({ _id: ROLES_REVIEW });
    return doc?.at && typeof doc.seq === 'number' ? { at: doc.at, seq: doc.seq } : null;
  }

  async saveRoleReview(at: Date, seq: number): Promise<void> {
    await this.docs.updateOne({ _id: ROLES_REVIEW }, { $set: { at, seq } }, { upsert: true });
  }
}
