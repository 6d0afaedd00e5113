import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { english } from '../../../adapters/chat/i18n/index.js';
import { cardOf } from './fakeConnector.js';
import { action, cardText, CONVERSATION, invokeCardOf, invokeMessageOf, sentCard, sentTexts, TeamsHarness, TENANT, user } from './harness.js';

const GENERIC_FAILURE = english.t('card.genericFailure');

const admin = user('admin-1');
const member = user('member-1');

describe('Teams: notes commands over POST /api/messages', () => {
  const h = new TeamsHarness();
  beforeAll(() => h.start('teamscmd', { APPROVAL_CHANNEL: 'C0SLACKAPPROVALS' }));
  afterAll(() => h.stop());

  let noteId = '';

  test('add: the @mention is stripped, the actor is teams:<aadObjectId> and the reply is a threaded card', async () => {
    const res = await h.say(member, 'notes add acct-42 Called the buyer, wants a demo #followup');
    expect(res.status).toBe(200);
    expect(res.sent).toHaveLength(1);
    expect(res.sent[0].method).toBe('POST');
    expect(res.sent[0].activityId).toMatch(/^in-/); // a reply to the user's message
    const text = cardText(sentCard(res));
    noteId = /Added note (n-[a-z0-9]+)/.exec(text)?.[1] ?? '';
    expect(noteId).not.toBe('');
    expect(text).toContain('#followup');
    const note = await h.app.deps.notes.findById(noteId);
    expect(note?.authorId).toBe('teams:member-1');
  });

  test('the tenant is recorded with the action in the audit log', async () => {
    const [entry] = await h.app.deps.audit.query({ targetIds: [noteId], limit: 5 });
    expect(entry.actorId).toBe('teams:member-1');
    expect(entry.tenantId).toBe(TENANT);
  });

  test('help lists the commands for the role; "notes" alone is help', async () => {
    const res = await h.say(member, 'notes');
    const text = cardText(sentCard(res));
    expect(text).toContain('Commands for you (member)');
    expect(text).toContain('add <recordId> <text...>');
    expect(text).not.toContain('bulk-delete');
  });

  test('show renders the note with a Delete button', async () => {
    const res = await h.say(member, `notes show ${noteId}`);
    const card = sentCard(res);
    expect(cardText(card)).toContain('acct-42');
    expect(action(card, 'Delete').data).toEqual({ cmd: `delete ${noteId}` });
  });

  test('bad input gets the reason and the usage line; unknown commands are refused', async () => {
    const bad = await h.say(member, 'notes show');
    expect(sentTexts(bad).join('\n')).toMatch(/show needs a note id\.\n\nUsage: show <noteId>/);
    const unknown = await h.say(member, 'notes frobnicate');
    expect(sentTexts(unknown).join('\n')).toContain('Unknown command "frobnicate"');
  });

  test('a member may not run admin commands: clear refusal, nothing changes', async () => {
    const res = await h.say(member, 'notes trash');
    expect(sentTexts(res).join('\n')).toContain('"trash" needs the admin role; you are a member.');
  });

  test('a re-delivered message (same activity id) acts once', async () => {
    const activity = h.activity(member, { type: 'message', text: 'notes add acct-9 once only' });
    const first = await h.post(activity);
    const second = await h.post(activity);
    expect(first.sent).toHaveLength(1);
    expect(second.status).toBe(200);
    expect(second.sent).toHaveLength(0);
    const list = await h.app.deps.notes.matchIds({ recordId: 'acct-9', state: 'live' }, 10);
    expect(list).toHaveLength(1);
  });

  test('admin delete: confirmation card, Confirm replaces it with the outcome and Undo, Undo restores', async () => {
    const ask = await h.say(admin, `notes delete ${noteId} duplicate`);
    const confirmCard = sentCard(ask);
    expect(cardText(confirmCard)).toContain('Delete this note?');
    expect((await h.app.deps.notes.findById(noteId))?.deletedAt).toBeNull();

    const confirmed = await h.click(admin, action(confirmCard, 'Delete').data, CONVERSATION, ask.sent[0].assignedId);
    expect(confirmed.status).toBe(200);
    const outcomeCard = invokeCardOf(confirmed.body);
    expect(cardText(outcomeCard)).toContain(`Deleted note ${noteId}`);
    // The clicker sees the answer card; everyone else sees the posted card updated in place.
    expect(confirmed.sent.map((c) => [c.method, c.activityId])).toEqual([['PUT', ask.sent[0].assignedId]]);
    expect(cardOf(confirmed.sent[0].body)).toEqual(outcomeCard);
    expect((await h.app.deps.notes.findById(noteId))?.deletedBy).toBe('teams:admin-1');

    const again = await h.click(admin, action(confirmCard, 'Delete').data);
    expect(invokeMessageOf(again.body)).toContain('already confirmed');

    const undone = await h.click(admin, action(outcomeCard, 'Undo').data);
    expect(cardText(invokeCardOf(undone.body))).toContain(`Restored note ${noteId}`);
    expect((await h.app.deps.notes.findById(noteId))?.deletedAt).toBeNull();
  });

  test('Cancel leaves the note alone; only the admin who asked may answer', async () => {
    const ask = await h.say(admin, `notes delete ${noteId}`);
    const confirmCard = sentCard(ask);
    const intruder = await h.click(user('admin-2'), action(confirmCard, 'Delete').data);
    expect(invokeMessageOf(intruder.body)).toContain('Only teams:admin-1, who asked for this, can answer it.');
    const cancelled = await h.click(admin, action(confirmCard, 'Cancel').data);
    expect(cardText(invokeCardOf(cancelled.body))).toContain('cancelled; the note is unchanged');
    expect((await h.app.deps.notes.findById(noteId))?.deletedAt).toBeNull();
  });

  test('APPROVAL_CHANNEL holding a Slack id: a Teams member delete posts the approval card in its own conversation', async () => {
    const res = await h.say(member, `notes delete ${noteId} wrong account`);
    const posted = res.sent.filter((c) => !c.activityId);
    expect(posted).toHaveLength(1);
    expect(posted[0].conversationId).toBe(CONVERSATION);
    expect(cardText(cardOf(posted[0].body))).toContain('Approval needed');
    expect(cardText(cardOf(res.sent.find((c) => c.activityId)!.body))).toMatch(/Approval request r-\w+ sent/);
    expect((await h.app.deps.notes.findById(noteId))?.deletedAt).toBeNull();
  });

  test('an Action.Submit from an older card (a message with value, no text) runs like a click', async () => {
    const res = await h.post(h.activity(member, { type: 'message', value: { cmd: `show ${noteId}` } }));
    expect(cardText(sentCard(res))).toContain(`Note ${noteId}`);
  });

  test('a button with data that is not ours is refused', async () => {
    const res = await h.click(admin, { something: 'else' });
    expect(invokeMessageOf(res.body)).toContain('That button is not one of mine');
  });

  test('an unexpected failure: the user gets a generic sentence, never the internal detail', async () => {
    const spy = jest.spyOn(h.app.dispatcher, 'execute');
    spy.mockRejectedValueOnce(new Error('connection pool exploded at 10.0.0.7')).mockRejectedValueOnce(new Error('connection pool exploded at 10.0.0.7'));
    try {
      const typed = await h.say(member, 'notes list');
      expect(typed.status).toBe(200);
      expect(sentTexts(typed)).toEqual([GENERIC_FAILURE]);
      const clicked = await h.click(member, { cmd: 'list page:2' });
      expect(invokeMessageOf(clicked.body)).toBe(GENERIC_FAILURE);
    } finally {
      spy.mockRestore();
    }
  });

  test('every card so far passed the shared Adaptive Card assertion', () => {
    expect(h.cardsChecked).toBeGreaterThanOrEqual(8);
  });
});
