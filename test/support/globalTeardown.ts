import type { DevDatabase } from '../../adapters/mongo/devDatabase.js';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __notesTestDb?: DevDatabase }).__notesTestDb?.stop();
}
