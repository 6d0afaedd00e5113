import { seedBulkNotes } from '../../support/bulkSeed.js';
import { englishWords } from '../../support/english.js';
import { buttonsOf, cardText, type FeishuCall, type FeishuCardJson } from './fakeFeishu.js';
import { ADMIN, ADMIN_2, answerCard, APPROVAL_CHAT, FeishuHarness } from './harness.js';

const NOTES = 3_000;
const BATCH = 100;

/**
 * A bulk delete of more than a page approved in Feishu runs in the background: the approval is
 * answered at once, a progress card is posted in the approval chat and patched in place (the
 * fake open platform records every patch) at least three times, and ends with exact counts and
 * Undo; the requester is told in that chat. All of it in the requester's language (here
 * DEFAULT_LOCALE=zh-CN): no English beyond ids and command words.
 */
const h = new FeishuHarness();
beforeAll(async () => {
  await h.start('feishu_long', { BULK_BATCH_SIZE: String(BATCH), PROGRESS_UPDATE_SECONDS: '1' });
  await seedBulkNotes(h.databaseUri, NOTES, 'acct-big');
}, 120_000);
afterAll(() => h.stop());

const button = (card: FeishuCardJson | undefined, label: string) => {
  const found = buttonsOf(card).find((b) => b.label === label);
  if (!found) throw new Error(`no button ${label} in ${JSON.stringify(buttonsOf(card))}`);
  return found;
};

async function waitForCall(match: (call: FeishuCall) => boolean, from: number, ms = 120_000): Promise<FeishuCall> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = h.fake.calls.slice(from).find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no matching open-platform call within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('approve -> started at once; the progress card is patched in place 3+ times; exact counts, Undo, the requester told', async () => {
  const preview = await h.say(ADMIN, 'notes bulk-delete record:acct-big');
  const mark = h.fake.calls.length;
  await h.click(ADMIN, button(preview, '提交审批').value);
  const posted = await waitForCall((c) => c.kind === 'send' && c.target === APPROVAL_CHAT, mark);
  const approved = await h.click(ADMIN_2, button(posted.card, '批准').value, { messageId: posted.messageId, chatId: APPROVAL_CHAT });
  expect(cardText(answerCard(approved))).toMatch(/批量删除 p-\S+ 已在后台开始（共 3,000 条备注）/);
  const planId = /批量删除 (p-\S+) 已在后台开始/.exec(cardText(answerCard(approved)))![1];

  const progress = await waitForCall((c) => c.kind === 'send' && c.target === APPROVAL_CHAT && cardText(c.card).includes(`批量删除 ${planId} 进行中`), mark);
  expect(progress.card?.header?.title.content).toMatch(new RegExp(`^任务 ${planId} 进行中`));
  expect(button(progress.card, '停止').value).toEqual({ cmd: `cancel ${planId}` });
  const ended = await waitForCall((c) => c.kind === 'update' && c.target === progress.messageId && cardText(c.card).includes(`批量删除 ${planId} 已完成`), mark, 150_000);
  const running = h.fake.calls.slice(mark).filter((c) => c.kind === 'update' && c.target === progress.messageId && cardText(c.card).includes(`批量删除 ${planId} 进行中`));
  expect(running.length).toBeGreaterThanOrEqual(3);
  expect(cardText(running[0].card)).toMatch(/进行中：已处理 [\d,]+ \/ 3,000 条（\d+%） · 每秒 [\d,]+ 条 · 剩余时间约 \d+ (秒|分)/);
  expect(ended.card?.header?.title.content).toBe(`任务 ${planId} 已完成`);
  expect(cardText(ended.card)).toMatch(new RegExp(`批量删除 ${planId} 已完成，用时 .+：已删除 3,000 条。`));
  expect(button(ended.card, '撤销').value).toEqual({ cmd: `undo ${planId}` });
  expect(await h.app.deps.notes.count({ state: 'live', recordId: 'acct-big' })).toBe(0);
  expect(await h.app.deps.plans.find(planId)).toMatchObject({ status: 'done', deletedCount: NOTES, skippedCount: 0 });
  const told = await waitForCall((c) => c.kind === 'send' && c.target === APPROVAL_CHAT && cardText(c.card).includes(`feishu:${ADMIN}：你的任务 ${planId} 已结束`), mark);
  expect(cardText(told.card)).toContain(`你的批量删除 ${planId} 已完成`);
  for (const call of [progress, running[0], ended, told]) expect(englishWords(cardText(call.card))).toEqual([]);
}, 240_000);
