import { cardText } from './fakeFeishu.js';
import { ADMIN, encrypt, ENCRYPT_KEY, FeishuHarness, sign, VERIFICATION_TOKEN } from './harness.js';

/**
 * `POST /feishu/events` over real loopback HTTP with an encrypt key: Feishu's own requests
 * (encrypted, signed, carrying the verification token) are served; every forged or altered one
 * gets 401 and changes nothing. A repeated event_id acts once.
 */
const h = new FeishuHarness();
beforeAll(() => h.start('feishu_security'));
afterAll(() => h.stop());

const notesIn = (recordId: string) => h.app.deps.notes.count({ recordId, state: 'live' });

test('the URL challenge is answered from the decrypted body', async () => {
  const answer = await h.post({ challenge: 'ch-123', token: VERIFICATION_TOKEN, type: 'url_verification' });
  expect(answer).toEqual({ status: 200, body: { challenge: 'ch-123' } });
});

test('a signed, encrypted message is acted on and answered by a reply', async () => {
  const card = await h.say(ADMIN, 'notes add acct-1 第一次拜访 #visit');
  expect(cardText(card)).toContain('已为 acct-1 添加备注');
  expect(await notesIn('acct-1')).toBe(1);
});

describe('forged requests get 401 and change nothing', () => {
  const addEvent = () => h.messageEvent(ADMIN, 'notes add acct-forged forged note');
  const encrypted = (payload: object, key = ENCRYPT_KEY) => JSON.stringify({ encrypt: encrypt(JSON.stringify(payload), key) });

  test.each([
    ['no signature headers', () => ({ raw: encrypted(addEvent()), headers: {} })],
    [
      'a signature made with another key',
      () => {
        const raw = encrypted(addEvent());
        return { raw, headers: sign(raw, 'another-key') };
      },
    ],
    [
      'a signed body altered afterwards',
      () => {
        const raw = encrypted(addEvent());
        return { raw: raw.replace('"encrypt":"', '"encrypt": "'), headers: sign(raw, ENCRYPT_KEY) };
      },
    ],
    [
      'a body encrypted with another key (signed with ours)',
      () => {
        const raw = encrypted(addEvent(), 'another-key');
        return { raw, headers: sign(raw, ENCRYPT_KEY) };
      },
    ],
    [
      'a plaintext body, though an encrypt key is set',
      () => {
        const raw = JSON.stringify(addEvent());
        return { raw, headers: sign(raw, ENCRYPT_KEY) };
      },
    ],
    [
      'the wrong verification token inside a valid encryption',
      () => {
        const event = addEvent();
        (event.header as Record<string, unknown>).token = 'not-the-token';
        const raw = encrypted(event);
        return { raw, headers: sign(raw, ENCRYPT_KEY) };
      },
    ],
    ['not JSON at all', () => ({ raw: 'hello', headers: sign('hello', ENCRYPT_KEY) })],
    [
      'a URL challenge with the wrong token',
      () => {
        const raw = encrypted({ challenge: 'x', token: 'wrong', type: 'url_verification' });
        return { raw, headers: sign(raw, ENCRYPT_KEY) };
      },
    ],
  ])('%s', async (_what, build) => {
    const { raw, headers } = build();
    const mark = h.fake.calls.length;
    const answer = await h.postRaw(raw, headers);
    expect(answer).toEqual({ status: 401, body: { error: 'unauthorized' } });
    expect(await notesIn('acct-forged')).toBe(0);
    expect(h.fake.calls.length).toBe(mark);
  });
});

test('a redelivered event_id acts once, even when the copies arrive together', async () => {
  const event = h.messageEvent(ADMIN, 'notes add acct-dup 重复投递', { eventId: 'ev_redelivered' });
  const mark = h.fake.calls.length;
  const answers = await Promise.all(Array.from({ length: 5 }, () => h.post(event)));
  expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
  await h.fake.waitForMessages(1, mark);
  expect(await notesIn('acct-dup')).toBe(1);
  // Once more, later: still nothing new.
  await h.post(event);
  expect(await notesIn('acct-dup')).toBe(1);
  expect(h.fake.messagesSince(mark)).toHaveLength(1);
});

test('a note cannot mention everyone or format itself: cards carry it only as literal plain_text', async () => {
  const body = '<at id=all></at> **urgent** [click](https://evil.example) @所有人';
  await h.say(ADMIN, `notes add acct-esc ${body}`);
  const card = await h.say(ADMIN, 'notes list record:acct-esc');
  const json = JSON.stringify(card);
  expect(json).not.toMatch(/"tag":"(markdown|lark_md)"/);
  expect(cardText(card)).toContain(body);
});

test('group messages that do not mention the bot are not commands', async () => {
  const mark = h.fake.calls.length;
  const answer = await h.post(h.messageEvent(ADMIN, 'notes add acct-chatter just talking', { chatType: 'group', mentionBot: false }));
  expect(answer.status).toBe(200);
  const card = await h.say(ADMIN, 'notes list record:acct-chatter', { chatType: 'group' });
  expect(cardText(card)).toContain('没有匹配 record:acct-chatter 的备注');
  expect(h.fake.messagesSince(mark)).toHaveLength(1);
});

test('the bot authenticated with the tenant token on every message call', () => {
  const messages = h.fake.messagesSince(0);
  expect(messages.length).toBeGreaterThan(0);
  expect(messages.every((c) => c.authorization === 'Bearer t-fake-tenant-access-token')).toBe(true);
});
