import type { Model } from 'mongoose';
import type { Confirmation } from '../../src/domain/confirmation.js';
import type { ConfirmationStore } from '../../src/ports/stores.js';
import type { ClaimLedger } from './claims.js';
import { type Keyed } from './models.js';
import { writeQueue, type KeyedQueue } from './documents.js';
import { findKeyed, insertKeyed } from './keyed.js';

type Settled = { status: 'confirmed' | 'cancelled' };

/** The claim that settles a confirmation, one per confirmation: whoever inserts it answered. */
export const settleClaimKey = (id: string) => `confirmation-settle:${id}`;

/**
 * Confirmations, `_id` = confirmation id. A "yes" or "no" acts once by claiming
 * `confirmation-settle:<id>` (atomic across processes, FerretDB included); the document's
 * status is a copy of the claim, repaired by any reader that finds the claim first.
 */
export class MongoConfirmationStore implements ConfirmationStore {
  private readonly writes: KeyedQueue;

  constructor(
    private readonly confirmations: Model<Keyed<Confirmation>>,
    private readonly claims: ClaimLedger,
  ) {
    this.writes = writeQueue(confirmations);
  }

  async insert(confirmation: Confirmation): Promise<void> {
    await insertKeyed(this.confirmations, confirmation);
  }

  async find(id: string): Promise<Confirmation | null> {
    const found = await findKeyed<Confirmation>(this.confirmations, id);
    if (!found) return null;
    if (found.status !== 'pending') return found;
    const claim = await this.claims.find<Settled>(settleClaimKey(id));
    if (!claim) return found;
    await this.copyStatus(id, claim.data.status);
    return { ...found, status: claim.data.status };
  }

  async settle(id: string, status: 'confirmed' | 'cancelled'): Promise<Confirmation | null> {
    const pending = await this.find(id);
    if (!pending || pending.status !== 'pending') return null;
    if (!(await this.claims.claim<Settled>(settleClaimKey(id), { status }, new Date()))) return null;
    await this.copyStatus(id, status);
    // The caller acts on what it confirmed, so it gets the pending confirmation it won, not the result.
    return pending;
  }

  private async copyStatus(id: string, status: Settled['status']): Promise<void> {
    await this.writes.run(id, () => this.confirmations.updateOne({ _id: id }, { $set: { status } }).exec());
  }
}
