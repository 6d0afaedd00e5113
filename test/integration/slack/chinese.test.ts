import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { englishWords } from '../../support/english.js';
import { ACTION } from '../../../adapters/slack/blocks.js';
import { ADMIN1, buttonOf, MEMBER, SlackHarness, textOf } from './harness.js';

type Json = Record<string, unknown>;
const blocksText = (msg: Json) => textOf(msg.blocks);
/** What a Chinese reader would have to read in English (ids, command words and mentions aside). */
const english = (msg: Json) => englishWords(`${blocksText(msg)}\n${String(msg.text)}`.replace(/<@\w+>|:[a-z_]+:/g, ' '));

/** A person whose Slack language is Chinese gets every answer in Chinese; their own `lang` wins. */
describe('Slack in Chinese: the user locale from users.info', () => {
  const h = new SlackHarness();
  beforeAll(async () => {
    await h.start('slackzh', { BACKUP_DIR: await mkdtemp(path.join(tmpdir(), 'notes-slackzh-backups-')) });
    h.fake.userLocales.set(MEMBER, 'zh-CN');
    h.fake.userLocales.set(ADMIN1, 'zh-CN');
  });
  afterAll(() => h.stop());

  test('add, list, delete with confirm: Chinese throughout, no English beyond ids and command words', async () => {
    const added = await h.ask(MEMBER, 'add acct-zh1 续约电话，客户希望签三年 #续约');
    expect(blocksText(added)).toMatch(/已为 acct-zh1 添加备注 n-\w+/);
    const id = /添加备注 ([\w-]+)/.exec(blocksText(added))![1];
    const list = await h.ask(ADMIN1, 'list record:acct-zh1');
    expect(blocksText(list)).toContain('1 条备注，匹配 record:acct-zh1');
    const confirm = await h.ask(ADMIN1, `delete ${id}`);
    expect(blocksText(confirm)).toContain('*确定删除这条备注吗？*');
    const deleted = await h.replyTo(await h.click(ADMIN1, buttonOf(confirm, ACTION.confirmYes)));
    expect(blocksText(deleted)).toContain(`已删除备注 ${id}（记录 acct-zh1）。输入 restore ${id} 可撤销。`);
    const help = await h.ask(MEMBER, 'help');
    expect(blocksText(help)).toContain('你可以使用的命令（成员）');
    const refused = await h.ask(MEMBER, 'approvals');
    expect(String(refused.text)).toContain('“approvals”需要管理员角色；你当前是成员。');
    for (const msg of [added, list, confirm, deleted, help, refused]) expect(english(msg)).toEqual([]);
    // One users.info per person, cached.
    expect(h.fake.callsTo('users.info').map((c) => c.body.user).sort()).toEqual([ADMIN1, MEMBER]);
  });

  test('backup now and backup list in Chinese: "started", the result on the progress message, the requester\'s notice, the list', async () => {
    const sent = await h.command(ADMIN1, 'backup now');
    expect(String((await h.replyTo(sent)).text)).toMatch(/备份 j-\S+ 已在后台开始/);
    const result = await h.fake.waitFor((c) => c.method === 'chat.update' && String(c.body.text).includes('已写入备份'), { from: sent.mark, ms: 30_000 });
    expect(blocksText(result.body)).toMatch(/\*内容\*\n\d+ 条备注/);
    const notice = await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === ADMIN1 && String(c.body.text).startsWith('你的备份'), { from: sent.mark });
    expect(String(notice.body.text)).toMatch(/^你的备份 j-\S+ 已完成，用时 \d+ 秒。已写入备份 /);
    const list = await h.ask(ADMIN1, 'backup list');
    expect(blocksText(list)).toContain('*共 1 个备份，最新的在前*');
    expect(buttonOf(list, ACTION.verifyBackup)).toBeDefined();
    for (const msg of [result.body, notice.body, list]) expect(english(msg)).toEqual([]);
  });

  test('"lang en" is stored and wins over the Slack locale', async () => {
    const set = await h.ask(MEMBER, 'lang en');
    expect(String(set.text)).toBe('From now on I answer you in English.');
    const list = await h.ask(MEMBER, 'list record:acct-none');
    expect(blocksText(list)).toContain('No notes matching record:acct-none.');
    expect(await h.app.deps.locales.find(`slack:${MEMBER}`)).toBe('en');
  });
});
