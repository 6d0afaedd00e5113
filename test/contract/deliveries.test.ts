import type { Connection } from 'mongoose';
import { ClaimLedger, claimModel } from '../../adapters/mongo/claims.js';
import { connectDatabase } from '../../adapters/mongo/connection.js';
import { ClaimDeliveryLedger } from '../../adapters/mongo/deliveryLedger.js';
import type { DeliveryLedger } from '../../src/ports/deliveries.js';
import { freshDatabaseUri } from '../support/database.js';
import { InMemoryDeliveries } from '../support/deliveries.js';
import { deliveryLedgerSuite } from './suites/deliveries.js';

const memory = new InMemoryDeliveries();
deliveryLedgerSuite('in-memory', () => [memory, memory]);

const uri = freshDatabaseUri('deliveries');
let connections: Connection[] = [];
let mongo: [DeliveryLedger, DeliveryLedger];
beforeAll(async () => {
  connections = [await connectDatabase(uri), await connectDatabase(uri)];
  mongo = [new ClaimDeliveryLedger(new ClaimLedger(claimModel(connections[0]))), new ClaimDeliveryLedger(new ClaimLedger(claimModel(connections[1])))];
});
afterAll(async () => {
  for (const connection of connections) await connection.close();
});
deliveryLedgerSuite('Mongo (two connections)', () => mongo);
