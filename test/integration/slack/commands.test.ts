import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ACTION } from '../../../adapters/slack/blocks.js';
import { ADMIN1, ADMIN2, buttonOf, CHANNEL, MEMBER, shown, SlackHarness, textOf } from './harness.js';

type Json = Record<string, unknown>;
const blocksText = (msg: Json) => textOf(msg.blocks);
/** Every mrkdwn field: the text Slack parses for mentions, links and formatting. */
const mrkdwnOf = (value: unknown): string =>
  Array.isArray(value)
    ? value.map(mrkdwnOf).join('\n')
    : value && typeof value === 'object'
      ? (value as Json).type === 'mrkdwn'
        ? String((value as Json).text)
        : Object.values(value).map(mrkdwnOf).join('\n')
      : '';

describe('Slack: /notes subcommands over POST /slack/events', () => {
  const h = new SlackHarness();
  beforeAll(() => h.start('slackcmd'));
  afterAll(() => h.stop());

  let noteId = '';

  test('the app checked its token once with auth.test at start-up, with the bot token', () => {
    const auth = h.fake.callsTo('auth.test');
    expect(auth).toHaveLength(1);
    expect(auth[0].authorization).toBe('Bearer xoxb-test-token');
  });

  test('add: acked with 200 at once, answered ephemerally through the response_url, authored by slack:<user>', async () => {
    const sent = await h.command(MEMBER, 'add acct-42 Called the buyer, wants a demo #followup');
    expect(sent.status).toBe(200);
    const reply = await h.replyTo(sent);
    expect(reply.response_type).toBe('ephemeral');
    noteId = /Added note ([\w-]+)/.exec(blocksText(reply))?.[1] ?? '';
    expect(noteId).not.toBe('');
    expect(blocksText(reply)).toContain('#followup');
    const note = await h.app.deps.notes.findById(noteId);
    expect(note?.authorId).toBe(`slack:${MEMBER}`);
    expect(note?.tags).toEqual(['followup']);
  });

  test('help: "/notes" alone shows the commands for the role (a member sees no bulk-delete)', async () => {
    const reply = await h.ask(MEMBER, '');
    expect(blocksText(reply)).toContain('Commands for you (member)');
    expect(blocksText(reply)).not.toContain('bulk-delete');
    const admin = await h.ask(ADMIN1, 'help');
    expect(blocksText(admin)).toContain('bulk-delete');
  });

  test('show: the note in full with its id, author mention and a Delete button', async () => {
    const reply = await h.ask(MEMBER, `show ${noteId}`);
    expect(blocksText(reply)).toContain(noteId);
    expect(blocksText(reply)).toContain(`<@${MEMBER}>`);
    expect(blocksText(reply)).toContain('Called the buyer, wants a demo');
    expect(buttonOf(reply, ACTION.deleteNote).value).toBe(noteId);
  });

  test('note text is escaped: a note cannot ping the channel or forge a mention', async () => {
    const add = await h.ask(MEMBER, 'add acct-7 careful <!channel> & <@UFAKE> here');
    const id = /Added note ([\w-]+)/.exec(blocksText(add))?.[1] ?? '';
    // Escaped where Slack parses mrkdwn (a list row's excerpt); in plain_text, which Slack shows literally, as written.
    expect(mrkdwnOf((await h.ask(MEMBER, 'list record:acct-7')).blocks)).toContain('&lt;!channel&gt; &amp; &lt;@UFAKE&gt;');
    expect(mrkdwnOf(add.blocks)).not.toContain('<!channel>');
    expect(mrkdwnOf(add.blocks)).not.toContain('<@UFAKE>');
    expect(String(add.text)).not.toContain('<!channel>');
    for (const reply of [add, await h.ask(MEMBER, `show ${id}`)]) {
      const body = (reply.blocks as Array<{ text?: { type: string; text: string } }>).find((b) => b.text?.text.includes('careful'));
      expect(body?.text).toEqual({ type: 'plain_text', text: 'careful <!channel> & <@UFAKE> here', emoji: false });
    }
  });

  test('bad input: one ephemeral line saying what was wrong, plus the usage', async () => {
    const reply = await h.ask(MEMBER, 'add acct-42');
    expect(reply.response_type).toBe('ephemeral');
    expect(shown(reply.text)).toBe('add needs a record id and the note text.\nUsage: add <recordId> <text...>');
    const unknown = await h.ask(MEMBER, 'frobnicate');
    expect(unknown.text).toContain('Unknown command "frobnicate"');
  });

  test('delete by an admin: a confirm message with the note and a danger Delete button with a confirm dialog', async () => {
    const reply = await h.ask(ADMIN1, `delete ${noteId} duplicate`);
    expect(blocksText(reply)).toContain('Delete this note?');
    expect(blocksText(reply)).toContain(noteId);
    const yes = buttonOf(reply, ACTION.confirmYes);
    expect(yes.style).toBe('danger');
    expect(textOf((yes.confirm as Json).text)).toContain(noteId);
    expect(buttonOf(reply, ACTION.confirmNo).value).toBe(yes.value);
    expect((await h.app.deps.notes.findById(noteId))?.deletedAt).toBeNull();
  });

  test('cancel leaves the note alone and replaces the confirm message', async () => {
    const ask = await h.ask(ADMIN1, `delete ${noteId}`);
    const click = await h.click(ADMIN1, buttonOf(ask, ACTION.confirmNo));
    expect(click.status).toBe(200);
    const reply = await h.replyTo(click);
    expect(reply.replace_original).toBe(true);
    expect(blocksText(reply)).toContain('cancelled; the note is unchanged');
    expect((await h.app.deps.notes.findById(noteId))?.deletedAt).toBeNull();
  });

  test('confirm soft-deletes, the message updates with an Undo button, Undo restores', async () => {
    const ask = await h.ask(ADMIN1, `delete ${noteId}`);
    const confirmed = await h.replyTo(await h.click(ADMIN1, buttonOf(ask, ACTION.confirmYes)));
    expect(confirmed.replace_original).toBe(true);
    expect(blocksText(confirmed)).toContain(`Deleted note ${noteId}`);
    const deleted = await h.app.deps.notes.findById(noteId);
    expect(deleted?.deletedBy).toBe(`slack:${ADMIN1}`);

    const undone = await h.replyTo(await h.click(ADMIN1, buttonOf(confirmed, ACTION.undoNote, noteId)));
    expect(undone.replace_original).toBe(true);
    expect(blocksText(undone)).toContain(`Restored note ${noteId}`);
    expect((await h.app.deps.notes.findById(noteId))?.deletedAt).toBeNull();
  });

  test('a confirm token answers once: a double click deletes once and the second click is told', async () => {
    const ask = await h.ask(ADMIN1, `delete ${noteId}`);
    const yes = buttonOf(ask, ACTION.confirmYes);
    const [a, b] = await Promise.all([h.click(ADMIN1, yes), h.click(ADMIN1, yes)]);
    const replies = [await h.replyTo(a), await h.replyTo(b)].map((r) => String(r.text));
    expect(replies.filter((t) => t.startsWith('Deleted note'))).toHaveLength(1);
    expect(replies.filter((t) => /^That confirmation was already (confirmed|used); nothing more was done.$/.test(t))).toHaveLength(1);
    const audit = await h.app.deps.audit.query({ targetIds: [noteId], limit: 50 });
    expect(audit.filter((e) => e.action === 'note.delete')).toHaveLength(2); // the earlier test's delete, and this one
  });

  test('only the person asked may answer a confirmation', async () => {
    await h.ask(ADMIN1, `restore ${noteId}`);
    const ask = await h.ask(ADMIN1, `delete ${noteId}`);
    const reply = await h.replyTo(await h.click(ADMIN2, buttonOf(ask, ACTION.confirmYes)));
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toBe(`Only slack:${ADMIN1}, who asked for this, can answer it.`);
    expect((await h.app.deps.notes.findById(noteId))?.deletedAt).toBeNull();
  });

  test('trash and restore: trash lists the deleted note with a Restore button; restore brings it back', async () => {
    const ask = await h.ask(ADMIN1, `delete ${noteId}`);
    await h.replyTo(await h.click(ADMIN1, buttonOf(ask, ACTION.confirmYes)));
    const trash = await h.ask(ADMIN1, 'trash');
    expect(blocksText(trash)).toContain('1 deleted note');
    expect(buttonOf(trash, ACTION.restoreNote, noteId).style).toBe('primary');
    const restored = await h.ask(ADMIN1, `restore ${noteId}`);
    expect(blocksText(restored)).toContain(`Restored note ${noteId}`);
    expect((await h.app.deps.notes.findById(noteId))?.deletedAt).toBeNull();
  });

  test('roles: <@U123> mentions resolve to slack actors for grant and revoke', async () => {
    const granted = await h.ask(ADMIN1, 'roles grant <@UVIEWER1|vera> viewer');
    expect(granted.text).toBe('slack:UVIEWER1 is now viewer (was member).');
    const list = await h.ask(ADMIN1, 'roles');
    expect(list.text).toContain('slack:UVIEWER1: viewer');
    const refused = await h.ask('UVIEWER1', 'add acct-1 hello');
    expect(refused.text).toBe('"add" needs the member role; you are a viewer.');
    const revoked = await h.ask(ADMIN1, 'roles revoke <@UVIEWER1>');
    expect(revoked.text).toBe('slack:UVIEWER1 is now member (was viewer).');
  });

  test('list filters by author mention; audit answers who deleted a note', async () => {
    const list = await h.ask(MEMBER, `list author:<@${MEMBER}> record:acct-42`);
    expect(blocksText(list)).toContain(noteId);
    const audit = await h.ask(ADMIN1, `audit note:${noteId}`);
    expect(audit.text).toContain('note.delete');
    expect(audit.text).toContain(`slack:${ADMIN1}`);
  });

  test('a member cannot see the trash or the audit log: refused with the reason', async () => {
    expect((await h.ask(MEMBER, 'trash')).text).toBe('"trash" needs the admin role; you are a member.');
    expect((await h.ask(MEMBER, 'audit')).text).toBe('"audit" needs the admin role; you are a member.');
  });

  test('a Slack retry of a slash command is acknowledged and not executed twice', async () => {
    const before = await h.app.deps.notes.count({ state: 'live', recordId: 'acct-retry' });
    const first = await h.command(MEMBER, 'add acct-retry once only');
    await h.replyTo(first);
    const retry = await h.command(MEMBER, 'add acct-retry once only', { sign: { retryNum: 1 } });
    expect(retry.status).toBe(200);
    // A command sent after the retry was acked, answered in full: a retry that had been run
    // anyway, with a head start, would have answered by now too.
    await h.replyTo(await h.command(MEMBER, 'list record:acct-retry'));
    expect(h.fake.responsesTo(retry.responseId)).toHaveLength(0);
    expect(await h.app.deps.notes.count({ state: 'live', recordId: 'acct-retry' })).toBe(before + 1);
  });

  test('every payload sent so far was checked against the Block Kit limits', () => {
    expect(h.fake.payloadsChecked).toBeGreaterThan(20);
    expect(h.fake.callsTo('chat.postMessage').every((c) => c.body.channel !== undefined)).toBe(true);
    expect(CHANNEL).toBe('C0SALES');
  });
});
