import type { DeliveryLedger } from '../../src/ports/deliveries.js';
import type { ClaimLedger } from './claims.js';

/**
 * Deliveries recorded as claims (`delivery:<key>`): an insert of the `_id`, the one write atomic
 * across connections on MongoDB and on FerretDB alike, so two instances given the same event act
 * once.
 */
export class ClaimDeliveryLedger implements DeliveryLedger {
  constructor(private readonly claims: ClaimLedger) {}

  first(key: string, at: Date): Promise<boolean> {
    return this.claims.claim(`delivery:${key}`, {}, at);
  }
}
