import { buttonsOf, cardText } from './fakeFeishu.js';
import { ADMIN, ADMIN_2, APPROVAL_CHAT, FeishuHarness, MEMBER, SALES_CHAT } from './harness.js';

/**
 * `lang channel` on Feishu: with DEFAULT_LOCALE=en, an admin sets the approval chat to zh-CN. The
 * approval card posted there and its in-place update are Chinese; the member who asked, in an
 * English sales chat, is answered and told the decision in English.
 */
const h = new FeishuHarness();
beforeAll(() => h.start('feishu_channel_lang', { DEFAULT_LOCALE: 'en' }));
afterAll(() => h.stop());

test('a chat set to zh-CN gets its approval card and the card update in Chinese; the requester stays English', async () => {
  const set = await h.say(ADMIN, 'notes lang channel zh-CN', { chatId: APPROVAL_CHAT, chatType: 'group' });
  expect(cardText(set)).toMatch(/中文|简体/);

  const added = await h.say(ADMIN, 'notes add acct-1 Renewal call booked', { chatId: SALES_CHAT });
  const noteId = /Added note (\S+)/.exec(cardText(added))?.[1];
  expect(noteId).toBeDefined();

  const mark = h.fake.calls.length;
  const asked = await h.say(MEMBER, `notes delete ${noteId} duplicate`, { chatId: SALES_CHAT });
  expect(cardText(asked)).toMatch(/approval/i);
  const posted = h.fake.messagesSince(mark).find((c) => c.kind === 'send' && c.target === APPROVAL_CHAT);
  expect(posted?.card?.header?.title.content).toBe('待审批');
  const approve = buttonsOf(posted?.card).find((b) => b.label === '批准');
  expect(approve).toBeDefined();

  const before = h.fake.calls.length;
  await h.click(ADMIN_2, approve!.value, { messageId: posted?.messageId, chatId: APPROVAL_CHAT });
  const after = h.fake.messagesSince(before);
  expect(after.find((c) => c.kind === 'update' && c.target === posted?.messageId)?.card?.header?.title.content).toMatch(/^申请 r-\S+：已批准$/);
  const told = after.find((c) => c.kind === 'send' && c.target === SALES_CHAT);
  expect(cardText(told?.card)).toMatch(/approved/i);
  expect(cardText(told?.card)).not.toMatch(/[\u4e00-\u9fff]/);
});
