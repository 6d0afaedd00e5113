import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { cardOf } from './fakeConnector.js';
import { action, actionsOf, type BotResponse, cardText, CONVERSATION, invokeCardOf, invokeMessageOf, sentCard, sentTexts, TeamsHarness, user } from './harness.js';
import { english } from '../../../adapters/chat/i18n/index.js';
import { approvalSubject } from '../../../adapters/chat/words.js';

const admin1 = user('admin-1');
const admin2 = user('admin-2');
const member = user('member-1');
const APPROVALS = '19:approvals@thread.tacv2';

/** The card the bot replied with in the conversation the user typed in. */
const replyCard = (res: BotResponse) => sentCard({ ...res, sent: res.sent.filter((c) => c.conversationId === CONVERSATION && c.activityId) });

describe('Teams: approvals with two admins', () => {
  const h = new TeamsHarness();
  beforeAll(async () => {
    await h.start('teamsappr', { APPROVAL_CHANNEL: APPROVALS });
    for (let i = 1; i <= 5; i += 1) await h.say(member, `notes add acct-7 stale import row ${i} #import`);
    await h.say(member, 'notes add acct-8 keep me');
  });
  afterAll(() => h.stop());

  const noteIdsTagged = (tag: string) => h.app.deps.notes.matchIds({ tags: [tag], state: 'live' }, 100);

  test('bulk delete above the threshold: preview, confirm, approval card to the approval conversation', async () => {
    const preview = sentCard(await h.say(admin1, 'notes bulk-delete tag:import'));
    expect(cardText(preview)).toMatch(/Bulk delete p-\w+: 5 notes match tag:import/);
    expect(cardText(preview)).toContain('a second admin must approve');

    // Above the threshold the confirm button says what it does: it asks, it does not delete yet.
    expect(actionsOf(preview).map((a) => a.title)).toEqual(['Request approval', 'Cancel']);
    const confirmed = await h.click(admin1, action(preview, 'Request approval').data);
    expect(cardText(invokeCardOf(confirmed.body))).toMatch(/Approval request r-\w+ sent/);
    const posted = confirmed.sent.filter((c) => c.conversationId === APPROVALS);
    expect(posted).toHaveLength(1);
    expect(posted[0].activityId).toBeUndefined(); // a new message, not a reply
    const card = cardOf(posted[0].body);
    expect(cardText(card)).toContain('Approval needed');
    expect(actionsOf(card).map((a) => a.title)).toEqual(['Approve', 'Reject']);

    const [pending] = await h.app.deps.approvals.listPending(new Date());
    expect(pending.message).toEqual({ platform: 'teams', channelId: APPROVALS, messageId: posted[0].assignedId });
    expect(await noteIdsTagged('import')).toHaveLength(5);
  });

  test('the requester, and a member, are refused with a clear message; nothing changes', async () => {
    const [pending] = await h.app.deps.approvals.listPending(new Date());
    const self = await h.click(admin1, { cmd: `approve ${pending.id}` }, APPROVALS);
    expect(invokeMessageOf(self.body)).toBe('You cannot decide your own request: another admin must (two-person rule).');
    const byMember = await h.click(member, { cmd: `approve ${pending.id}` }, APPROVALS);
    expect(invokeMessageOf(byMember.body)).toBe('"approve" needs the admin role; you are a member.');
    expect(self.sent).toHaveLength(0);
    expect(byMember.sent).toHaveLength(0);
    expect((await h.app.deps.approvals.find(pending.id))?.status).toBe('pending');
    expect(await noteIdsTagged('import')).toHaveLength(5);
  });

  test('a second admin approves: plan runs, card updated in place with who decided, requester told', async () => {
    const [pending] = await h.app.deps.approvals.listPending(new Date());
    const res = await h.click(admin2, { cmd: `approve ${pending.id}` }, APPROVALS);
    expect(cardText(invokeCardOf(res.body))).toMatch(/Approved by teams:admin-2/);
    expect(cardText(invokeCardOf(res.body))).toMatch(/done: deleted 5 notes/);

    const update = res.sent.find((c) => c.method === 'PUT');
    expect(update?.conversationId).toBe(APPROVALS);
    expect(update?.activityId).toBe(pending.message?.messageId);
    expect(cardText(cardOf(update!.body))).toContain(`Request ${pending.id} approved`);
    expect(actionsOf(cardOf(update!.body))).toEqual([]);

    const told = res.sent.find((c) => c.method === 'POST' && c.conversationId === CONVERSATION);
    expect(told?.activityId).toBeUndefined();
    expect(told?.body.text).toBe(`teams:admin-1: your request ${pending.id} (${approvalSubject(pending, english)}) was approved and carried out by teams:admin-2.`);
    expect(await noteIdsTagged('import')).toHaveLength(0);
  });

  test('repeated clicks act once and are told who decided', async () => {
    expect(await h.app.deps.approvals.listPending(new Date())).toEqual([]);
    const decided = (await h.app.deps.audit.query({ limit: 50 })).find((e) => e.action === 'approval.approve');
    const requestId = decided!.targetIds[0];
    const again = await h.click(admin2, { cmd: `approve ${requestId}` }, APPROVALS);
    expect(invokeMessageOf(again.body)).toMatch(new RegExp(`^Request ${requestId} was already approved by teams:admin-2 at `));
    const rejectLate = await h.click(admin1, { cmd: `reject ${requestId}` }, APPROVALS);
    expect(invokeMessageOf(rejectLate.body)).toContain('already approved by teams:admin-2');
    const executions = (await h.app.deps.audit.query({ limit: 100 })).filter((e) => e.action === 'plan.execute' && e.details.finished);
    expect(executions).toHaveLength(1);
  });

  test('a member delete becomes an approval request; approvals lists it; reject by text updates the card', async () => {
    const [keep] = await h.app.deps.notes.matchIds({ recordId: 'acct-8', state: 'live' }, 1);
    const asked = await h.say(member, `notes delete ${keep} outdated`);
    expect(cardText(replyCard(asked))).toMatch(/Approval request r-\w+ sent\..*\nnote n-\w+ on acct-8/);
    const cardCall = asked.sent.find((c) => c.conversationId === APPROVALS);
    expect(cardText(cardOf(cardCall!.body))).toContain('outdated');

    const list = sentCard(await h.say(admin2, 'notes approvals'));
    expect(cardText(list)).toContain('1 pending request');
    const requestId = /approve (r-\S+)/.exec(String(action(list, 'Approve').data.cmd))![1];

    const rejected = await h.say(admin2, `notes reject ${requestId} keep it, still current`);
    expect(cardText(replyCard(rejected))).toContain('Rejected by teams:admin-2 at');
    expect(cardText(replyCard(rejected))).toContain('keep it, still current');
    const update = rejected.sent.find((c) => c.method === 'PUT');
    expect(update?.activityId).toBe(cardCall!.assignedId);
    expect(cardText(cardOf(update!.body))).toContain('Rejected by teams:admin-2');
    expect(sentTexts(rejected).join()).toContain(`teams:member-1: your request ${requestId}`);
    expect((await h.app.deps.notes.findById(keep))?.deletedAt).toBeNull();
  });

  test('approve by text works for a single-note request and the audit shows who approved', async () => {
    const [keep] = await h.app.deps.notes.matchIds({ recordId: 'acct-8', state: 'live' }, 1);
    const asked = await h.say(member, `notes delete ${keep}`);
    const requestId = /Approval request (r-\w+)/.exec(cardText(replyCard(asked)))![1];
    const approved = await h.say(admin1, `notes approve ${requestId}`);
    expect(cardText(replyCard(approved))).toContain(`Deleted note ${keep}`);
    const audit = cardText(sentCard(await h.say(admin1, `notes audit note:${keep}`)));
    expect(audit).toContain('teams:admin-1 approval.approve');
    expect(audit).toContain('note.delete');
    const verify = cardText(sentCard(await h.say(admin1, 'notes audit verify')));
    expect(verify).toContain('Audit log intact');
  });

  test('two admins clicking Approve at the same moment: one decision, the other is told who decided', async () => {
    await h.say(member, 'notes add acct-10 race me');
    const [noteId] = await h.app.deps.notes.matchIds({ recordId: 'acct-10', state: 'live' }, 1);
    const asked = await h.say(member, `notes delete ${noteId}`);
    const requestId = /Approval request (r-\w+)/.exec(cardText(replyCard(asked)))![1];
    const [a, b] = await Promise.all([h.click(admin1, { cmd: `approve ${requestId}` }, APPROVALS), h.click(admin2, { cmd: `approve ${requestId}` }, APPROVALS)]);
    const answers = [a, b].map((r) => invokeMessageOf(r.body) ?? cardText(invokeCardOf(r.body)));
    expect(answers.filter((t) => t.includes('already approved by'))).toHaveLength(1);
    expect(answers.filter((t) => t.includes(`Deleted note ${noteId}`))).toHaveLength(1);
    const deletes = (await h.app.deps.audit.query({ targetIds: [noteId], limit: 20 })).filter((e) => e.action === 'note.delete');
    expect(deletes).toHaveLength(1);
  });

  test('Reject on the card: the request is rejected in place and the note stays', async () => {
    await h.say(member, 'notes add acct-11 reject me');
    const [noteId] = await h.app.deps.notes.matchIds({ recordId: 'acct-11', state: 'live' }, 1);
    const asked = await h.say(member, `notes delete ${noteId}`);
    const card = cardOf(asked.sent.find((c) => c.conversationId === APPROVALS)!.body);
    const res = await h.click(admin2, action(card, 'Reject').data, APPROVALS);
    expect(cardText(invokeCardOf(res.body))).toContain('Rejected by teams:admin-2');
    expect(actionsOf(invokeCardOf(res.body))).toEqual([]);
    expect(res.sent.some((c) => c.method === 'PUT')).toBe(true);
    expect((await h.app.deps.notes.findById(noteId))?.deletedAt).toBeNull();
  });

  test('an empty bulk filter is refused with the usage', async () => {
    const res = await h.say(admin1, 'notes bulk-delete');
    expect(sentTexts(res).join()).toContain('Usage: bulk-delete <filter>');
  });

  test('a bulk delete at or below the threshold runs on confirm; undo by text restores it; cancel by text', async () => {
    for (let i = 1; i <= 2; i += 1) await h.say(member, `notes add acct-9 small batch ${i} #small`);
    const preview = sentCard(await h.say(admin1, 'notes bulk-delete tag:small'));
    expect(cardText(preview)).not.toContain('second admin');
    const confirmToken = String(action(preview, 'Delete 2 notes').data.cmd);
    const done = await h.say(admin1, `notes ${confirmToken}`);
    const planId = /Bulk delete (p-\w+) done/.exec(cardText(sentCard(done)))![1];
    expect(await noteIdsTagged('small')).toHaveLength(0);
    const undone = await h.say(admin1, `notes undo ${planId}`);
    expect(cardText(sentCard(undone))).toContain(`Undid bulk delete ${planId}: restored 2 notes`);

    const again = sentCard(await h.say(admin1, 'notes bulk-delete tag:small'));
    const cancelled = await h.say(admin1, `notes ${String(action(again, 'Cancel').data.cmd)}`);
    expect(cardText(sentCard(cancelled))).toContain('cancelled; nothing was deleted');
    expect(await noteIdsTagged('small')).toHaveLength(2);
  });

  test('roles: list shows the bootstrap admins', async () => {
    const text = cardText(sentCard(await h.say(admin1, 'notes roles')));
    expect(text).toContain('teams:admin-1 (NOTES_ADMINS)');
    expect(text).toContain('Everyone else: member');
  });
});
