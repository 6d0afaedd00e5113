import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { englishWords } from '../../support/english.js';
import { cardOf } from './fakeConnector.js';
import { action, cardText, invokeCardOf, sentCard, sentTexts, shownText, TeamsHarness, user, type BotResponse } from './harness.js';

/** A Teams client set to Chinese (`locale: zh-CN` on every activity) gets every card in Chinese. */
describe('Teams in Chinese: the activity locale', () => {
  const h = new TeamsHarness();
  beforeAll(() => h.start('teamszh', { NOTES_ADMINS: 'teams:admin-zh' }));
  afterAll(() => h.stop());
  const admin = { ...user('admin-zh'), locale: 'zh-CN' };
  const member = { ...user('member-zh'), locale: 'zh-cn' };
  // cardText includes the toggles' values ("false"): card data, not words.
  const words = (text: string) => englishWords(text.replace(/\b(true|false)\b/g, ' '));
  const english = (res: BotResponse) => words(cardText(sentCard(res)));

  test('add, list, delete with confirm, and help: Chinese, no English beyond ids and command words', async () => {
    const added = await h.say(member, 'notes add acct-zh1 续约电话，客户希望签三年 #续约');
    expect(cardText(sentCard(added))).toMatch(/已为 acct-zh1 添加备注 n-\w+，标签：#续约。/);
    const list = await h.say(admin, 'notes list record:acct-zh1');
    const listed = cardText(sentCard(list));
    expect(listed).toContain('1 条备注，匹配 record:acct-zh1');
    const id = /(n-[a-z0-9]+)/.exec(listed)![1];
    expect(action(sentCard(list), '删除').data).toMatchObject({ cmd: `delete ${id}` });
    const confirm = await h.say(admin, `notes delete ${id}`);
    expect(cardText(sentCard(confirm))).toContain('确定删除这条备注吗？');
    const done = await h.click(admin, action(sentCard(confirm), '删除').data);
    expect(cardText(invokeCardOf(done.body))).toContain(`已删除备注 ${id}（记录 acct-zh1）。输入 restore ${id} 可撤销。`);
    const help = await h.say(member, 'notes help');
    expect(cardText(sentCard(help))).toContain('你可以使用的命令（成员）');
    for (const res of [added, list, confirm, help]) expect(english(res)).toEqual([]);
    expect(words(cardText(invokeCardOf(done.body)))).toEqual([]);
  });

  test('long work in Chinese: "started", the progress card and the requester notice (sent outside any turn) follow their own lang', async () => {
    // Outside a turn Teams reports no locale: the notice goes by the person's own setting.
    await h.say(admin, 'notes lang zh-CN');
    const mark = h.connector.calls.length;
    const started = await h.say(admin, 'notes backup now');
    expect([...sentTexts(started), ...started.sent.map((c) => cardText(cardOf(c.body)))].join('\n')).toMatch(/备份 j-\S+ 已在后台开始/);
    await h.app.backgroundIdle();
    const calls = h.connector.since(mark);
    const result = calls.find((c) => c.method === 'PUT' && cardText(cardOf(c.body)).includes('已写入备份'));
    if (!result) throw new Error('the progress card never showed the backup written');
    expect(words(cardText(cardOf(result.body)))).toEqual([]);
    const notice = calls.map((c) => shownText(String(c.body.text ?? ''))).find((text) => text.startsWith('teams:admin-zh：你的备份 j-'));
    expect(notice).toMatch(/^teams:admin-zh：你的备份 j-\S+ 已完成，用时 .+。已写入备份 /);
    expect(words(notice ?? '')).toEqual([]);
    await h.say(admin, 'notes lang en');
    const again = h.connector.calls.length;
    await h.say(admin, 'notes backup now');
    await h.app.backgroundIdle();
    expect(h.connector.since(again).map((c) => shownText(String(c.body.text ?? '')))).toContainEqual(expect.stringMatching(/^teams:admin-zh: Your backup j-\S+ finished in /));
  });

  test('a person without a Teams locale reads DEFAULT_LOCALE (English); their own lang wins over the client', async () => {
    const plain = await h.say(user('member-en'), 'notes list record:acct-none');
    expect(cardText(sentCard(plain))).toContain('No notes matching record:acct-none.');
    await h.say(member, 'notes lang en');
    const after = await h.say(member, 'notes list record:acct-none');
    expect(cardText(sentCard(after))).toContain('No notes matching record:acct-none.');
  });
});
