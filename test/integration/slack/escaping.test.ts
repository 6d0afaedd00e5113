import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ACTION } from '../../../adapters/slack/blocks.js';
import type { SlackCall } from './fakeSlack.js';
import { ADMIN1, ADMIN2, buttonOf, CHANNEL, MEMBER, SlackHarness, textOf } from './harness.js';

type Json = Record<string, unknown>;
const APPROVALS = 'C0APPROVALS';

/** What a hostile note or reason says: pings, a mention, formatting and two kinds of link. */
const HOSTILE = '<!channel> <!here> <@U123> *bold* [x](http://evil) <https://evil|click>';
/** What must never reach a field Slack parses as markup, in any message, card, modal or notification. */
const RAW = ['<!channel>', '<!here>', '<@U123>', '<https://evil|click>', '*bold*'];
/** Keys Slack does not show (ids, tokens, button values) and plain_text, which Slack shows literally. */
const NOT_RENDERED = new Set(['value', 'private_metadata', 'action_id', 'block_id', 'callback_id', 'trigger_id', 'view_id', 'channel', 'user', 'ts']);

/** Every place in a recorded payload where user markup would be parsed, as `method path: text`. */
function rawMarkupIn(call: SlackCall): string[] {
  const found: string[] = [];
  const walk = (node: unknown, path: string) => {
    if (typeof node === 'string') {
      if (RAW.some((raw) => node.includes(raw))) found.push(`${call.method} ${path}: ${node}`);
    } else if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${path}[${i}]`));
    else if (node && typeof node === 'object') {
      const obj = node as Json;
      if (obj.type === 'plain_text') return;
      for (const [key, value] of Object.entries(obj)) if (!NOT_RENDERED.has(key)) walk(value, `${path}.${key}`);
    }
  };
  walk(call.body, '');
  return found;
}

/**
 * A note and reasons that try to ping the channel, mention someone, format and link, taken
 * through every path that shows them: replies, lists, the note view, the confirm dialog, the
 * bulk-delete modal, the approval card and its update, the requester's notice and error echoes.
 */
describe('Slack: user text is escaped in every field sent', () => {
  const h = new SlackHarness();
  let noteId = '';
  beforeAll(async () => {
    await h.start('slackescape', { APPROVAL_CHANNEL: APPROVALS });
  });
  afterAll(() => h.stop());

  test('the note is stored as typed and shown escaped everywhere', async () => {
    const added = await h.ask(MEMBER, `add acct-esc ${HOSTILE} #x`);
    noteId = /Added note (n-[a-z0-9]+)/.exec(String(added.text))?.[1] ?? '';
    expect((await h.app.deps.notes.findById(noteId))?.body).toBe(`${HOSTILE} #x`);
    await h.ask(MEMBER, 'list record:acct-esc');
    await h.ask(MEMBER, `list text:"<!channel>"`);
    const shown = await h.ask(ADMIN1, `show ${noteId}`);
    // The full note is in plain_text, which Slack shows literally: the reader sees what was written.
    expect(textOf(shown.blocks)).toContain(HOSTILE);
  });

  test('a member asks with a hostile reason; the card, its update and the notice are escaped', async () => {
    const asked = await h.command(MEMBER, `delete ${noteId} ${HOSTILE}`);
    const card = await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === APPROVALS, { from: asked.mark });
    await h.replyTo(asked);
    const requestId = String(buttonOf(card.body, ACTION.approve).value);
    await h.ask(ADMIN2, 'approvals');
    const rejected = await h.command(ADMIN2, `reject ${requestId} ${HOSTILE}`);
    await h.fake.waitFor((c) => c.method === 'chat.update', { from: rejected.mark });
    await h.fake.waitFor((c) => c.method === 'chat.postEphemeral' && c.body.user === MEMBER, { from: rejected.mark });
    await h.replyTo(rejected);
    expect((await h.app.deps.approvals.find(requestId))?.decisionReason).toBe(HOSTILE);
  });

  test('an admin previews a bulk delete in a modal, then deletes with a hostile reason and reads the trash', async () => {
    const bulk = await h.command(ADMIN1, 'bulk-delete record:acct-esc');
    const { view } = await h.modalAfter(bulk);
    await h.answerModal(ADMIN1, view, 'view_closed');
    const ask = await h.ask(ADMIN1, `delete ${noteId} ${HOSTILE}`);
    await h.replyTo(await h.click(ADMIN1, buttonOf(ask, ACTION.confirmYes)));
    await h.ask(ADMIN1, 'trash record:acct-esc');
    await h.ask(ADMIN1, `show ${noteId}`);
    expect((await h.app.deps.notes.findById(noteId))?.deleteReason).toBe(HOSTILE);
  });

  test('an error that echoes the input is escaped too', async () => {
    const reply = await h.ask(MEMBER, 'add <!channel> hello');
    expect(String(reply.text)).toContain('is not a record id');
    await h.ask(MEMBER, `roles grant <!here> admin`);
  });

  test('no recorded payload carries the hostile text where Slack would parse it', () => {
    const kinds = new Set(h.fake.calls.map((c) => c.method));
    for (const method of ['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'response_url', 'views.update']) expect(kinds).toContain(method);
    expect(h.fake.calls.flatMap(rawMarkupIn)).toEqual([]);
    // The escaped form is there: the text was shown, not dropped.
    expect(h.fake.calls.some((c) => JSON.stringify(c.body).includes('&lt;!channel&gt;'))).toBe(true);
  });
});

/** Over-long input over Slack: one line naming the limit, nothing stored, no "something went wrong". */
describe('Slack: input limits', () => {
  const h = new SlackHarness();
  beforeAll(async () => {
    await h.start('slacklimits');
  });
  afterAll(() => h.stop());

  test('a 4,001-character note is refused naming the limit and stored nowhere', async () => {
    const reply = await h.ask(MEMBER, `add acct-long ${'x'.repeat(4001)}`);
    expect(String(reply.text).split('\n')[0]).toBe('The note is 4,001 characters; the limit is 4,000.');
    expect(await h.app.deps.notes.count({ state: 'live', recordId: 'acct-long' })).toBe(0);
  });

  test('a 9,000-character command is refused naming the limit, not with "something went wrong"', async () => {
    const reply = await h.ask(MEMBER, `add acct-long ${'x'.repeat(9000)}`);
    expect(reply.text).toBe('The command is 9,014 characters; the limit is 8,000.');
    expect(await h.app.deps.notes.count({ state: 'live', recordId: 'acct-long' })).toBe(0);
  });

  test('a 100 KB delete reason is refused and no approval request is stored', async () => {
    const added = await h.ask(MEMBER, 'add acct-long short note');
    const id = /Added note (n-[a-z0-9]+)/.exec(String(added.text))?.[1];
    const reply = await h.ask(MEMBER, `delete ${id} ${'r'.repeat(600)}`);
    expect(String(reply.text).split('\n')[0]).toBe('The reason is 600 characters; the limit is 500.');
    expect(await h.app.deps.approvals.listPending(new Date())).toHaveLength(0);
    const huge = await h.ask(MEMBER, `delete ${id} ${'r'.repeat(100_000)}`);
    expect(String(huge.text)).toMatch(/^The command is [\d,]+ characters; the limit is 8,000\.$/);
    expect(await h.app.deps.approvals.listPending(new Date())).toHaveLength(0);
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.body.channel === CHANNEL)).toHaveLength(0);
  });
});
