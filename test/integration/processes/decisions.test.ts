import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Connection } from 'mongoose';
import { connectDatabase } from '../../../adapters/mongo/connection.js';
import { createMongoRepositories, type MongoRepositories } from '../../../adapters/mongo/index.js';
import { ensureAdmin } from '../../../src/usecases/roles.js';
import { aConfirmation, anApproval, aNote } from '../../contract/suites/builders.js';
import { freshDatabaseUri } from '../../support/database.js';
import type { InstanceRequest, InstanceResult } from './instance.js';

/**
 * Two bot instances in two real Node processes on one database (FerretDB in CI): nothing but the
 * server stands between them. Each instance fires three commands at once per round, so six
 * requests race for every decision.
 */
const uri = freshDatabaseUri('processes');
const script = fileURLToPath(new URL('./instance.ts', import.meta.url));
const ADMINS = Array.from({ length: 6 }, (_, i) => `slack:UADMIN${i + 1}`);
let connection: Connection;
let repos: MongoRepositories;
let instances: Instance[];

interface Instance {
  child: ChildProcessWithoutNullStreams;
  send(requests: InstanceRequest[]): Promise<InstanceResult[]>;
}

async function startInstance(): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, uri, ''], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`instance ended: ${stderr.slice(-2000)}`);
    return value as string;
  };
  expect(await nextLine()).toBe('ready');
  return {
    child,
    async send(requests) {
      child.stdin.write(`${JSON.stringify(requests)}\n`);
      return JSON.parse(await nextLine()) as InstanceResult[];
    },
  };
}

beforeAll(async () => {
  connection = await connectDatabase(uri);
  repos = createMongoRepositories(connection);
  await repos.ensureIndexes();
  for (const admin of ADMINS) await ensureAdmin(repos.roles, admin, 'slack:USETUP', new Date());
  instances = await Promise.all([startInstance(), startInstance()]);
}, 60_000);

afterAll(async () => {
  for (const instance of instances ?? []) {
    const ended = new Promise((resolve) => instance.child.once('exit', resolve));
    instance.child.stdin.end();
    await ended;
  }
  await connection?.close();
});

/** Sends each instance its share at once; results come back in request order. */
async function race(requests: InstanceRequest[]): Promise<InstanceResult[]> {
  const shares = [requests.filter((_, i) => i % 2 === 0), requests.filter((_, i) => i % 2 === 1)];
  const [even, odd] = await Promise.all(shares.map((share, i) => instances[i].send(share)));
  return requests.map((_, i) => (i % 2 === 0 ? even[i / 2] : odd[(i - 1) / 2]));
}

const auditOf = async (targetId: string, actions: string[]) =>
  (await repos.audit.query({ targetIds: [targetId], limit: 100 })).filter((e) => actions.includes(e.action));

test('one approval request decided from two processes: one winner, one audit entry, one delete, every round', async () => {
  for (let round = 0; round < 6; round += 1) {
    const [noteId, requestId] = [`n-race${round}`, `r-race${round}`];
    await repos.notes.insert(aNote(noteId));
    const now = new Date();
    await repos.approvals.insert(anApproval(requestId, { targetId: noteId, requesterId: 'slack:UMEMBER', createdAt: now, expiresAt: new Date(now.getTime() + 3_600_000) }));
    const requests: InstanceRequest[] = ADMINS.map((actor, i) => ({
      actor,
      command: i % 3 === 1 ? { name: 'reject', requestId, reason: null } : { name: 'approve', requestId },
    }));
    const results = await race(requests);

    const winners = results.flatMap((r, i) => (r.ok ? [i] : []));
    expect({ round, winners: winners.length }).toEqual({ round, winners: 1 });
    expect(results.flatMap((r) => (r.ok ? [] : [r.code]))).toEqual(Array(5).fill('AlreadyDecided'));
    const winner = requests[winners[0]];
    const decisions = await auditOf(requestId, ['approval.approve', 'approval.reject']);
    expect(decisions.map((e) => [e.action, e.actorId])).toEqual([[winner.command.name === 'approve' ? 'approval.approve' : 'approval.reject', winner.actor]]);
    expect(await repos.approvals.find(requestId)).toMatchObject({ status: winner.command.name === 'approve' ? 'approved' : 'rejected', decidedBy: winner.actor });
    const deletes = await auditOf(noteId, ['note.delete']);
    expect(deletes).toHaveLength(winner.command.name === 'approve' ? 1 : 0);
  }
}, 60_000);

test('one confirmation clicked in two processes at once acts once', async () => {
  for (let round = 0; round < 4; round += 1) {
    const [noteId, confirmationId] = [`n-click${round}`, `c-click${round}`];
    await repos.notes.insert(aNote(noteId));
    const now = new Date();
    await repos.confirmations.insert(
      aConfirmation(confirmationId, { actorId: ADMINS[0], action: { type: 'delete-note', noteId, reason: null }, createdAt: now, expiresAt: new Date(now.getTime() + 600_000) }),
    );
    const results = await race(Array.from({ length: 6 }, () => ({ actor: ADMINS[0], command: { name: 'confirm', confirmationId } })));
    expect({ round, ok: results.filter((r) => r.ok).map((r) => r.ok && r.kind) }).toEqual({ round, ok: ['note-deleted'] });
    expect((await auditOf(noteId, ['note.delete'])).length).toBe(1);
    expect((await repos.confirmations.find(confirmationId))?.status).toBe('confirmed');
  }
}, 60_000);

test('two admins revoking each other from two processes at once leave one admin', async () => {
  for (let round = 0; round < 4; round += 1) {
    const [a, b] = [`slack:URA${round}`, `slack:URB${round}`];
    const current = await repos.roles.adminSet();
    const admins = [a, b].map((actorId) => ({ actorId, grantedBy: 'slack:USETUP', grantedAt: new Date() }));
    expect(await repos.roles.commitAdminSet({ version: current.version + 1, admins, changedBy: 'slack:USETUP', changedAt: new Date() })).toBe(true);
    const results = await race([
      { actor: a, command: { name: 'roles', change: { kind: 'revoke', actorId: b } } },
      { actor: b, command: { name: 'roles', change: { kind: 'revoke', actorId: a } } },
    ]);
    expect({ round, ok: results.filter((r) => r.ok).length }).toEqual({ round, ok: 1 });
    // The loser either saw the rule (one admin left) or, re-checking after losing the race, its own demotion.
    expect(results.flatMap((r) => (r.ok ? [] : [r.code]))).toEqual([expect.stringMatching(/^(LastAdmin|NotPermitted)$/)]);
    expect((await repos.roles.adminSet()).admins).toHaveLength(1);
  }
}, 60_000);
