import type { DeliveryLedger } from '../../src/ports/deliveries.js';

/** The in-memory twin of the delivery ledger (one process). */
export class InMemoryDeliveries implements DeliveryLedger {
  private readonly seen = new Set<string>();

  async first(key: string): Promise<boolean> {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }
}
