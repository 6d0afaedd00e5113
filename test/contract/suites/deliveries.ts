import type { DeliveryLedger } from '../../../src/ports/deliveries.js';

/**
 * The delivery ledger's contract, run against the memory twin and the Mongo implementation.
 * `ledgers` gives two ledgers over the same store (two connections stand in for two processes).
 */
export function deliveryLedgerSuite(name: string, ledgers: () => [DeliveryLedger, DeliveryLedger]): void {
  describe(`${name} delivery ledger`, () => {
    const at = new Date('2026-12-02T08:00:00Z');

    test('the first delivery of a key is first; every later one, on either side, is not', async () => {
      const [a, b] = ledgers();
      expect(await a.first('feishu:ev-1', at)).toBe(true);
      expect(await a.first('feishu:ev-1', at)).toBe(false);
      expect(await b.first('feishu:ev-1', at)).toBe(false);
      expect(await b.first('feishu:ev-2', at)).toBe(true);
    });

    test('of 20 concurrent deliveries of one key over both sides, exactly one is first, every round', async () => {
      const [a, b] = ledgers();
      for (let round = 0; round < 10; round += 1) {
        const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).first(`race-${round}`, at)));
        expect(results.filter(Boolean)).toHaveLength(1);
      }
    });
  });
}
