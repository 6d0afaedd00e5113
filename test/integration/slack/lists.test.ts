import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ACTION, SELECT_BLOCK } from '../../../adapters/slack/blocks.js';
import { ADMIN1, ADMIN2, buttonOf, CHANNEL, elementsOf, idOf, MEMBER, shown, SlackHarness, textOf } from './harness.js';

type Json = Record<string, unknown>;
const VIEWER = 'UVIEWER9';

/** Lists: pages with Next/Previous, per-note buttons by role, tick-and-delete. */
describe('Slack: lists, pagination and checkboxes', () => {
  const h = new SlackHarness();
  beforeAll(async () => {
    await h.start('slacklist');
    // 23 notes on one record: three pages of 10.
    for (let i = 1; i <= 23; i += 1) await h.ask(MEMBER, `add acct-page note number ${i} #paged`);
    await h.ask(ADMIN1, `roles grant <@${VIEWER}> viewer`);
  });
  afterAll(() => h.stop());

  const noteIdsIn = (msg: Json) => elementsOf(msg, ACTION.deleteNote).map(idOf);

  let firstPage: Json = {};

  test('list: 10 notes a page, newest first, one section each with a Delete button, and a Next button', async () => {
    firstPage = await h.ask(ADMIN1, 'list record:acct-page');
    expect(textOf(firstPage.blocks)).toContain('10+ notes matching record:acct-page — page 1');
    expect(noteIdsIn(firstPage)).toHaveLength(10);
    expect(textOf(firstPage.blocks)).toContain('note number 23');
    expect(textOf(firstPage.blocks)).not.toContain('note number 13');
    expect(elementsOf(firstPage, ACTION.pagePrevious)).toHaveLength(0);
    expect(JSON.parse(String(buttonOf(firstPage, ACTION.pageNext).value))).toMatchObject({ s: 'live', f: 'record:acct-page', p: expect.stringMatching(/^2,a[0-9a-z]+,/) });
  });

  test('Next and Previous replace the message with the neighbouring page', async () => {
    const second = await h.replyTo(await h.click(ADMIN1, buttonOf(firstPage, ACTION.pageNext)));
    expect(second.replace_original).toBe(true);
    expect(textOf(second.blocks)).toContain('20+ notes matching record:acct-page — page 2');
    expect(textOf(second.blocks)).toContain('note number 13');
    const third = await h.replyTo(await h.click(ADMIN1, buttonOf(second, ACTION.pageNext)));
    expect(textOf(third.blocks)).toContain('23 notes matching record:acct-page — page 3 of 3');
    expect(noteIdsIn(third)).toHaveLength(3);
    expect(elementsOf(third, ACTION.pageNext)).toHaveLength(0);
    const back = await h.replyTo(await h.click(ADMIN1, buttonOf(third, ACTION.pagePrevious)));
    expect(textOf(back.blocks)).toContain('— page 2');
    expect(noteIdsIn(back)).toEqual(noteIdsIn(second));
  });

  test('a forged page value is refused like bad typed input, and changes nothing', async () => {
    const forged = { action_id: ACTION.pageNext, value: JSON.stringify({ s: 'live', f: 'record:acct-page', p: 0 }) };
    const reply = await h.replyTo(await h.click(ADMIN1, forged));
    expect(reply.response_type).toBe('ephemeral');
    expect(shown(reply.text)).toBe('That page button is not one this bot made; run the list again.\nUsage: list [filter] [page:<n>]');
    const garbage = await h.replyTo(await h.click(ADMIN1, { action_id: ACTION.pageNext, value: 'not json' }));
    expect(String(garbage.text)).toMatch(/^That page button is not one this bot made/);
  });

  test('admins get checkboxes (one per note, values are note ids) and "Delete selected"; members do not', async () => {
    const boxes = elementsOf(firstPage, ACTION.select);
    expect(boxes).toHaveLength(1);
    expect((boxes[0].options as Json[]).map((o) => o.value)).toEqual(noteIdsIn(firstPage));
    expect(buttonOf(firstPage, ACTION.deleteSelected).style).toBe('danger');
    const memberView = await h.ask(MEMBER, 'list record:acct-page');
    expect(elementsOf(memberView, ACTION.select)).toHaveLength(0);
    expect(elementsOf(memberView, ACTION.deleteSelected)).toHaveLength(0);
    expect(noteIdsIn(memberView)).toHaveLength(10);
  });

  test('tick two notes, "Delete selected": a preview modal of exactly those, confirm deletes exactly those', async () => {
    const picked = noteIdsIn(firstPage).slice(0, 2);
    const ticked = { [SELECT_BLOCK]: { [ACTION.select]: { type: 'checkboxes', selected_options: picked.map((value) => ({ value })) } } };
    const click = await h.click(ADMIN1, buttonOf(firstPage, ACTION.deleteSelected), { state: ticked });
    const { view } = await h.modalAfter(click);
    expect(textOf(view.blocks)).toContain('Bulk delete p-');
    expect(textOf(view.blocks)).toContain('the 2 selected notes');
    for (const id of picked) expect(textOf(view.blocks)).toContain(id);
    await h.answerModal(ADMIN1, view, 'view_submission');
    const done = await h.replyTo(click);
    expect(textOf(done.blocks)).toContain('deleted 2 notes');
    for (const id of picked) expect((await h.app.deps.notes.findById(id))?.deletedBy).toBe(`slack:${ADMIN1}`);
    expect(await h.app.deps.notes.count({ state: 'live', recordId: 'acct-page' })).toBe(21);
  });

  test('"Delete selected" with nothing ticked is refused with a clear line', async () => {
    const click = await h.click(ADMIN1, buttonOf(firstPage, ACTION.deleteSelected), { state: {} });
    const reply = await h.replyTo(click);
    expect(shown(reply.text)).toBe('No notes were selected.\nUsage: delete-selected <noteId> <noteId...>');
    expect(h.fake.calls.slice(click.mark).filter((c) => c.method === 'views.open')).toHaveLength(0);
  });

  test('a member forging a "Delete selected" click is refused by the action table (admin only)', async () => {
    const picked = noteIdsIn(firstPage).slice(2, 3);
    const ticked = { [SELECT_BLOCK]: { [ACTION.select]: { type: 'checkboxes', selected_options: picked.map((value) => ({ value })) } } };
    const click = await h.click(MEMBER, { action_id: ACTION.deleteSelected, value: 'selected' }, { state: ticked });
    const { view } = await h.modalAfter(click);
    expect(textOf(view.blocks)).toContain('"delete-selected" needs the admin role; you are a member.');
    expect((await h.app.deps.notes.findById(picked[0]))?.deletedAt).toBeNull();
  });

  test('a viewer clicking Delete is refused; the note stays', async () => {
    const id = noteIdsIn(firstPage)[3];
    const reply = await h.replyTo(await h.click(VIEWER, buttonOf(firstPage, ACTION.deleteNote, id)));
    expect(reply.text).toBe('"delete" needs the member role; you are a viewer.');
    expect((await h.app.deps.notes.findById(id))?.deletedAt).toBeNull();
  });

  test('an admin clicking Delete on a list gets the confirm message for that note', async () => {
    const id = noteIdsIn(firstPage)[4];
    const reply = await h.replyTo(await h.click(ADMIN1, buttonOf(firstPage, ACTION.deleteNote, id)));
    expect(reply.replace_original).toBe(false);
    expect(textOf(reply.blocks)).toContain('Delete this note?');
    expect(buttonOf(reply, ACTION.confirmYes).confirm).toBeDefined();
  });

  test('without APPROVAL_CHANNEL the card goes to the channel of the request; approval deletes the note', async () => {
    const id = noteIdsIn(firstPage)[5];
    const mark = h.fake.calls.length;
    await h.replyTo(await h.click(MEMBER, buttonOf(firstPage, ACTION.deleteNote, id)));
    const posted = await h.fake.waitFor((c) => c.method === 'chat.postMessage', { from: mark });
    expect(posted.body.channel).toBe(CHANNEL);
    const reply = await h.replyTo(await h.click(ADMIN2, buttonOf(posted.body, ACTION.approve)));
    expect(String(reply.text)).toContain(`Deleted note ${id}`);
    const note = await h.app.deps.notes.findById(id);
    expect(note?.deletedBy).toBe(`slack:${MEMBER}`);
    const audit = await h.app.deps.audit.query({ targetIds: [id], limit: 10 });
    expect(audit.find((e) => e.action === 'note.delete')?.details).toMatchObject({ requestedBy: `slack:${MEMBER}` });
  });

  test('trash shows Restore buttons for admins; a member gets a refusal', async () => {
    const trash = await h.ask(ADMIN1, 'trash record:acct-page');
    expect(elementsOf(trash, ACTION.restoreNote).length).toBe(3);
    const id = idOf(elementsOf(trash, ACTION.restoreNote)[0]);
    const refused = await h.replyTo(await h.click(MEMBER, buttonOf(trash, ACTION.restoreNote, id)));
    expect(refused.text).toBe('"restore" needs the admin role; you are a member.');
    const restored = await h.replyTo(await h.click(ADMIN1, buttonOf(trash, ACTION.restoreNote, id)));
    expect(String(restored.text)).toContain(`Restored note ${id}`);
  });
});
