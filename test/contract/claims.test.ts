import type { Connection } from 'mongoose';
import { ClaimLedger, claimModel } from '../../adapters/mongo/claims.js';
import { connectDatabase } from '../../adapters/mongo/connection.js';
import { freshDatabaseUri } from '../support/database.js';

// Two connections stand in for two processes: nothing in this process serialises their writes,
// so only the server's unique `_id` can make one claim win.
const uri = freshDatabaseUri('claims');
let first: Connection;
let second: Connection;
let ledgers: ClaimLedger[];

beforeAll(async () => {
  first = await connectDatabase(uri);
  second = await connectDatabase(uri);
  ledgers = [new ClaimLedger(claimModel(first)), new ClaimLedger(claimModel(second))];
});

afterAll(async () => {
  await first?.close();
  await second?.close();
});

test('of many concurrent claims of one key across two connections, exactly one wins, every round', async () => {
  const at = new Date('2026-12-02T08:00:00Z');
  for (let round = 0; round < 25; round += 1) {
    const key = `race:${round}`;
    const results = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((writer) => ledgers[writer % 2].claim(key, { writer }, at)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    // Whoever lost reads who won: the stored claim is the winner's data, not a later writer's.
    const stored = await ledgers[1 - (winner % 2)].find<{ writer: number }>(key);
    expect(stored?.data.writer).toBe(winner);
    expect(stored?.at.toISOString()).toBe(at.toISOString());
  }
});

test('a claim is not found before it is made, and a lost claim is not an error', async () => {
  expect(await ledgers[0].find('never')).toBeNull();
  expect(await ledgers[0].claim('once', {}, new Date())).toBe(true);
  expect(await ledgers[1].claim('once', {}, new Date())).toBe(false);
});
