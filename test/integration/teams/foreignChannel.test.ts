import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { cardOf } from './fakeConnector.js';
import { cardText, CONVERSATION, TeamsHarness, user } from './harness.js';

/**
 * APPROVAL_CHANNEL naming a Feishu chat (`feishu:oc_...`) is not a Teams conversation, though it
 * has the `<word>:` shape Teams ids have: a Teams request's card goes to its own conversation.
 */
const h = new TeamsHarness();
beforeAll(() => h.start('teamsforeign', { APPROVAL_CHANNEL: 'feishu:oc_approvals' }));
afterAll(() => h.stop());

test('a Teams member delete posts the approval card in its own conversation, not to "feishu:oc_approvals"', async () => {
  const added = await h.say(user('member-1'), 'notes add acct-1 to be deleted');
  const noteId = /Added note (\S+) /.exec(cardText(cardOf(added.sent[0].body)))?.[1];
  const res = await h.say(user('member-1'), `notes delete ${noteId}`);
  const posted = res.sent.filter((c) => !c.activityId);
  expect(posted).toHaveLength(1);
  expect(posted[0].conversationId).toBe(CONVERSATION);
  expect(cardText(cardOf(posted[0].body))).toContain('Approval needed');
});
