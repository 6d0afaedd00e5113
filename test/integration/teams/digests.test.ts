import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { pino } from 'pino';
import { digestText, type Digest } from '../../../adapters/chat/digestPublisher.js';
import { MongoConversationAddresses } from '../../../adapters/mongo/conversationAddresses.js';
import { ServiceUrlBook } from '../../../adapters/teams/serviceUrls.js';
import { expectValidCard } from './cardAssertions.js';
import { cardOf, FakeConnector, type ConnectorCall } from './fakeConnector.js';
import { cardText, TeamsHarness, TENANT, user } from './harness.js';

const DIGEST_CONVERSATION = '19:backups@thread.tacv2';

const okDigest: Digest = {
  topic: 'backup',
  ok: true,
  title: 'Backup b-20261129 written and verified',
  lines: ['4 notes, 2 roles, 9 audit (+2 notes since the previous backup)', 'rotation removed 1 old backup'],
};
const failedDigest: Digest = { topic: 'backup-failed', ok: false, title: 'Backup FAILED (attempt 1)', lines: ['disk full', 'retrying at 02:05 UTC'] };

async function publishAndCollect(h: TeamsHarness, digest: Digest, channel: string | undefined): Promise<ConnectorCall[]> {
  const mark = h.connector.calls.length;
  await h.app.digests.publish(digest, channel);
  const calls = h.connector.since(mark);
  for (const call of calls) expectValidCard(cardOf(call.body));
  return calls;
}

describe('Teams digests with TEAMS_SERVICE_URL as the only known service URL', () => {
  const h = new TeamsHarness();
  beforeAll(() => h.start('teamsdigest', (connectorUrl) => ({ TEAMS_SERVICE_URL: `${connectorUrl}/` })));
  afterAll(() => h.stop());

  test('a digest arrives as a new card in the configured conversation, with a plain-text fallback', async () => {
    const [call, ...more] = await publishAndCollect(h, okDigest, DIGEST_CONVERSATION);
    expect(more).toEqual([]);
    expect(call).toMatchObject({ method: 'POST', conversationId: DIGEST_CONVERSATION });
    expect(call.activityId).toBeUndefined(); // a new post, not a reply
    const card = cardOf(call.body);
    const text = cardText(card);
    expect(text).toContain(okDigest.title);
    for (const line of okDigest.lines) expect(text).toContain(line);
    expect(card?.fallbackText).toBe(digestText(okDigest));
    expect(call.body.summary).toBe(okDigest.title);
    expect(JSON.stringify(card)).not.toContain('attention');
  });

  test('a failure digest is styled as a warning', async () => {
    const [call] = await publishAndCollect(h, failedDigest, `teams:${DIGEST_CONVERSATION}`);
    expect(call.conversationId).toBe(DIGEST_CONVERSATION);
    const card = cardOf(call.body) as { body: Array<Record<string, unknown>> };
    expect(card.body[0]).toMatchObject({ type: 'Container', style: 'attention' });
    expect(cardText(card)).toContain('disk full');
    expect(cardText(card)).toContain('Needs attention.');
  });

  test('a very long digest (a roles review of a big team) is cut to fit Teams\' card size limit', async () => {
    const lines = Array.from({ length: 500 }, (_, i) => `teams:user-${i} member since 2026-01-01 ${'x'.repeat(40)}`);
    const [call] = await publishAndCollect(h, { topic: 'roles-review', ok: true, title: 'Roles review', lines }, DIGEST_CONVERSATION);
    const card = cardOf(call.body);
    expect(JSON.stringify(card).length).toBeLessThan(28 * 1024);
    expect(cardText(card)).toContain('teams:user-59 ');
    expect(cardText(card)).not.toContain('teams:user-60 ');
    expect(cardText(card)).toContain('… and 440 more lines');
  });

  test('no channel, or a Slack channel id, is skipped without a post', async () => {
    expect(await publishAndCollect(h, okDigest, undefined)).toEqual([]);
    expect(await publishAndCollect(h, okDigest, 'C0SLACKOPS')).toEqual([]);
    expect(await publishAndCollect(h, okDigest, 'slack:C0SLACKOPS')).toEqual([]);
  });
});

describe('Teams digests use the service URL of conversations and tenants the bot has heard from', () => {
  const h = new TeamsHarness();
  /** Stands for the region TEAMS_SERVICE_URL names; the harness's connector is where users' activities come from. */
  const defaultRegion = new FakeConnector();
  let defaultServiceUrl = '';
  beforeAll(async () => {
    defaultServiceUrl = `${(await defaultRegion.start()).url}/`;
    await h.start('teamsdigesturl', { TEAMS_SERVICE_URL: defaultServiceUrl });
  });
  afterAll(async () => {
    await h.stop();
    await defaultRegion.stop();
  });

  test('before anyone spoke, the digest goes to TEAMS_SERVICE_URL', async () => {
    expect(await publishAndCollect(h, okDigest, DIGEST_CONVERSATION)).toEqual([]);
    expect(defaultRegion.calls).toMatchObject([{ method: 'POST', conversationId: DIGEST_CONVERSATION }]);
  });

  test('after a message from that conversation, its own service URL is used', async () => {
    await h.say(user('admin-1'), 'notes help', DIGEST_CONVERSATION);
    const [call] = await publishAndCollect(h, okDigest, DIGEST_CONVERSATION);
    expect(call).toMatchObject({ method: 'POST', conversationId: DIGEST_CONVERSATION });
    expect(defaultRegion.calls).toHaveLength(1);
  });

  test('a conversation not heard from yet uses its tenant\'s (the only tenant seen) service URL', async () => {
    const [call] = await publishAndCollect(h, okDigest, '19:quiet@thread.tacv2');
    expect(call).toMatchObject({ method: 'POST', conversationId: '19:quiet@thread.tacv2' });
    expect(defaultRegion.calls).toHaveLength(1);
  });

  test('the service URLs are stored, so another process (or a restart) knows them', async () => {
    const book = new ServiceUrlBook(new MongoConversationAddresses(h.app.connection.db!, pino({ level: 'silent' })), { defaultServiceUrl });
    expect(await book.lookup(DIGEST_CONVERSATION)).toBe(`${h.connector.url}/`);
    expect(await book.lookup('19:never@thread.tacv2', TENANT)).toBe(`${h.connector.url}/`);
    // A fresh book: the only stored tenant is found in the collection, not in memory.
    const fresh = new ServiceUrlBook(new MongoConversationAddresses(h.app.connection.db!, pino({ level: 'silent' })), { defaultServiceUrl });
    expect(await fresh.lookup('19:never@thread.tacv2')).toBe(`${h.connector.url}/`);
    expect(await book.lookup('19:never@thread.tacv2', 'another-tenant')).toBe(defaultServiceUrl);
  });
});
