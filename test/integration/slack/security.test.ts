import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { pino } from 'pino';
import type { PlatformContext } from '../../../adapters/chat/platform.js';
import { ConfigError, loadConfig } from '../../../adapters/config.js';
import { slackPlatform, type SlackSettings } from '../../../adapters/slack/index.js';
import { ADMIN1, CHANNEL, SECRET, SlackHarness } from './harness.js';
import { interactionForm, slackSignature, slashCommandForm } from './signer.js';

/**
 * Only Slack may talk to /slack/events: Bolt's signature check (HMAC of the raw body with the
 * signing secret, timestamp within 5 minutes) guards every request, and a refused request
 * changes nothing and sends nothing.
 */
describe('Slack: request verification', () => {
  const h = new SlackHarness();
  beforeAll(() => h.start('slacksec'));
  afterAll(() => h.stop());

  const addBody = (text: string) =>
    slashCommandForm({ userId: ADMIN1, channelId: CHANNEL, text, responseUrl: h.fake.newResponseUrl().url, triggerId: 'trigger-sec' });

  async function expectNothingChanged(send: () => Promise<Response>, status: number) {
    const notesBefore = await h.app.deps.notes.count({ state: 'live' });
    const auditBefore = (await h.app.deps.audit.query({ limit: 1000 })).length;
    const callsBefore = h.fake.calls.length;
    const res = await send();
    expect(res.status).toBe(status);
    // A genuine read-only request sent afterwards, answered in full: had the refused request been
    // handled anyway, with its head start, its note and answer would be recorded by now.
    const sentinel = await h.command(ADMIN1, 'help');
    await h.replyTo(sentinel);
    expect(await h.app.deps.notes.count({ state: 'live' })).toBe(notesBefore);
    expect((await h.app.deps.audit.query({ limit: 1000 })).length).toBe(auditBefore);
    expect(h.fake.calls.slice(callsBefore).map((c) => c.responseId)).toEqual([sentinel.responseId]);
  }

  test('a correctly signed request is accepted (the baseline the forgeries differ from)', async () => {
    const reply = await h.ask(ADMIN1, 'add acct-sec signed and welcome');
    expect(String(reply.text)).toMatch(/^Added note /);
  });

  test('unsigned: 401', async () => {
    await expectNothingChanged(() => h.post(addBody('add acct-sec unsigned'), { unsigned: true }), 401);
  });

  test('signed with another secret: 401', async () => {
    const body = addBody('add acct-sec forged');
    const ts = Math.floor(Date.now() / 1000);
    await expectNothingChanged(() => h.post(body, { timestamp: ts, signature: slackSignature('not-the-secret', ts, body) }), 401);
  });

  test('a valid signature over a different body (tampered in transit): 401', async () => {
    const ts = Math.floor(Date.now() / 1000);
    const signature = slackSignature(SECRET, ts, addBody('add acct-sec original'));
    await expectNothingChanged(() => h.post(addBody('add acct-sec tampered'), { timestamp: ts, signature }), 401);
  });

  test('replayed: correctly signed but the timestamp is more than 5 minutes old: 401', async () => {
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    await expectNothingChanged(() => h.post(addBody('add acct-sec replayed'), { timestamp: old }), 401);
  });

  test('a garbage signature header and a non-numeric timestamp: 401', async () => {
    await expectNothingChanged(
      () => fetch(h.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-signature': 'v0=zz', 'x-slack-request-timestamp': 'yesterday' },
        body: addBody('add acct-sec garbage'),
      }),
      401,
    );
  });

  test('malformed but signed: an interaction payload that is not JSON: 400', async () => {
    await expectNothingChanged(() => h.post('payload=%7Bnot-json'), 400);
  });

  test('malformed but signed: a JSON body that does not parse: 400', async () => {
    await expectNothingChanged(() => h.post('{"type": "event_callback",', { contentType: 'application/json' }), 400);
  });

  test('signed but shaped wrong: a button click without a user is 400 and changes nothing', async () => {
    const payload = { type: 'block_actions', actions: [{ action_id: 'note.delete', value: 'n-x' }], trigger_id: 't', team: { id: 'T0TEAM' } };
    await expectNothingChanged(() => h.post(interactionForm(payload)), 400);
  });

  test('only POST: GET /slack/events is 405', async () => {
    const res = await fetch(h.endpoint);
    expect(res.status).toBe(405);
  });
});

describe('Slack: start-up refuses an empty signing secret', () => {
  test('loadConfig names SLACK_SIGNING_SECRET when the bot token is set and the secret is empty', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: '' })).toThrow(ConfigError);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: '   ' })).toThrow(/SLACK_SIGNING_SECRET/);
  });

  test('the server does not start when a config reaches it without a secret', async () => {
    const config = { ...loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'x', SLACK_API_URL: 'http://127.0.0.1:9/api/' }), SLACK_SIGNING_SECRET: undefined };
    const settings = slackPlatform.settingsFrom(config);
    expect(settings).not.toBeNull();
    // No database is needed: start-up must stop at the Slack platform's start, before listening.
    const context = { settings, logger: pino({ level: 'silent' }) } as unknown as PlatformContext<SlackSettings>;
    await expect(slackPlatform.start(context)).rejects.toThrow(/SLACK_SIGNING_SECRET/);
  });
});
