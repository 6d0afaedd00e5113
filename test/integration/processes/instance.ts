/**
 * One bot instance in a process of its own, for tests of what holds across processes. Started
 * as `node --import tsx instance.ts <databaseUri> <NOTES_ADMINS>`; prints `ready`, then for each
 * input line (a JSON array of `{actor, command}`) runs every command at once through the real
 * dispatcher on the Mongo repositories and prints one JSON line: per command, `ok` or the error
 * code. Nothing here is shared with the test process but the database.
 */
import { createInterface } from 'node:readline';
import { connectDatabase } from '../../../adapters/mongo/connection.js';
import { createMongoRepositories } from '../../../adapters/mongo/index.js';
import { toActor } from '../../../src/domain/actor.js';
import { isNotesError } from '../../../src/domain/errors.js';
import { randomIds, systemClock } from '../../../src/system.js';
import type { Command } from '../../../src/usecases/commands.js';
import type { CoreDeps } from '../../../src/usecases/context.js';
import { createDispatcher } from '../../../src/usecases/dispatch.js';
import { silentLogger } from '../../support/core.js';

export interface InstanceRequest {
  actor: string;
  command: Command;
}
export type InstanceResult = { ok: true; kind: string } | { ok: false; code: string };

const [uri, admins = ''] = process.argv.slice(2);
const connection = await connectDatabase(uri);
const repos = createMongoRepositories(connection);
const deps: CoreDeps = {
  ...repos,
  snapshots: {
    writeSnapshot: async (planId) => ({ id: `snap-${planId}`, noteCount: 0, bytes: 0, sha256: '' }),
  },
  notifier: { publish: async () => {} },
  clock: systemClock,
  ids: randomIds,
  logger: silentLogger,
  settings: {
    bulkApprovalThreshold: 20,
    bulkMax: 10_000,
    approvalTtlMinutes: 60,
    confirmTtlMinutes: 15,
    pageSize: 10,
    batchSize: 50,
    rolePolicy: { bootstrapAdmins: admins.split(',').filter(Boolean), defaultRole: 'member' },
    defaultLocale: 'en',
  },
};
const dispatcher = createDispatcher(deps);

async function run({ actor, command }: InstanceRequest): Promise<InstanceResult> {
  try {
    const outcome = await dispatcher.execute({ actor: toActor(actor), origin: { platform: 'console', channelId: 'test' } }, command);
    return { ok: true, kind: outcome.kind };
  } catch (error) {
    if (isNotesError(error)) return { ok: false, code: error.code };
    return { ok: false, code: `crash: ${(error as Error).message}` };
  }
}

process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  const requests = JSON.parse(line) as InstanceRequest[];
  const results = await Promise.all(requests.map(run));
  process.stdout.write(`${JSON.stringify(results)}\n`);
}
await connection.close();
