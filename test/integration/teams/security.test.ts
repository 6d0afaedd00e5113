import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { cardText, invokeCardOf, TeamsHarness, user, type BotResponse } from './harness.js';
import { TestSigningKey } from './tokens.js';

const APP_ID = 'app-123';
const member = user('member-1');

/** Nothing happened: no reply, no note. */
async function expectNothingChanged(h: TeamsHarness, res: BotResponse) {
  expect(res.sent).toEqual([]);
  expect(await h.app.deps.notes.matchIds({ recordId: 'acct-sec', state: 'live' }, 10)).toEqual([]);
}

describe('Teams security with MICROSOFT_APP_ID: requests through startServer', () => {
  const h = new TeamsHarness();
  beforeAll(() => h.start('teamsauth', { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'not-used-here' }));
  afterAll(() => h.stop());

  const addNote = () => h.activity(member, { type: 'message', text: 'notes add acct-sec should never be stored' });

  test('no Authorization header: 401 and nothing changes', async () => {
    const res = await h.post(addNote());
    expect(res.status).toBe(401);
    await expectNothingChanged(h, res);
  });

  test('a token that is not a JWT: 401 and nothing changes', async () => {
    const res = await h.post(addNote(), { authorization: 'Bearer not-a-token' });
    expect(res.status).toBe(401);
    await expectNothingChanged(h, res);
  });

  test('a JWT from an issuer the Bot Framework does not use: 401', async () => {
    const forged = new TestSigningKey('forger').sign({ iss: 'https://evil.example', aud: APP_ID, serviceurl: `${h.connector.url}/` });
    const res = await h.post(addNote(), { authorization: `Bearer ${forged}` });
    expect(res.status).toBe(401);
    await expectNothingChanged(h, res);
  });

  test('a body that is not an activity is refused before authentication', async () => {
    const res = await h.post({ hello: 'world' });
    expect(res.status).toBe(400);
    const tooBig = await fetch(h.endpoint, { method: 'POST', body: 'x'.repeat(300 * 1024), headers: { 'content-type': 'application/json' } });
    expect(tooBig.status).toBe(413);
  });
});

describe('Teams security: botbuilder validates tokens signed with the test key (OpenID metadata on loopback)', () => {
  const h = new TeamsHarness();
  const trusted = new TestSigningKey('trusted-key');
  const other = new TestSigningKey('trusted-key'); // same kid, different key: a forged signature
  // botbuilder's token validation prints rejected keys with console.error; our log has the reason.
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  afterAll(() => quiet.mockRestore());
  beforeAll(async () => {
    await h.start('teamsjwt', { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'not-used-here' }, (url) => ({
      ToBotFromChannelOpenIdMetadataUrl: `${url}/openid/.well-known/openid-configuration`,
    }));
    h.connector.openIdKeys = [trusted.jwk];
  });
  afterAll(() => h.stop());

  const claims = () => ({ aud: APP_ID, serviceurl: `${h.connector.url}/` });
  const addNote = () => h.activity(member, { type: 'message', text: 'notes add acct-sec should never be stored' });

  test('a correctly signed token is accepted (a conversationUpdate needs no reply, so no outbound token)', async () => {
    const res = await h.post(h.activity(member, { type: 'conversationUpdate' }), { authorization: `Bearer ${trusted.sign(claims())}` });
    expect(res.status).toBe(200);
  });

  test('a correctly signed card action runs: its answer is the invoke response, so no outbound token is needed', async () => {
    const click = h.activity(member, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'notes', data: { cmd: 'add acct-signed stored by a signed request' } } },
    });
    const res = await h.post(click, { authorization: `Bearer ${trusted.sign(claims())}` });
    expect(res.status).toBe(200);
    expect(cardText(invokeCardOf(res.body))).toMatch(/Added note n-\w+ to acct-signed/);
    expect(await h.app.deps.notes.matchIds({ recordId: 'acct-signed', state: 'live' }, 10)).toHaveLength(1);
  });

  test.each([
    ['signed by another key', () => other.sign(claims())],
    ['for another bot (audience)', () => trusted.sign({ ...claims(), aud: 'someone-else' })],
    ['for another service URL', () => trusted.sign({ ...claims(), serviceurl: 'https://smba.example/' })],
    ['expired', () => trusted.sign({ ...claims(), exp: Math.floor(Date.now() / 1000) - 3600 })],
  ])('a token %s: 401 and nothing changes', async (_name, token) => {
    const res = await h.post(addNote(), { authorization: `Bearer ${token()}` });
    expect(res.status).toBe(401);
    await expectNothingChanged(h, res);
  });
});
