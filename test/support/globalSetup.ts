import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDevDatabase, type DevDatabase } from '../../adapters/mongo/devDatabase.js';

/**
 * One database server for the whole run (a fresh database name per test file, see
 * test/support/database.ts). MONGODB_URI set in the environment means: test against that server.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.MONGODB_URI) {
    process.env.TEST_MONGODB_URI = process.env.MONGODB_URI;
    return;
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'notes-test-db-'));
  const db: DevDatabase = await startDevDatabase({ dataDir });
  process.env.TEST_MONGODB_URI = db.uri;
  (globalThis as { __notesTestDb?: DevDatabase }).__notesTestDb = db;
}
