import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { toActor } from '../../../src/domain/actor.js';
import { cardOf, FakeConnector, type ConnectorCall } from './fakeConnector.js';
import { action, BOT, cardText, CONVERSATION, sentCard, TeamsHarness, user } from './harness.js';

const admin2 = user('admin-2');
const member = user('member-1');
const APPROVALS = '19:approvals@thread.tacv2';
const FROM_API = '19:from-api@thread.tacv2';

/**
 * Every conversation is reached at its own service URL: the approval conversation is served by
 * another region than the requester's, and a request from the ingestion API (whose origin names
 * only a conversation) still gets its card.
 */
describe('Teams: approval cards go to the approval conversation at its own service URL', () => {
  const h = new TeamsHarness();
  /** The region that serves the approval conversation; the harness's connector serves the requesters'. */
  const approvalsRegion = new FakeConnector();
  const callsIn = (connector: FakeConnector, conversationId: string) => connector.calls.filter((c) => c.conversationId === conversationId);
  let regionUrl = '';
  /** A message in the approval conversation, as the other region delivers it. */
  const sayInApprovals = (text: string) =>
    h.post(
      h.activity(
        admin2,
        { type: 'message', text: `<at>${BOT.name}</at> ${text}`, entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }], serviceUrl: regionUrl },
        APPROVALS,
      ),
    );

  beforeAll(async () => {
    regionUrl = `${(await approvalsRegion.start()).url}/`;
    // Bulk deletes by an admin need no approval here: the progress test runs one from the approval conversation.
    await h.start('teamsurls', { APPROVAL_CHANNEL: APPROVALS, BULK_APPROVAL_THRESHOLD: '100' });
    // An admin speaks in the approval conversation: the bot learns where it is served.
    await sayInApprovals('notes help');
    expect(callsIn(approvalsRegion, APPROVALS)).toHaveLength(1); // the help reply
    await h.say(member, 'notes add acct-1 first note');
    await h.say(member, 'notes add acct-2 second note');
  });
  afterAll(async () => {
    await h.stop();
    await approvalsRegion.stop();
  });

  const noteOf = async (recordId: string) => (await h.app.deps.notes.matchIds({ recordId, state: 'live' }, 1))[0];

  test("a member's delete: the card is posted, and updated on decision, at the approval conversation's URL", async () => {
    const noteId = await noteOf('acct-1');
    const before = approvalsRegion.calls.length;
    const asked = await h.say(member, `notes delete ${noteId}`);
    expect(cardText(sentCard(asked))).toMatch(/Approval request r-\w+ sent/);
    expect(asked.sent.filter((c) => c.conversationId === APPROVALS)).toEqual([]);
    const [posted, ...more] = approvalsRegion.since(before);
    expect(more).toEqual([]);
    expect(posted).toMatchObject({ method: 'POST', conversationId: APPROVALS });
    expect(cardText(cardOf(posted.body))).toContain('Approval needed');

    const [pending] = await h.app.deps.approvals.listPending(new Date());
    // Where the card is, not how to reach it: that is looked up per conversation when needed.
    expect(pending.message).toEqual({ platform: 'teams', channelId: APPROVALS, messageId: posted.assignedId });

    const decided = await h.say(admin2, `notes approve ${pending.id}`);
    const [update] = approvalsRegion.since(before + 1);
    expect(update).toMatchObject({ method: 'PUT', conversationId: APPROVALS, activityId: posted.assignedId });
    expect(cardText(cardOf(update.body))).toContain(`Request ${pending.id} approved`);
    // The requester is told where they asked, at their own conversation's URL.
    const told = decided.sent.filter((c: ConnectorCall) => c.method === 'POST' && !c.activityId && c.conversationId === CONVERSATION);
    expect(told.map((c) => c.body.text)).toEqual([expect.stringContaining(`your request ${pending.id}`)]);
    expect((await h.app.deps.notes.findById(noteId))?.deletedAt).not.toBeNull();
  });

  test('a request from the ingestion API (no service URL anywhere) still gets its card', async () => {
    const noteId = await noteOf('acct-2');
    const before = approvalsRegion.calls.length;
    await h.app.dispatcher.execute({ actor: toActor('teams:member-1'), origin: { platform: 'teams', channelId: FROM_API } }, { name: 'delete', noteId, reason: 'from the API' });
    const [posted] = approvalsRegion.since(before);
    expect(posted).toMatchObject({ method: 'POST', conversationId: APPROVALS });
    expect(cardText(cardOf(posted.body))).toContain('from the API');
    const [pending] = await h.app.deps.approvals.listPending(new Date());
    expect(pending.message?.messageId).toBe(posted.assignedId);
  });

  test('a long operation asked for in the approval conversation: its progress card is posted and updated at that URL', async () => {
    for (let i = 1; i <= 12; i += 1) await h.say(member, `notes add acct-3 bulk row ${i} #bulk`);
    let mark = approvalsRegion.calls.length;
    await sayInApprovals('notes bulk-delete tag:bulk');
    const [preview] = approvalsRegion.since(mark);
    mark = approvalsRegion.calls.length;
    await sayInApprovals(`notes ${String(action(cardOf(preview.body), 'Delete 12 notes').data.cmd)}`);
    // More than a page of notes runs in the background; at its end the requester is told in a plain message.
    const told = () => approvalsRegion.since(mark).find((c) => c.method === 'POST' && !cardOf(c.body) && c.body.text?.includes('teams:admin-2'));
    const deadline = Date.now() + 30_000;
    while (!told() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(told()).toBeDefined();
    const calls = approvalsRegion.since(mark);
    const progressCard = calls.find((c) => c.method === 'POST' && !c.activityId && cardText(cardOf(c.body)).includes('12'));
    expect(progressCard?.conversationId).toBe(APPROVALS);
    expect(calls.filter((c) => c.method === 'PUT' && c.activityId === progressCard?.assignedId).length).toBeGreaterThanOrEqual(1);
    expect(await h.app.deps.notes.matchIds({ tags: ['bulk'], state: 'live' }, 100)).toEqual([]);
    expect(callsIn(h.connector, APPROVALS)).toEqual([]);
  });
});
