import { readFileSync } from 'node:fs';
import { mountIngestApi } from '../../../adapters/api/ingestApi.js';
import { HttpServer } from '../../../adapters/http/server.js';
import { requestContextOf as feishuContextOf } from '../../../adapters/feishu/payloads.js';
import { slackContext } from '../../../adapters/slack/payloads.js';
import { requestContextOf as teamsContextOf } from '../../../adapters/teams/activity.js';
import { hashToken } from '../../../src/domain/apiToken.js';
import type { Outcome } from '../../../src/usecases/outcomes.js';
import { expectKind, makeCore, silentLogger } from '../../support/core.js';
import { InMemoryTokens } from '../../support/memory.js';
import { createDispatcher } from '../../../src/usecases/dispatch.js';

// The API over real HTTP on loopback, on the in-memory core (the storage contract is tested elsewhere).
const RATE = 30;
const core = makeCore();
const tokens = new InMemoryTokens();
const dispatcher = createDispatcher(core.deps, { tokens });
const http = new HttpServer(silentLogger);
mountIngestApi(http, {
  dispatcher,
  clock: core.deps.clock,
  logger: silentLogger,
  tokens,
  settings: { origin: { platform: 'console', channelId: 'console' }, maxBodyBytes: 64 * 1024, requestsPerMinute: RATE },
});
const port = await http.listen(0, '127.0.0.1');
const base = `http://127.0.0.1:${port}`;
afterAll(() => http.close());

const admin = core.ctx('console:admin');
async function createToken(name: string): Promise<string> {
  const outcome: Outcome = await dispatcher.execute(admin, { name: 'tokens', change: { kind: 'create', name } });
  return expectKind(outcome, 'token-created').token;
}
const token = await createToken('crm-sync');

const post = (body: unknown, bearer: string | null = token, raw?: string) =>
  fetch(`${base}/api/v1/notes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: raw ?? JSON.stringify(body),
  });
const del = (id: string, bearer: string | null = token, query = '') =>
  fetch(`${base}/api/v1/notes/${id}${query}`, { method: 'DELETE', headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

describe('tokens', () => {
  test('shown once, stored hashed, listed without the secret, audited by name', async () => {
    const t = await createToken('shown-once');
    expect(t).toMatch(/^ntk_shown-once_[A-Za-z0-9_-]{43}$/);
    const stored = tokens.byName.get('shown-once')!;
    expect(stored.hash).toBe(hashToken(t));
    expect(JSON.stringify(stored)).not.toContain(t.slice(-43));
    const list = expectKind(await dispatcher.execute(admin, { name: 'tokens', change: { kind: 'list' } }), 'token-list');
    expect(JSON.stringify(list)).not.toContain(t.slice(-43));
    expect(list.tokens.map((x) => x.name)).toContain('shown-once');
    const audit = core.stores.audit.entries.find((e) => e.action === 'token.create' && e.details.name === 'shown-once');
    expect(JSON.stringify(audit)).not.toContain(t.slice(-43));
    await expect(dispatcher.execute(admin, { name: 'tokens', change: { kind: 'create', name: 'shown-once' } })).rejects.toMatchObject({ code: 'BadInput' });
  });

  test('a revoked token is refused with 401', async () => {
    const t = await createToken('short-lived');
    expect((await post({ recordId: 'acct-1', body: 'hi' }, t)).status).toBe(201);
    await dispatcher.execute(admin, { name: 'tokens', change: { kind: 'revoke', name: 'short-lived' } });
    const res = await post({ recordId: 'acct-1', body: 'hi' }, t);
    expect(res.status).toBe(401);
    expect(await errorOf(res)).toMatchObject({ code: 'Unauthorized' });
  });

  test('members cannot manage tokens', async () => {
    await expect(dispatcher.execute(core.ctx('console:mo'), { name: 'tokens', change: { kind: 'list' } })).rejects.toMatchObject({ code: 'NotPermitted' });
  });
});

describe('POST /api/v1/notes', () => {
  test('no token, a malformed one, or a forged secret: 401 and nothing stored', async () => {
    const before = await core.deps.notes.count({ state: 'live' });
    expect((await post({ recordId: 'acct-1', body: 'x' }, null)).status).toBe(401);
    expect((await post({ recordId: 'acct-1', body: 'x' }, 'nonsense')).status).toBe(401);
    expect((await post({ recordId: 'acct-1', body: 'x' }, `${token.slice(0, -4)}AAAA`)).status).toBe(401);
    expect(await core.deps.notes.count({ state: 'live' })).toBe(before);
  });

  test('one note: 201 with its id, authored by the token, source api', async () => {
    const res = await post({ recordId: 'acct-42', body: 'Called back #followup', tags: ['VIP'] });
    expect(res.status).toBe(201);
    const { ids } = (await res.json()) as { ids: string[] };
    expect(ids).toHaveLength(1);
    expect(await core.deps.notes.findById(ids[0])).toMatchObject({ recordId: 'acct-42', authorId: 'api:crm-sync', source: 'api', tags: ['followup', 'vip'] });
  });

  test('a batch with source + externalId is idempotent: the same batch again updates, never duplicates', async () => {
    const notes = [
      { recordId: 'acct-1', body: 'one', source: 'hubspot', externalId: 'h-1' },
      { recordId: 'acct-1', body: '二', source: 'hubspot', externalId: 'h-2', createdAt: '2024-01-01T00:00:00Z' },
    ];
    const first = (await (await post({ notes })).json()) as { ids: string[] };
    const before = await core.deps.notes.count({ state: 'live' });
    const second = await post({ notes: [{ ...notes[0], body: 'one, edited' }, notes[1]] });
    expect(second.status).toBe(201);
    expect(((await second.json()) as { ids: string[] }).ids).toEqual(first.ids);
    expect(await core.deps.notes.count({ state: 'live' })).toBe(before);
    expect((await core.deps.notes.findBySource('hubspot', 'h-1'))!.body).toBe('one, edited');
  });

  test('bad bodies: 400 with a JSON error, nothing stored from a batch with one bad note', async () => {
    const before = await core.deps.notes.count({ state: 'live' });
    const cases: [unknown, RegExp][] = [
      [{ body: 'no record' }, /recordId/],
      [{ recordId: 'acct 1', body: 'bad record' }, /not a record id/],
      [{ recordId: 'acct-1', body: 'x'.repeat(4001) }, /limit is 4,000/],
      [{ recordId: 'acct-1', body: 'x', source: 'nope' }, /source/],
      [{ recordId: 'acct-1', body: 'x', extra: 1 }, /extra|Unrecognized/i],
      [{ recordId: 'acct-1', body: 'x', authorId: 'system:scheduler' }, /reserved/],
      [{ notes: [{ recordId: 'acct-1', body: 'fine' }, { recordId: 'acct-1', body: '   ' }] }, /notes\[1\]: The note has no text/],
      [{ notes: [] }, /notes/],
    ];
    for (const [body, message] of cases) {
      const res = await post(body);
      expect(res.status).toBe(400);
      const error = await errorOf(res);
      expect(error.message).toMatch(message);
    }
    const notJson = await post(null, token, '{"recordId":');
    expect(notJson.status).toBe(400);
    expect(await core.deps.notes.count({ state: 'live' })).toBe(before);
  });

  test('more than 1,000 notes is refused', async () => {
    const notes = Array.from({ length: 1001 }, (_, i) => ({ recordId: 'a', body: `${i}` }));
    const res = await post({ notes });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/At most 1000 notes/);
  });

  test('a body over the size limit is 413', async () => {
    const res = await post({ recordId: 'acct-1', body: 'x'.repeat(70 * 1024) });
    expect(res.status).toBe(413);
    expect(await errorOf(res)).toMatchObject({ code: 'PayloadTooLarge' });
  });
});

describe('DELETE /api/v1/notes/<id>', () => {
  test('becomes an approval request (202), not a delete; an admin approves it in chat', async () => {
    const { ids } = (await (await post({ recordId: 'acct-7', body: 'to be deleted' })).json()) as { ids: string[] };
    const res = await del(ids[0], token, '?reason=duplicate');
    expect(res.status).toBe(202);
    const { approvalRequest } = (await res.json()) as { approvalRequest: { id: string; status: string; noteId: string; requesterId: string } };
    expect(approvalRequest).toMatchObject({ status: 'pending', noteId: ids[0], requesterId: 'api:crm-sync' });
    expect((await core.deps.notes.findById(ids[0]))!.deletedAt).toBeNull();
    await dispatcher.execute(admin, { name: 'approve', requestId: approvalRequest.id });
    expect((await core.deps.notes.findById(ids[0]))!.deletedAt).not.toBeNull();
  });

  test('a token stays a member even when granted admin: its delete is still a request', async () => {
    await dispatcher.execute(admin, { name: 'roles', change: { kind: 'grant', actorId: 'api:crm-sync', role: 'admin' } });
    const { ids } = (await (await post({ recordId: 'acct-7', body: 'still a request' })).json()) as { ids: string[] };
    expect((await del(ids[0])).status).toBe(202);
  });

  test('an unknown note is 404; an over-long reason is 400; no token is 401', async () => {
    expect((await del('n-nothere')).status).toBe(404);
    expect((await errorOf(await del('n-nothere'))).code).toBe('NoteNotFound');
    const { ids } = (await (await post({ recordId: 'acct-7', body: 'x' })).json()) as { ids: string[] };
    expect((await del(ids[0], token, `?reason=${'r'.repeat(501)}`)).status).toBe(400);
    expect((await del(ids[0], null)).status).toBe(401);
  });
});

test('each token is rate-limited on its own: 429 past the limit, another token unaffected', async () => {
  const busy = await createToken('busy');
  const other = await createToken('other');
  const statuses: number[] = [];
  for (let i = 0; i < RATE + 2; i += 1) statuses.push((await post({ recordId: 'acct-1', body: `n${i}` }, busy)).status);
  expect(statuses.slice(0, RATE).every((s) => s === 201)).toBe(true);
  expect(statuses.slice(RATE)).toEqual([429, 429]);
  expect((await post({ recordId: 'acct-1', body: 'fine' }, other)).status).toBe(201);
});

test('the OpenAPI document lists exactly the routes and statuses the server answers', async () => {
  const doc = JSON.parse(readFileSync(new URL('../../../docs/openapi.json', import.meta.url), 'utf8')) as {
    openapi: string;
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  };
  expect(doc.openapi).toMatch(/^3\./);
  const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).flatMap(([method, op]) => Object.keys(op.responses).map((status) => `${method.toUpperCase()} ${path} ${status}`)),
  );
  // Every documented status, produced against the real routes (statuses seen in the tests above are re-produced here).
  const fresh = await createToken('openapi');
  const { ids } = (await (await post({ recordId: 'acct-1', body: 'doc' }, fresh)).json()) as { ids: string[] };
  const produce: Record<string, () => Promise<Response>> = {
    'POST /api/v1/notes 201': () => post({ recordId: 'acct-1', body: 'doc' }, fresh),
    'POST /api/v1/notes 400': () => post({ body: 'x' }, fresh),
    'POST /api/v1/notes 401': () => post({ recordId: 'acct-1', body: 'x' }, null),
    'POST /api/v1/notes 413': () => post({ recordId: 'acct-1', body: 'x'.repeat(70 * 1024) }, fresh),
    'POST /api/v1/notes 429': async () => {
      const t = await createToken('openapi-burst');
      for (let i = 0; i < RATE; i += 1) await post({ recordId: 'acct-1', body: 'x' }, t);
      return post({ recordId: 'acct-1', body: 'x' }, t);
    },
    'DELETE /api/v1/notes/{id} 202': () => del(ids[0], fresh),
    'DELETE /api/v1/notes/{id} 400': () => del(ids[0], fresh, `?reason=${'r'.repeat(501)}`),
    'DELETE /api/v1/notes/{id} 401': () => del(ids[0], null),
    'DELETE /api/v1/notes/{id} 404': () => del('n-missing', fresh),
    'DELETE /api/v1/notes/{id} 429': async () => {
      const t = await createToken('openapi-burst2');
      for (let i = 0; i < RATE; i += 1) await del('n-missing', t);
      return del('n-missing', t);
    },
  };
  expect(documented.sort()).toEqual(Object.keys(produce).sort());
  for (const [key, request] of Object.entries(produce)) {
    const res = await request();
    expect(`${key.split(' ').slice(0, 2).join(' ')} ${res.status}`).toBe(key);
    if (res.status >= 400) expect(Object.keys((await res.json()) as object)).toEqual(['error']);
  }
});

test('a token is created only where the adapter says its answer is private (console, Slack), never in a Teams or Feishu reply', async () => {
  // Each context as its adapter builds it, with the admin as the asker.
  const teams = { ...teamsContextOf({ serviceUrl: 'https://teams.test', from: { id: 'x', aadObjectId: 'a1' }, conversation: { id: '19:channel' } }), actor: admin.actor };
  const feishu = { ...feishuContextOf('ou_1', 'oc_group'), actor: admin.actor };
  const unsaid = { actor: admin.actor, origin: { platform: 'console' as const } };
  for (const [ctx, name] of [[teams, 'leaky-teams'], [feishu, 'leaky-feishu'], [unsaid, 'leaky-unsaid']] as const) {
    await expect(dispatcher.execute(ctx, { name: 'tokens', change: { kind: 'create', name } })).rejects.toMatchObject({ code: 'NotPermitted', key: 'tokenShownOnce' });
    expect(tokens.byName.has(name)).toBe(false);
  }
  const slack = { ...slackContext('UADMIN', 'C1'), actor: admin.actor };
  expect(expectKind(await dispatcher.execute(slack, { name: 'tokens', change: { kind: 'create', name: 'from-slack' } }), 'token-created').name).toBe('from-slack');
});
