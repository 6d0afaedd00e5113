import { pino } from 'pino';
import { EventDispatcher, LoggerLevel } from '@larksuiteoapi/node-sdk';
import { startLongConnection } from '../../../adapters/feishu/longConnection.js';
import { buttonsOf, cardText, FAKE_APP, FakeFeishu, type FeishuCardJson } from './fakeFeishu.js';
import { FakeGateway } from './fakeGateway.js';
import { ADMIN, FeishuHarness } from './harness.js';

/**
 * FEISHU_MODE=long-connection, started for real: the SDK's WSClient discovers the endpoint from
 * the fake open platform and connects to a loopback fake gateway speaking the SDK's protobuf
 * frames (see fakeGateway.ts). Events arrive there instead of over HTTP and reach the same bot.
 */
const gateway = new FakeGateway();
const h = new FeishuHarness();
beforeAll(async () => {
  await gateway.listening;
  h.fake.wsUrl = gateway.url;
  await h.start('feishu_longconn', { FEISHU_MODE: 'long-connection', FEISHU_VERIFICATION_TOKEN: '', FEISHU_ENCRYPT_KEY: '' });
  await gateway.connected();
});
afterAll(async () => {
  await h.stop();
  await gateway.stop();
});

test('start-up discovered the gateway with the app credentials and mounted no webhook', async () => {
  expect(h.fake.calls.filter((c) => c.kind === 'ws-endpoint')).toHaveLength(1);
  expect(gateway.connections).toBe(1);
  const res = await fetch(h.endpoint, { method: 'POST', body: '{}' });
  expect(res.status).toBe(404);
});

test('a message over the long connection is answered in the frame and replied to through the API', async () => {
  const mark = h.fake.calls.length;
  const { code, answer } = await gateway.push(h.messageEvent(ADMIN, 'notes add acct-ws 长连接收到的备注'));
  expect(code).toBe(200);
  expect(answer).toEqual({});
  const [reply] = await h.fake.waitForMessages(1, mark);
  expect(reply.kind).toBe('reply');
  expect(cardText(reply.card)).toContain('已为 acct-ws 添加备注');
  expect(await h.app.deps.notes.count({ recordId: 'acct-ws', state: 'live' })).toBe(1);
});

test('a card callback over the long connection answers with the new card, once per event id', async () => {
  const mark = h.fake.calls.length;
  await gateway.push(h.messageEvent(ADMIN, 'notes list record:acct-ws'));
  const [list] = await h.fake.waitForMessages(1, mark);
  const noteId = /^(\S+) · /.exec(cardText(list.card).split('\n')[1])?.[1] ?? '';
  const del = buttonsOf(list.card).find((b) => b.label === '删除')!;
  const click = h.clickEvent(ADMIN, { cmd: `delete ${noteId}` }, { eventId: 'ev_ws_click' });
  expect(del.value.cmd).toBe(`delete ${noteId}`);
  const first = await gateway.push(click);
  const card = (first.answer as { card?: { data: FeishuCardJson } }).card?.data;
  expect(card?.header?.title.content).toBe('确定删除这条备注吗？');
  expect(cardText(card)).toContain(`备注：${noteId}`);
  const again = await gateway.push(click);
  expect(again.answer).toEqual({});
});

test('credentials the open platform refuses stop start-up in one line', async () => {
  const fake = await new FakeFeishu().start();
  fake.wsUrl = gateway.url;
  try {
    const started = startLongConnection({
      appId: FAKE_APP.appId,
      appSecret: 'wrong-secret',
      baseUrl: fake.url,
      dispatcher: new EventDispatcher({ loggerLevel: LoggerLevel.error }),
      logger: pino({ level: 'silent' }),
      connectWithinMs: 5_000,
    });
    await expect(started).rejects.toThrow(/^Invalid FEISHU_MODE="long-connection": the long connection to http:\/\/127\.0\.0\.1:\d+ did not open \(pullConnectConfig failed: code=403/);
    expect(gateway.connections).toBe(1);
  } finally {
    await fake.stop();
  }
});
