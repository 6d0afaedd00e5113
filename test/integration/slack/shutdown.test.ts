import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { MEMBER, SlackHarness } from './harness.js';

/** `/healthz` beside Slack, and a graceful stop that lets work already acked finish. */
describe('Slack: health and graceful shutdown', () => {
  const h = new SlackHarness();
  beforeAll(() => h.start('slackstop'));
  afterAll(() => h.stop());

  test('GET /healthz answers 200 while the database answers', async () => {
    const res = await fetch(`http://127.0.0.1:${h.server.port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ database: 'ok' });
  });

  test('stop() waits for a command that was acked but not yet answered, then refuses new requests', async () => {
    h.fake.responseDelayMs = 600;
    const sent = await h.command(MEMBER, 'add acct-stop written during shutdown');
    expect(sent.status).toBe(200);
    const started = Date.now();
    await h.server.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    const [reply] = h.fake.responsesTo(sent.responseId);
    expect(String(reply.body.text)).toMatch(/^Added note \S+ to acct-stop\.$/);
    await expect(fetch(h.endpoint, { method: 'POST', body: 'x' })).rejects.toThrow();
  });
});
