import { cardText } from './fakeFeishu.js';
import { ADMIN, FeishuHarness, VERIFICATION_TOKEN } from './harness.js';

/** Webhook mode without FEISHU_ENCRYPT_KEY: plaintext bodies, and the verification token must match. */
const h = new FeishuHarness();
beforeAll(() => h.start('feishu_tokenonly', { FEISHU_ENCRYPT_KEY: '' }));
afterAll(() => h.stop());

test('the URL challenge and a message with the right token are served', async () => {
  expect(await h.post({ challenge: 'plain-1', token: VERIFICATION_TOKEN, type: 'url_verification' })).toEqual({ status: 200, body: { challenge: 'plain-1' } });
  const card = await h.say(ADMIN, 'notes add acct-plain 明文模式');
  expect(cardText(card)).toContain('已为 acct-plain 添加备注');
});

test.each([
  ['a wrong token', (event: Record<string, unknown>) => ({ ...event, header: { ...(event.header as object), token: 'guess' } })],
  ['no token at all', (event: Record<string, unknown>) => ({ ...event, header: { ...(event.header as object), token: undefined } })],
  ['an encrypted body, though no key is set', () => ({ encrypt: 'AAAA' })],
])('%s gets 401 and changes nothing', async (_what, forge) => {
  const mark = h.fake.calls.length;
  const answer = await h.postRaw(JSON.stringify(forge(h.messageEvent(ADMIN, 'notes add acct-forged-plain x'))));
  expect(answer).toEqual({ status: 401, body: { error: 'unauthorized' } });
  expect(await h.app.deps.notes.count({ recordId: 'acct-forged-plain', state: 'live' })).toBe(0);
  expect(h.fake.calls.length).toBe(mark);
});

test('a challenge with the wrong token is refused', async () => {
  expect((await h.post({ challenge: 'x', token: 'nope', type: 'url_verification' })).status).toBe(401);
});
