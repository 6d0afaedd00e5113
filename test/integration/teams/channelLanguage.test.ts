import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { englishWords } from '../../support/english.js';
import { backupFailureDigest } from '../../../adapters/chat/digestViews.js';
import { translatorFor } from '../../../adapters/chat/i18n/index.js';
import { cardOf } from './fakeConnector.js';
import { type BotResponse, cardText, CONVERSATION, invokeCardOf, sentCard, sentTexts, TeamsHarness, user } from './harness.js';

const admin1 = user('admin-1');
const admin2 = user('admin-2');
const member = user('member-1');
// cardText includes the toggles' values ("false"): card data, not words.
const english = (text: string) => englishWords(text.replace(/\b(true|false)\b/g, ' '));
/** The card the bot replied with to the activity (a reply, not a new post). */
const replyCard = (res: BotResponse) => sentCard({ ...res, sent: res.sent.filter((c) => c.conversationId === CONVERSATION && c.activityId) });

/**
 * Issue 8 on Teams: `lang channel zh-CN` in a conversation makes the bot's posts there (approval
 * cards, digests) Chinese, while what it answers each person stays in that person's language.
 */
describe('Teams: a conversation set to Chinese', () => {
  const h = new TeamsHarness();
  beforeAll(() => h.start('teamschanlang', { APPROVAL_CHANNEL: `teams:${CONVERSATION}` }));
  afterAll(() => h.stop());

  test('an admin sets it; the answer is in the admin\'s own language', async () => {
    const set = await h.say(admin1, 'notes lang channel zh-CN');
    expect(cardText(replyCard(set))).toContain('From now on the bot posts in this channel in 简体中文.');
    expect(await h.app.deps.locales.find(`channel:teams:${CONVERSATION}`)).toBe('zh-CN');
  });

  test('an English member\'s replies stay English; the approval card, and its update, are Chinese; the requester is told in English', async () => {
    const added = await h.say(member, 'notes add acct-t1 续约电话记录');
    const addedText = cardText(replyCard(added));
    expect(addedText).toContain('Added note');
    const noteId = /(n-[a-z0-9]+)/.exec(addedText)![1];

    const asked = await h.say(member, `notes delete ${noteId} 重复`);
    expect(cardText(replyCard(asked))).toMatch(/Approval request r-\w+ sent/);
    const posted = asked.sent.filter((c) => c.conversationId === CONVERSATION && !c.activityId && c.method === 'POST');
    expect(posted).toHaveLength(1);
    const card = cardText(cardOf(posted[0].body));
    expect(card).toMatch(/[\u4e00-\u9fff]/);
    expect(english(card)).toEqual([]);

    const [pending] = await h.app.deps.approvals.listPending(new Date());
    const decided = await h.click(admin2, { cmd: `approve ${pending.id}` });
    // The English approver's own answer is English.
    expect(cardText(invokeCardOf(decided.body))).toMatch(/Approved by teams:admin-2/);
    const update = decided.sent.find((c) => c.method === 'PUT');
    expect(update?.activityId).toBe(pending.message?.messageId);
    expect(cardText(cardOf(update!.body))).toMatch(/[\u4e00-\u9fff]/);
    expect(english(cardText(cardOf(update!.body)))).toEqual([]);
    expect(sentTexts(decided).find((text) => text.startsWith('teams:member-1: your request'))).toContain('was approved and carried out by teams:admin-2');
  });

  test('a digest to the conversation is Chinese; `lang` shows a person both languages', async () => {
    const mark = h.connector.calls.length;
    await h.app.digests.publish(backupFailureDigest('disk full', 1, null, translatorFor('en')), `teams:${CONVERSATION}`);
    const [post] = h.connector.since(mark);
    expect(post.conversationId).toBe(CONVERSATION);
    const text = cardText(cardOf(post.body));
    expect(text).toContain('disk full');
    expect(text).toMatch(/[\u4e00-\u9fff]/);
    expect(text).not.toContain('Reason');

    const shown = cardText(replyCard(await h.say(member, 'notes lang')));
    expect(shown).toContain('Your language: English');
    expect(shown).toContain("The bot's posts in this channel: 简体中文 (set for this channel).");
  });

  test('a member is refused; a bad value is one line with the usage; nothing changes', async () => {
    // Errors are a plain message, one sentence (the usage follows it on its own line).
    const refused = await h.say(member, 'notes lang channel en');
    expect(sentTexts(refused)).toEqual(['"lang-channel" needs the admin role; you are a member.']);
    const bad = await h.say(admin1, 'notes lang channel english please');
    const said = sentTexts(bad).join('\n');
    expect(said).toContain('"english please" is not a channel language: use en, zh-CN, or default');
    expect(said).toContain('lang channel [en | zh-CN | default]');
    expect(await h.app.deps.locales.find(`channel:teams:${CONVERSATION}`)).toBe('zh-CN');
  });
});
