import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ACTION } from '../../../adapters/slack/blocks.js';
import { PLAN_VIEW } from '../../../adapters/slack/views.js';
import { ADMIN1, ADMIN2, buttonOf, CHANNEL, elementsOf, idOf, MEMBER, SlackHarness, textOf } from './harness.js';

type Json = Record<string, unknown>;
const APPROVALS = 'C0APPROVALS';

/**
 * Bulk delete in a modal, and the two-person rule in a channel: the card goes to
 * APPROVAL_CHANNEL, only another admin can decide, the first decision wins, the card is updated
 * in place and the requester is told.
 */
describe('Slack: bulk delete modal and in-channel approvals', () => {
  const h = new SlackHarness();
  beforeAll(async () => {
    await h.start('slackappr', { APPROVAL_CHANNEL: APPROVALS });
    for (let i = 1; i <= 5; i += 1) await h.ask(MEMBER, `add acct-${i} old pricing sheet #stale`);
    for (let i = 1; i <= 2; i += 1) await h.ask(MEMBER, `add acct-9 draft ${i} #draft`);
  });
  afterAll(() => h.stop());

  const liveCount = (tag: string) => h.app.deps.notes.count({ state: 'live', tags: [tag] });

  let card: Json = {};
  let requestId = '';

  test('bulk-delete opens a modal first (inside the trigger_id lifetime), then shows the frozen preview', async () => {
    const sent = await h.command(ADMIN1, 'bulk-delete tag:stale');
    expect(sent.status).toBe(200);
    const { opened, updated, view } = await h.modalAfter(sent);
    expect(h.fake.calls.indexOf(opened)).toBeLessThan(h.fake.calls.indexOf(updated));
    expect(String(opened.body.trigger_id)).toMatch(/^trigger-/);
    expect(textOf(view.blocks)).toContain('5 notes match tag:stale');
    expect(textOf(view.blocks)).toContain('a second admin must approve');
    expect(textOf(view.submit)).toBe('Request approval');
    expect(view.callback_id).toBe(PLAN_VIEW);
    expect(view.notify_on_close).toBe(true);
    expect(await liveCount('stale')).toBe(5);

    const submitted = await h.answerModal(ADMIN1, view, 'view_submission');
    expect(submitted.status).toBe(200);
    const posted = await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === APPROVALS, { from: submitted.mark });
    card = posted.body;
    requestId = String(buttonOf(card, ACTION.approve).value);
    expect(buttonOf(card, ACTION.reject).value).toBe(requestId);
    expect(textOf(card.blocks)).toContain(`<@${ADMIN1}>`);
    // The requester hears back on the command's own response_url.
    const told = await h.replyTo(sent);
    expect(String(told.text)).toContain(`Approval request ${requestId} sent`);
    const stored = await h.app.deps.approvals.find(requestId);
    expect(stored?.message).toEqual({ platform: 'slack', channelId: APPROVALS, messageId: expect.stringMatching(/^\d+\.\d+$/) });
    expect(stored?.origin).toEqual({ platform: 'slack', channelId: CHANNEL });
    expect(await liveCount('stale')).toBe(5);
  });

  test('the requester cannot approve their own request: ephemeral refusal, card unchanged', async () => {
    const reply = await h.replyTo(await h.click(ADMIN1, buttonOf(card, ACTION.approve), { channelId: APPROVALS }));
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.replace_original).toBe(false);
    expect(reply.text).toBe('You cannot decide your own request: another admin must (two-person rule).');
    expect(h.fake.callsTo('chat.update')).toHaveLength(0);
  });

  test('a member cannot approve: ephemeral refusal', async () => {
    const reply = await h.replyTo(await h.click(MEMBER, buttonOf(card, ACTION.approve), { channelId: APPROVALS }));
    expect(reply.text).toBe('"approve" needs the admin role; you are a member.');
    expect((await h.app.deps.approvals.find(requestId))?.status).toBe('pending');
  });

  test('"approvals" lists the pending request with Approve / Reject buttons', async () => {
    const list = await h.ask(ADMIN2, 'approvals');
    expect(textOf(list.blocks)).toContain(requestId);
    expect(buttonOf(list, ACTION.approve, requestId).style).toBe('primary');
  });

  test('a second admin double-clicks Approve: the plan runs once, the card is updated in place once, the requester is told', async () => {
    const mark = h.fake.calls.length;
    const approve = buttonOf(card, ACTION.approve);
    const [a, b] = await Promise.all([h.click(ADMIN2, approve, { channelId: APPROVALS }), h.click(ADMIN2, approve, { channelId: APPROVALS })]);
    const texts = [await h.replyTo(a), await h.replyTo(b)].map((r) => String(r.text));
    expect(texts.filter((t) => t.startsWith(`Request ${requestId} approved by slack:${ADMIN2}`))).toHaveLength(1);
    expect(texts.filter((t) => t.startsWith(`Request ${requestId} was already approved by slack:${ADMIN2}`))).toHaveLength(1);
    expect(texts.join('\n')).toContain('deleted 5 notes');
    expect(await liveCount('stale')).toBe(0);

    const update = await h.fake.waitFor((c) => c.method === 'chat.update', { from: mark });
    expect(update.body.channel).toBe(APPROVALS);
    expect(update.body.ts).toBe((await h.app.deps.approvals.find(requestId))?.message?.messageId);
    expect(textOf(update.body.blocks)).toContain(`Approved by <@${ADMIN2}>`);
    expect(elementsOf(update.body, ACTION.approve)).toHaveLength(0);
    const told = await h.fake.waitFor((c) => c.method === 'chat.postEphemeral' && c.body.user === ADMIN1, { from: mark });
    expect(told.body.channel).toBe(CHANNEL);
    expect(textOf(told.body.blocks)).toContain(`was approved by <@${ADMIN2}>`);
    // Both clicks were answered above, and a click is answered only after its decision's card
    // update and notice were sent: by now a second update would be recorded. Another click on
    // the card, answered in full, makes sure nothing was still on its way.
    await h.replyTo(await h.click(ADMIN2, approve, { channelId: APPROVALS }));
    expect(h.fake.callsTo('chat.update').filter((c) => c.body.ts === update.body.ts)).toHaveLength(1);
  });

  test('a click after the decision is told who decided', async () => {
    const reply = await h.replyTo(await h.click(ADMIN2, buttonOf(card, ACTION.reject), { channelId: APPROVALS }));
    expect(reply.text).toMatch(new RegExp(`^Request ${requestId} was already approved by slack:${ADMIN2} at `));
  });

  test("a member's delete becomes an approval request; a reject updates the card and leaves the note", async () => {
    const list = await h.ask(MEMBER, 'list tag:draft');
    const noteId = idOf(elementsOf(list, ACTION.deleteNote)[0]);
    const asked = await h.replyTo(await h.click(MEMBER, buttonOf(list, ACTION.deleteNote, noteId)));
    expect(String(asked.text)).toMatch(/^Approval request \S+ sent: note /);
    const posted = await h.fake.waitFor((c) => c.method === 'chat.postMessage' && textOf(c.body.blocks).includes(noteId));
    const memberCard = posted.body;
    const mark = h.fake.calls.length;
    const reply = await h.replyTo(await h.click(ADMIN1, buttonOf(memberCard, ACTION.reject), { channelId: APPROVALS }));
    expect(String(reply.text)).toContain(`rejected by slack:${ADMIN1}`);
    const update = await h.fake.waitFor((c) => c.method === 'chat.update', { from: mark });
    expect(textOf(update.body.blocks)).toContain(`Rejected by <@${ADMIN1}>`);
    const told = await h.fake.waitFor((c) => c.method === 'chat.postEphemeral' && c.body.user === MEMBER, { from: mark });
    expect(textOf(told.body.blocks)).toContain('was rejected');
    expect((await h.app.deps.notes.findById(noteId))?.deletedAt).toBeNull();
  });

  test('closing the preview modal cancels the plan: nothing deleted', async () => {
    const sent = await h.command(ADMIN1, 'bulk-delete tag:draft');
    const { view } = await h.modalAfter(sent);
    expect(textOf(view.submit)).toBe('Delete 2 notes');
    const closed = await h.answerModal(ADMIN1, view, 'view_closed');
    expect(closed.status).toBe(200);
    const told = await h.replyTo(sent);
    expect(String(told.text)).toMatch(/^Bulk delete \S+ cancelled; nothing was deleted\.$/);
    expect(await liveCount('draft')).toBe(2);
  });

  test('below the threshold, confirming runs the plan; its Undo button restores every note', async () => {
    const sent = await h.command(ADMIN1, 'bulk-delete tag:draft');
    const { view } = await h.modalAfter(sent);
    await h.answerModal(ADMIN1, view, 'view_submission');
    const done = await h.replyTo(sent);
    expect(textOf(done.blocks)).toContain('deleted 2 notes');
    expect(await liveCount('draft')).toBe(0);
    const undo = await h.click(ADMIN1, buttonOf(done, ACTION.undoPlan));
    expect(String((await h.replyTo(undo)).text)).toMatch(/^Undid bulk delete \S+: restored 2 notes\.$/);
    expect(await liveCount('draft')).toBe(2);
  });

  test('a bulk delete that cannot run shows why inside the modal', async () => {
    const sent = await h.command(ADMIN1, 'bulk-delete tag:nothing-has-this');
    const { view } = await h.modalAfter(sent);
    expect(textOf(view.blocks)).toContain('No live notes match "tag:nothing-has-this"; nothing to delete.');
    expect(view.submit).toBeUndefined();
  });
});
