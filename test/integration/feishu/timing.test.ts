import { cardText } from './fakeFeishu.js';
import { ADMIN, answerToast, FeishuHarness } from './harness.js';

/**
 * Feishu wants an answer within 3 s. Messages are answered before any work; a click waits for the
 * core only `answerWithinMs` (1 ms here, so the slow path always runs), then answers "working on
 * it" and updates the clicked card when the work is done. And start-up refuses credentials the
 * open platform rejects, in one line.
 */
const h = new FeishuHarness();
beforeAll(() => h.start('feishu_timing', {}, { answerWithinMs: 1 }));
afterAll(() => h.stop());

test('a message is answered at once even when the open platform is slow; the reply follows', async () => {
  h.fake.delayMs = 1_500;
  try {
    const mark = h.fake.calls.length;
    const started = Date.now();
    const answer = await h.post(h.messageEvent(ADMIN, 'notes add acct-slow 慢速回复'));
    expect(answer.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(h.fake.messagesSince(mark)).toHaveLength(0);
    const [reply] = await h.fake.waitForMessages(1, mark);
    expect(cardText(reply.card)).toContain('已为 acct-slow 添加备注');
  } finally {
    h.fake.delayMs = 0;
  }
});

test('a click the core cannot finish in time is answered "working on it", then its card is updated', async () => {
  const note = await h.say(ADMIN, 'notes add acct-late 稍后更新');
  const noteId = /添加备注 (\S+)。/.exec(cardText(note))?.[1];
  const mark = h.fake.calls.length;
  const answer = await h.click(ADMIN, { cmd: `show ${noteId}` }, { messageId: 'om_clicked' });
  expect(answerToast(answer)).toBe('正在处理，完成后会更新此卡片。');
  const [update] = await h.fake.waitForMessages(1, mark);
  expect(update).toMatchObject({ kind: 'update', target: 'om_clicked' });
  expect(update.card?.header?.title.content).toBe(`备注 ${noteId}`);
});

test('start-up stops in one line when the open platform refuses the app secret', async () => {
  const other = new FeishuHarness();
  try {
    await expect(other.start('feishu_badsecret', { FEISHU_APP_SECRET: 'wrong-secret' })).rejects.toThrow(
      /^Invalid FEISHU_APP_SECRET=\(hidden\): http:\/\/127\.0\.0\.1:\d+ did not accept FEISHU_APP_ID and FEISHU_APP_SECRET \(.*app secret invalid\)\. See \.env\.example\.$/,
    );
  } finally {
    await other.stop();
  }
});
