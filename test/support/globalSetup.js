// Plain JS: jest loads global setup outside its transform pipeline, so the TypeScript launcher is
// loaded through tsx. One database server serves the whole run; each test file then takes a
// fresh database name (test/support/database.ts). MONGODB_URI set means: use that server.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  if (process.env.MONGODB_URI) {
    process.env.TEST_MONGODB_URI = process.env.MONGODB_URI;
    return;
  }
  const { startDevDatabase } = await tsImport('../../adapters/mongo/devDatabase.ts', import.meta.url);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'notes-test-db-'));
  const db = await startDevDatabase({ dataDir });
  process.env.TEST_MONGODB_URI = db.uri;
  globalThis.__notesTestDb = db;
}
