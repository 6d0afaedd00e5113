import type { Model } from 'mongoose';
import type { CrmSource, CrmSyncReport, CrmSyncState, PullCursor } from '../../src/ports/crm.js';
import type { SyncStateDoc } from './outboxModel.js';

/**
 * Each connector's pull state in one document keyed by the source (`crm_sync`, `_id` = source).
 * Only the pull job of that source writes it, and a job run is claimed once across processes
 * (jobs/oncePerRun.ts), so plain writes by `_id` are enough.
 */
export class MongoSyncState implements CrmSyncState {
  constructor(private readonly docs: Model<SyncStateDoc>) {}

  private async read(source: CrmSource): Promise<SyncStateDoc | null> {
    return (await this.docs.collection.findOne({ _id: source } as never)) as SyncStateDoc | null;
  }

  async cursor(source: CrmSource): Promise<PullCursor | null> {
    return (await this.read(source))?.cursor ?? null;
  }

  async saveCursor(source: CrmSource, cursor: PullCursor): Promise<void> {
    await this.docs.collection.updateOne({ _id: source } as never, { $set: { cursor: { since: cursor.since, page: cursor.page } } }, { upsert: true });
  }

  async lastSync(source: CrmSource) {
    const stored = await this.read(source);
    return stored?.lastSyncAt && stored.lastResult ? { at: stored.lastSyncAt, result: stored.lastResult } : null;
  }

  async finish(source: CrmSource, at: Date, result: Omit<CrmSyncReport, 'source'>): Promise<void> {
    const lastResult = { ok: result.ok, pulled: result.pulled, added: result.added, updated: result.updated, ...(result.problem ? { problem: result.problem } : {}) };
    await this.docs.collection.updateOne({ _id: source } as never, { $set: { lastSyncAt: at, lastResult } }, { upsert: true });
  }
}
