import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ACTION } from '../../../adapters/slack/blocks.js';
import { ADMIN1, ADMIN2, buttonOf, CHANNEL, elementsOf, idOf as buttonIdOf, MEMBER, SlackHarness, textOf } from './harness.js';

type Json = Record<string, unknown>;

/** When Slack says no (an expired trigger, a channel the bot cannot post to) or time runs out. */
describe('Slack: failures and expiry', () => {
  const h = new SlackHarness();
  beforeAll(async () => {
    await h.start('slackfail');
    for (let i = 1; i <= 2; i += 1) await h.ask(MEMBER, `add acct-fail old ${i} #old`);
    await h.ask(MEMBER, 'add acct-exp to expire #exp');
    await h.ask(MEMBER, 'add acct-lost card lost #lost');
  });
  afterAll(() => h.stop());

  const idOf = async (tag: string) => buttonIdOf(elementsOf(await h.ask(MEMBER, `list tag:${tag}`), ACTION.deleteNote)[0]);

  test('when the modal cannot open (trigger expired), the preview arrives as a message with Confirm / Cancel', async () => {
    h.fake.failing.set('views.open', 'expired_trigger_id');
    try {
      const sent = await h.command(ADMIN1, 'bulk-delete tag:old');
      const preview = await h.replyTo(sent);
      expect(String(preview.text)).toContain('2 notes match tag:old');
      const done = await h.replyTo(await h.click(ADMIN1, buttonOf(preview, ACTION.confirmYes)));
      expect(textOf(done.blocks)).toContain('deleted 2 notes');
      expect(await h.app.deps.notes.count({ state: 'live', tags: ['old'] })).toBe(0);
    } finally {
      h.fake.failing.delete('views.open');
    }
  });

  test('an approval card that cannot be posted does not lose the request: it is stored and listed', async () => {
    const noteId = await idOf('lost');
    h.fake.failing.set('chat.postMessage', 'channel_not_found');
    let asked: Json;
    try {
      asked = await h.ask(MEMBER, `delete ${noteId}`);
    } finally {
      h.fake.failing.delete('chat.postMessage');
    }
    const requestId = /^Approval request (\S+) sent/.exec(String(asked.text))?.[1] ?? '';
    expect(requestId).not.toBe('');
    expect((await h.app.deps.approvals.find(requestId))?.message).toBeNull();
    const pending = await h.ask(ADMIN2, 'approvals');
    expect(buttonOf(pending, ACTION.approve, requestId)).toBeDefined();
    // Approved from the list instead; with no card to update, the requester is still told.
    const mark = h.fake.calls.length;
    const approved = await h.replyTo(await h.click(ADMIN2, buttonOf(pending, ACTION.approve, requestId)));
    expect(String(approved.text)).toContain(`Deleted note ${noteId}`);
    expect(h.fake.calls.slice(mark).filter((c) => c.method === 'chat.update')).toHaveLength(0);
    await h.fake.waitFor((c) => c.method === 'chat.postEphemeral' && c.body.user === MEMBER, { from: mark });
  });

  test('a click after the request expired is refused; the card shows it expired and the requester is told', async () => {
    const noteId = await idOf('exp');
    const mark = h.fake.calls.length;
    await h.ask(MEMBER, `delete ${noteId}`);
    const card = (await h.fake.waitFor((c) => c.method === 'chat.postMessage', { from: mark })).body;
    h.clockOffsetMinutes = 24 * 60 + 1; // APPROVAL_TTL_MINUTES defaults to a day
    try {
      const reply = await h.replyTo(await h.click(ADMIN1, buttonOf(card, ACTION.approve)));
      expect(String(reply.text)).toMatch(/^Request \S+ expired on /);
      const update = await h.fake.waitFor((c) => c.method === 'chat.update', { from: mark });
      expect(textOf(update.body.blocks)).toMatch(/Request \S+ expired\*[\s\S]*\*Expired\*/);
      expect(elementsOf(update.body, ACTION.approve)).toHaveLength(0);
      const told = await h.fake.waitFor((c) => c.method === 'chat.postEphemeral' && c.body.user === MEMBER, { from: mark });
      expect(told.body.channel).toBe(CHANNEL);
      expect(textOf(told.body.blocks)).toContain('expired without a decision');
      expect((await h.app.deps.notes.findById(noteId))?.deletedAt).toBeNull();
    } finally {
      h.clockOffsetMinutes = 0;
    }
  });
});
