import { buttonsOf, cardText, type FeishuCardJson } from './fakeFeishu.js';
import { ADMIN, ADMIN_2, answerCard, answerToast, APPROVAL_CHAT, FeishuHarness, MEMBER, SALES_CHAT } from './harness.js';

/**
 * A whole session in Chinese (DEFAULT_LOCALE=zh-CN) over real loopback HTTP, encrypted and signed
 * as Feishu sends it: list, delete behind the button's confirm dialog with undo, a member's
 * request approved by a second admin in the approval chat, a bulk delete above the threshold,
 * "delete selected", paging, and 20 clicks on one button acting once.
 */
const h = new FeishuHarness();
beforeAll(() => h.start('feishu_session'));
afterAll(() => h.stop());

const idIn = (card: FeishuCardJson, pattern: RegExp) => {
  const match = pattern.exec(cardText(card));
  if (!match) throw new Error(`no ${pattern} in ${cardText(card)}`);
  return match[1];
};
const button = (card: FeishuCardJson | undefined, label: string) => {
  const found = buttonsOf(card).find((b) => b.label === label);
  if (!found) throw new Error(`no button ${label} in ${JSON.stringify(buttonsOf(card))}`);
  return found;
};
const isLive = async (noteId: string) => (await h.app.deps.notes.findById(noteId))?.deletedAt === null;

async function addNote(recordId: string, text: string): Promise<string> {
  return idIn(await h.say(ADMIN, `notes add ${recordId} ${text}`), /添加备注 (\S+)。/);
}

test('list: one row per note with a Delete button, a multi-select, all in Chinese', async () => {
  await addNote('acct-42', '客户要求续约报价 #renewal');
  await addNote('acct-42', '已发送合同草稿');
  const card = await h.say(ADMIN, '/notes list record:acct-42');
  expect(card.header?.title.content).toBe('2 条备注，匹配 record:acct-42');
  expect(cardText(card)).toContain('客户要求续约报价 #renewal');
  expect(buttonsOf(card).filter((b) => b.label === '删除')).toHaveLength(2);
  expect(button(card, '删除所选').value).toEqual({ cmd: 'delete-selected', view: 'list record:acct-42 page:1' });
  expect(JSON.stringify(card)).toContain('"multi_select_static"');
});

test('delete: the list button asks in a new message, its Delete has a confirm dialog, the card becomes the outcome with Undo', async () => {
  const noteId = await addNote('acct-7', '误录入的备注');
  const list = await h.say(ADMIN, 'notes list record:acct-7');
  const mark = h.fake.calls.length;
  const clicked = await h.click(ADMIN, button(list, '删除').value, { messageId: 'om_list' });
  // The list is re-read in place; the question is a new message in the chat.
  expect(answerCard(clicked)?.header?.title.content).toBe('1 条备注，匹配 record:acct-7');
  const [question] = h.fake.messagesSince(mark);
  expect(question).toMatchObject({ kind: 'send', target: SALES_CHAT });
  expect(question.card?.header?.title.content).toBe('确定删除这条备注吗？');
  expect(cardText(question.card)).toContain(`备注：${noteId}`);
  const confirmButton = button(question.card, '删除');
  expect(confirmButton.confirm).toBe(true);
  expect(await isLive(noteId)).toBe(true);

  const deleted = await h.click(ADMIN, confirmButton.value, { messageId: question.messageId });
  expect(answerCard(deleted)?.header?.title.content).toBe(`已删除备注 ${noteId}（记录 acct-7）。输入 restore ${noteId} 可撤销。`);
  expect(await isLive(noteId)).toBe(false);

  const undone = await h.click(ADMIN, button(answerCard(deleted), '撤销').value, { messageId: question.messageId });
  expect(answerCard(undone)?.header?.title.content).toBe(`已恢复备注 ${noteId}（记录 acct-7）。`);
  expect(await isLive(noteId)).toBe(true);
});

test('cancel leaves the note alone', async () => {
  const noteId = await addNote('acct-8', '保留这条');
  const question = await h.say(ADMIN, `notes delete ${noteId}`);
  const cancelled = await h.click(ADMIN, button(question, '取消').value);
  expect(answerCard(cancelled)?.header?.title.content).toBe(`已取消删除备注 ${noteId}，备注保持不变。`);
  expect(await isLive(noteId)).toBe(true);
});

test("a member's delete becomes a request that a second admin approves in the approval chat, updated in place", async () => {
  const noteId = await addNote('acct-9', '会员想删除的备注');
  const mark = h.fake.calls.length;
  const asked = await h.say(MEMBER, `notes delete ${noteId} 重复记录`, { chatId: SALES_CHAT });
  expect(asked.header?.title.content).toMatch(/^已提交审批申请 r-\S+，须由除你以外的另一位管理员在 .+ 前批准。$/);
  const posted = h.fake.messagesSince(mark).find((c) => c.kind === 'send' && c.target === APPROVAL_CHAT);
  expect(posted?.card?.header?.title.content).toBe('待审批');
  expect(cardText(posted?.card)).toContain('申请人：feishu:ou_member1');
  const approve = button(posted?.card, '批准');

  // The requester cannot approve their own request: told privately, the card stays.
  const own = await h.click(MEMBER, approve.value, { messageId: posted?.messageId, chatId: APPROVAL_CHAT });
  expect(answerToast(own)).toMatch(/^你没有执行此操作的权限/);
  expect(answerCard(own)).toBeUndefined();

  const afterOwn = h.fake.calls.length;
  const decided = await h.click(ADMIN_2, approve.value, { messageId: posted?.messageId, chatId: APPROVAL_CHAT });
  expect(answerCard(decided)?.header?.title.content).toMatch(/^申请 r-\S+：已批准$/);
  expect(cardText(answerCard(decided))).toContain('feishu:ou_admin2');
  expect(await isLive(noteId)).toBe(false);
  // Everyone in the approval chat sees the decision: the posted card itself is updated.
  const updates = h.fake.messagesSince(afterOwn);
  expect(updates.find((c) => c.kind === 'update' && c.target === posted?.messageId)?.card?.header?.title.content).toMatch(/^申请 r-\S+：已批准$/);
  expect(cardText(updates.find((c) => c.kind === 'send' && c.target === SALES_CHAT)?.card)).toMatch(/^你的审批申请 r-\S+ 已由 feishu:ou_admin2 批准。/);

  // A later click is told who decided; nothing acts twice.
  const late = await h.click(ADMIN, approve.value, { messageId: posted?.messageId, chatId: APPROVAL_CHAT });
  expect(answerToast(late)).toMatch(/^该审批申请已处理/);
});

test('a bulk delete above the threshold needs a second admin, then deletes exactly the previewed notes', async () => {
  const ids = [];
  for (let i = 0; i < 5; i++) ids.push(await addNote('acct-bulk', `测试数据 ${i} #cleanup`));
  const preview = await h.say(ADMIN, 'notes bulk-delete tag:cleanup');
  expect(preview.header?.title.content).toMatch(/^批量删除 p-\S+：5 条备注匹配 tag:cleanup$/);
  expect(cardText(preview)).toContain('数量超过审批阈值');
  const mark = h.fake.calls.length;
  const confirmed = await h.click(ADMIN, button(preview, '提交审批').value);
  expect(answerCard(confirmed)?.header?.title.content).toMatch(/^已提交审批申请/);
  expect(await h.app.deps.notes.count({ tags: ['cleanup'], state: 'live' })).toBe(5);
  const posted = h.fake.messagesSince(mark).find((c) => c.kind === 'send' && c.target === APPROVAL_CHAT);
  // The two-person rule: the admin who asked cannot approve it.
  const own = await h.click(ADMIN, button(posted?.card, '批准').value, { messageId: posted?.messageId, chatId: APPROVAL_CHAT });
  expect(answerToast(own)).toMatch(/^不能审批自己提交的申请/);
  const approved = await h.click(ADMIN_2, button(posted?.card, '批准').value, { messageId: posted?.messageId, chatId: APPROVAL_CHAT });
  expect(answerCard(approved)?.header?.title.content).toMatch(/^申请 r-\S+：已批准$/);
  const deadline = Date.now() + 10_000;
  while ((await h.app.deps.notes.count({ tags: ['cleanup'], state: 'live' })) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(await h.app.deps.notes.count({ tags: ['cleanup'], state: 'live' })).toBe(0);
});

test('"delete selected" sends the picked notes to a bulk preview', async () => {
  const a = await addNote('acct-sel', '选中 A');
  const b = await addNote('acct-sel', '选中 B');
  await addNote('acct-sel', '不选 C');
  const list = await h.say(ADMIN, 'notes list record:acct-sel');
  const mark = h.fake.calls.length;
  await h.click(ADMIN, button(list, '删除所选').value, { formValue: { note_ids: [a, b] } });
  const [preview] = h.fake.messagesSince(mark);
  expect(preview.card?.header?.title.content).toMatch(/^批量删除 p-\S+：选中的 2 条备注$/);
  expect(cardText(preview.card)).toContain(a);
  expect(cardText(preview.card)).toContain(b);
});

test('paging: 下一页 replaces the card with the next page', async () => {
  for (let i = 0; i < 12; i++) await addNote('acct-page', `第 ${i} 条`);
  const first = await h.say(ADMIN, 'notes list record:acct-page');
  expect(first.header?.title.content).toBe('10+ 条备注，匹配 record:acct-page，第 1 页');
  const second = await h.click(ADMIN, button(first, '下一页').value);
  expect(answerCard(second)?.header?.title.content).toBe('12 条备注，匹配 record:acct-page，第 2 页，共 2 页');
  expect(buttonsOf(answerCard(second)).map((b) => b.label)).toContain('上一页');
});

test('20 concurrent clicks on one Delete button act once; the same click delivered 20 times acts once too', async () => {
  const noteId = await addNote('acct-race', '并发点击');
  const question = await h.say(ADMIN, `notes delete ${noteId}`);
  const confirm = button(question, '删除').value;
  const answers = await Promise.all(Array.from({ length: 20 }, () => h.click(ADMIN, confirm)));
  expect(answers.filter((a) => answerCard(a)?.header?.title.content === `已删除备注 ${noteId}（记录 acct-race）。输入 restore ${noteId} 可撤销。`)).toHaveLength(1);
  expect(answers.filter((a) => answerToast(a)?.startsWith('该确认已失效'))).toHaveLength(19);
  const deletes = await h.app.deps.audit.query({ targetIds: [noteId], limit: 50 });
  expect(deletes.filter((entry: { action: string }) => entry.action === 'note.delete')).toHaveLength(1);

  const other = await addNote('acct-race', '重复投递的点击');
  const again = await h.say(ADMIN, `notes delete ${other}`);
  const redelivered = h.clickEvent(ADMIN, button(again, '删除').value, { eventId: 'ev_click_once' });
  const copies = await Promise.all(Array.from({ length: 20 }, () => h.post(redelivered)));
  expect(copies.filter((a) => answerCard(a))).toHaveLength(1);
  expect(copies.filter((a) => Object.keys(a.body).length === 0)).toHaveLength(19);
  expect(await isLive(other)).toBe(false);
});

test('a refusal is a toast for the clicker only, and a forged button value is refused like typed text', async () => {
  const noteId = await addNote('acct-viewer', '只读');
  const refused = await h.click(MEMBER, { cmd: `restore ${noteId}` });
  expect(answerToast(refused)).toMatch(/^你没有执行此操作的权限/);
  const forged = await h.click(ADMIN, { cmd: 'roles grant feishu:ou_x superuser' });
  expect(answerToast(forged)).toMatch(/^命令格式不正确/);
  expect(answerCard(forged)).toBeUndefined();
});

test('a forged refresh that is not a list read never runs: the click acts, its answer takes the card', async () => {
  const [kept, other] = [await addNote('acct-forge', '甲'), await addNote('acct-forge', '乙')];
  for (const id of [kept, other]) await h.click(ADMIN, button(await h.say(ADMIN, `notes delete ${id}`), '删除').value);
  const mark = h.fake.calls.length;
  const clicked = await h.click(ADMIN, { cmd: `restore ${kept}`, view: `restore ${other}` });
  expect(answerCard(clicked)?.header?.title.content).toContain(`已恢复备注 ${kept}`);
  expect(h.fake.messagesSince(mark)).toEqual([]);
  expect([await isLive(kept), await isLive(other)]).toEqual([true, false]);
});

test("a person's own lang wins over DEFAULT_LOCALE on Feishu, from the answer to `lang` on", async () => {
  const reader = 'ou_reader1';
  expect((await h.say(reader, 'notes list record:acct-none')).header?.title.content).toBe('没有匹配 record:acct-none 的备注。');
  expect((await h.say(reader, 'notes lang en')).header?.title.content).toBe('From now on I answer you in English.');
  expect((await h.say(reader, 'notes list record:acct-none')).header?.title.content).toBe('No notes matching record:acct-none.');
  expect((await h.say(reader, 'notes show n-nope01')).header?.title.content).toBe('No such note');
});
