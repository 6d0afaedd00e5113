import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { freshDatabaseUri } from '../../support/database.js';
import { englishWords } from '../../support/english.js';
import { runScript } from './runBot.js';

// Each test starts the real process several times (seconds each on a busy machine).
/** A whole console session in Simplified Chinese (`--lang zh-CN`), end to end through the real process. */
let uri: string;
let client: MongoClient;
let db: Db;
let env: Record<string, string>;

beforeAll(async () => {
  uri = freshDatabaseUri('console-zh');
  client = await MongoClient.connect(uri);
  db = client.db();
  env = { MONGODB_URI: uri, NOTES_ADMINS: 'console:alice,console:bob', BULK_APPROVAL_THRESHOLD: '2', BACKUP_DIR: `/tmp/notes-console-zh-${process.pid}` };
});
afterAll(async () => client.close());

/** What the bot said: scripted mode echoes each input line after its prompt, and those are the user's words. */
const botLines = (stdout: string) => stdout.split('\n').filter((line) => !/^console:\w+> /.test(line) && line.trim() !== '');

test('list, delete with confirm, trash, restore, bulk delete with approval, all in Chinese', async () => {
  const script = [
    'help',
    'add acct-zh1 续约电话，客户希望签三年 #续约',
    'add acct-zh1 已发送报价单 #报价',
    'add acct-zh1 重复的记录，请忽略 #重复',
    'list record:acct-zh1',
    '删掉它',
    'show n-nope01',
  ].join('\n');
  const first = await runScript(`${script}\n`, env, ['--as', 'console:alice', '--lang', 'zh-CN']);
  expect(first.code).toBe(0);
  expect(first.stdout).toContain('你可以使用的命令（管理员）：');
  expect(first.stdout).toContain('list [筛选条件] [page:<页码>]');
  expect(first.stdout).toMatch(/已为 acct-zh1 添加备注 n-[a-z0-9]{6}，标签：#续约。/);
  expect(first.stdout).toContain('3 条备注，匹配 record:acct-zh1：');
  expect(first.stdout).toContain('✗ 未知命令“删掉它”。输入 help 查看可用命令。');
  expect(first.stdout).toContain('✗ 备注 n-nope01 不存在。输入 list 可核对 ID。');
  const ids = [...first.stdout.matchAll(/添加备注 (n-[a-z0-9]{6})/g)].map((m) => m[1]);
  expect(ids).toHaveLength(3);

  const second = [
    `delete ${ids[2]}`,
    'y',
    'trash record:acct-zh1',
    `restore ${ids[2]}`,
    'bulk-delete record:acct-zh1',
    'y',
    'as console:bob',
    'approvals',
  ].join('\n');
  const run = await runScript(`${second}\n`, env, ['--as', 'console:alice', '--lang', 'zh-CN']);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain(`确定删除备注 ${ids[2]}（记录 acct-zh1）吗？`);
  expect(run.stdout).toContain('输入 y 确认，直接回车取消：y\n');
  expect(run.stdout).toContain(`已删除备注 ${ids[2]}（记录 acct-zh1）。输入 restore ${ids[2]} 可撤销。`);
  expect(run.stdout).toContain('1 条已删除备注，匹配 record:acct-zh1：');
  expect(run.stdout).toContain(`已恢复备注 ${ids[2]}（记录 acct-zh1）。`);
  expect(run.stdout).toMatch(/批量删除 p-\w+：3 条备注匹配 record:acct-zh1。/);
  expect(run.stdout).toContain('数量超过审批阈值：你确认后，还须另一位管理员审批。');
  expect(run.stdout).toMatch(/已提交审批申请 r-\w+（批量删除 p-\w+：匹配 record:acct-zh1 的 3 条备注）。/);
  expect(run.stdout).toContain('现在以 console:bob 的身份操作。');
  expect(run.stdout).toContain('1 条待审批申请：');
  const requestId = /已提交审批申请 (r-\w+)/.exec(run.stdout)![1];

  const decided = await runScript(`approve ${requestId}\nundo nothing-1\n`, env, ['--as', 'console:bob', '--lang', 'zh-CN']);
  expect(decided.stdout).toContain(`申请 ${requestId}：已批准（console:bob）。`);
  expect(decided.stdout).toMatch(/批量删除 p-\w+ 已完成：删除了 3 条备注。输入 undo p-\w+ 可撤销。/);
  expect(await db.collection('notes').countDocuments({ recordId: 'acct-zh1', deletedAt: null })).toBe(0);

  // Long work: "started", the job list, and the result line the progress board prints when it ends.
  const backedUp = await runScript('backup now\njobs\n', env, ['--as', 'console:alice', '--lang', 'zh-CN']);
  expect(backedUp.stdout).toMatch(/备份 j-\w+ 已在后台开始。运行时会显示进度；输入 jobs 可查看。/);
  expect(backedUp.stdout).toContain('任务（进行中的在前，其余按时间由近及远）：');
  expect(backedUp.stdout).toMatch(/\[j-\w+\] 备份 j-\w+ 已完成，用时 \d+ 秒。已写入备份 manual-\S+：\d+ 条备注/);

  for (const out of [first.stdout, run.stdout, decided.stdout, backedUp.stdout]) expect(botLines(out).flatMap(englishWords)).toEqual([]);
}, 180_000);

test("the terminal's LANG picks Chinese; a person's own lang wins over it and is kept", async () => {
  const zhEnv = { ...env, LANG: 'zh_CN.UTF-8' };
  const fromTerminal = await runScript('lang\n', zhEnv, ['--as', 'console:carol']);
  expect(fromTerminal.stdout).toContain('你的语言：简体中文（来自你的客户端语言设置）。');

  const switched = await runScript('lang en\nlang\nhelp\n', zhEnv, ['--as', 'console:carol']);
  expect(switched.stdout).toContain('From now on I answer you in English.');
  expect(switched.stdout).toContain("Your language: English (your own setting). \"lang en\" or \"lang zh-CN\" changes it.");
  expect(switched.stdout).toContain('Commands for you (member):');
  expect(switched.stdout).toMatch(/lang \[en \| zh-CN\] +show or set the language/);
  expect(await db.collection('localePreferences').findOne({ _id: 'console:carol' as never })).toMatchObject({ locale: 'en' });

  // Stored: the next session, even with --lang zh-CN, speaks English to carol, Chinese to dave.
  const later = await runScript('lang\nas console:dave\nlang\n', env, ['--as', 'console:carol', '--lang', 'zh-CN']);
  expect(later.stdout).toContain('Your language: English (your own setting).');
  expect(later.stdout).toContain('你的语言：简体中文（来自你的客户端语言设置）。');

  const bad = await runScript('lang fr\n', env, ['--as', 'console:carol']);
  expect(bad.stdout).toContain('✗ "fr" is not a language this bot speaks: use en or zh-CN.\nUsage: lang [en | zh-CN]');
}, 180_000);

test('--lang with a language the bot does not speak stops start-up with one line', async () => {
  const run = await runScript('', env, ['--lang', 'fr']);
  expect(run.code).toBe(2);
  expect(run.stderr.trim()).toBe('notes-bot: --lang needs en or zh-CN, got "fr".');
}, 60_000);

test('an import with bad rows, in Chinese: every bad row says what is wrong in Chinese', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'notes-zh-import-'));
  const csv = path.join(dir, 'sf-notes.csv');
  writeFileSync(
    csv,
    ['Id,ParentId,Title,Body,IsDeleted', '002A,,Kickoff,no parent,false', '002B,001X,Old,gone,true', '002C,001X,Fine,好的,false'].join('\n'),
  );
  const ndjson = path.join(dir, 'notes.ndjson');
  writeFileSync(ndjson, ['{"recordId":"acct-zh9","body":"好","id":"n-zh0001"}', '{not json', '{"body":"缺记录"}', '{"recordId":"acct-zh9","body":"x","tags":[1]}'].join('\n'));

  const run = await runScript(`import ${csv}\nimport ${ndjson}\n`, env, ['--as', 'console:alice', '--lang', 'zh-CN']);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('第 2 行：ParentId 列为空。');
  expect(run.stdout).toContain('第 3 行：该备注在 Salesforce 中已删除。');
  expect(run.stdout).toContain('第 2 行：不是有效的 JSON。');
  expect(run.stdout).toContain('第 3 行：缺少 recordId 字段。');
  expect(run.stdout).toContain('第 4 行：tags.0 字段的值类型不对。');
  // File names, formats and field names are data; nothing else may be English.
  const data = ['sf-notes.csv', 'notes.ndjson', 'salesforce', 'ndjson', 'ParentId', 'recordId', 'tags.0', 'JSON'];
  const said = botLines(run.stdout).map((line) => data.reduce((rest, d) => rest.replaceAll(d, ''), line));
  expect(said.flatMap(englishWords)).toEqual([]);
}, 120_000);
