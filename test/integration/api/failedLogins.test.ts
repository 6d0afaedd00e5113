import { request } from 'node:http';
import { mountIngestApi } from '../../../adapters/api/ingestApi.js';
import { FAILED_LOGIN_WINDOW_MS, FAILED_LOGINS_MAX } from '../../../adapters/api/rateLimiter.js';
import { HttpServer } from '../../../adapters/http/server.js';
import { createDispatcher } from '../../../src/usecases/dispatch.js';
import { expectKind, makeCore, silentLogger } from '../../support/core.js';
import { InMemoryTokens } from '../../support/memory.js';

// Failed logins over real HTTP on loopback. Two client addresses: Linux routes all of 127/8 to
// the loopback device, so a request can leave from 127.0.0.2 as well as from 127.0.0.1.
const core = makeCore();
const tokens = new InMemoryTokens();
const dispatcher = createDispatcher(core.deps, { tokens });
const http = new HttpServer(silentLogger);
mountIngestApi(http, {
  dispatcher,
  clock: core.deps.clock,
  logger: silentLogger,
  tokens,
  settings: { origin: { platform: 'console', channelId: 'console' }, maxBodyBytes: 64 * 1024, requestsPerMinute: 1000 },
});
const port = await http.listen(0, '127.0.0.1');
afterAll(() => http.close());

const createToken = async (name: string) =>
  expectKind(await dispatcher.execute(core.ctx('console:admin'), { name: 'tokens', change: { kind: 'create', name } }), 'token-created').token;
const good = await createToken('crm-sync');

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: string;
}

/** One POST from `from` (a loopback address) with `bearer`. */
function post(from: string, bearer: string): Promise<Answer> {
  const body = JSON.stringify({ recordId: 'acct-1', body: 'from the API' });
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, localAddress: from, method: 'POST', path: '/api/v1/notes', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const forged = (name: string) => `ntk_${name}_${'A'.repeat(43)}`;

test('bad tokens from one address are locked out with 429 and Retry-After; a good token from another address is unaffected; the lockout ends with its window', async () => {
  const attacker = '127.0.0.2';
  const statuses: number[] = [];
  for (let i = 0; i < FAILED_LOGINS_MAX; i += 1) statuses.push((await post(attacker, forged(i % 2 ? 'crm-sync' : 'nobody'))).status);
  expect(statuses).toEqual(new Array<number>(FAILED_LOGINS_MAX).fill(401));

  const locked = await post(attacker, forged('nobody'));
  expect(locked.status).toBe(429);
  expect(Number(locked.retryAfter)).toBe(FAILED_LOGIN_WINDOW_MS / 1000);
  expect(JSON.parse(locked.body)).toMatchObject({ error: { code: 'TooManyFailedLogins' } });

  // Locked out, the answer is the same whether the name exists or the token is even right.
  const existingName = await post(attacker, forged('crm-sync'));
  const rightToken = await post(attacker, good);
  expect([existingName.status, rightToken.status]).toEqual([429, 429]);
  expect(existingName.body).toBe(locked.body);
  expect(rightToken.body).toBe(locked.body);

  // Another client is not held back by the attacker's failures.
  expect((await post('127.0.0.1', good)).status).toBe(201);

  core.clock.advanceMinutes(1);
  const later = await post(attacker, good);
  expect(later.status).toBe(429);
  expect(Number(later.retryAfter)).toBe(FAILED_LOGIN_WINDOW_MS / 1000 - 60);

  core.clock.current = new Date(core.clock.current.getTime() + FAILED_LOGIN_WINDOW_MS);
  expect((await post(attacker, good)).status).toBe(201);
  expect((await post(attacker, forged('nobody'))).status).toBe(401);
});

test('a few mistakes stay below the limit: the client still gets in', async () => {
  const from = '127.0.0.3';
  for (let i = 0; i < FAILED_LOGINS_MAX - 1; i += 1) expect((await post(from, forged('typo'))).status).toBe(401);
  expect((await post(from, good)).status).toBe(201);
});
