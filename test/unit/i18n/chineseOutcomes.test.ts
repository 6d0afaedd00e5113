import { describe, expect, test } from '@jest/globals';
import { translatorFor } from '../../../adapters/chat/i18n/index.js';
import { renderText } from '../../../adapters/chat/renderText.js';
import { renderErrorText } from '../../../adapters/chat/words.js';
import { isNotesError } from '../../../src/domain/errors.js';
import type { Command } from '../../../src/usecases/commands.js';
import type { Outcome } from '../../../src/usecases/outcomes.js';
import { englishWords } from '../../support/english.js';
import { backupOutcomes, DIAGNOSTICS, jobAndCrmOutcomes } from '../../support/readerOutcomes.js';
import { expectKind, makeCore } from '../../support/core.js';

const zh = translatorFor('zh-CN');

/** A whole working session through the core, every outcome read in Chinese. */
async function session() {
  const core = makeCore({ bulkApprovalThreshold: 2 });
  const outcomes: Outcome[] = [];
  const run = async (actorId: string, command: Command) => {
    const outcome = await core.run(actorId, command);
    outcomes.push(outcome);
    return outcome;
  };
  const all = { filter: {}, filterText: '', page: { page: 1 } };
  await run('console:admin', { name: 'help' });
  for (let i = 0; i < 4; i += 1) await run('console:mo', { name: 'add', recordId: 'acct-42', body: `续约电话 第${i}次 #续约` });
  const list = expectKind(await run('console:mo', { name: 'list', ...all }), 'note-list');
  const [first, second] = list.notes;
  await run('console:mo', { name: 'show', noteId: first.id });
  const asked = expectKind(await run('console:mo', { name: 'delete', noteId: first.id, reason: '重复' }), 'approval-requested');
  await run('console:admin', { name: 'approvals' });
  await run('console:admin', { name: 'approve', requestId: asked.request.id });
  const confirmDelete = expectKind(await run('console:admin', { name: 'delete', noteId: second.id, reason: null }), 'confirm-delete');
  await run('console:admin', { name: 'cancel', confirmationId: confirmDelete.confirmationId });
  const again = expectKind(await run('console:admin', { name: 'delete', noteId: second.id, reason: null }), 'confirm-delete');
  await run('console:admin', { name: 'confirm', confirmationId: again.confirmationId });
  await run('console:admin', { name: 'trash', ...all });
  await run('console:admin', { name: 'restore', noteId: second.id });
  const preview = expectKind(await run('console:admin', { name: 'bulk-delete', filter: { recordId: 'acct-42' }, filterText: 'record:acct-42' }), 'confirm-plan');
  await run('console:admin', { name: 'confirm', confirmationId: preview.confirmationId });
  const pending = expectKind(await run('console:admin', { name: 'approvals' }), 'approval-list');
  const done = await run('console:admin2', { name: 'approve', requestId: pending.requests[0].id });
  const executed = expectKind(expectKind(done, 'approval-decided').result!, 'plan-executed');
  await run('console:admin', { name: 'undo', planId: executed.plan.id });
  await run('console:admin', { name: 'roles', change: { kind: 'grant', actorId: 'console:vera', role: 'viewer' } });
  await run('console:admin', { name: 'roles', change: { kind: 'list' } });
  await run('console:admin', { name: 'audit', request: { kind: 'note', noteId: first.id } });
  await run('console:admin', { name: 'audit', request: { kind: 'verify' } });
  await run('console:mo', { name: 'lang', locale: 'zh-CN' });
  await run('console:mo', { name: 'lang', locale: null });
  return { core, outcomes };
}

describe('every outcome in Chinese', () => {
  test('a whole session reads in Chinese: no English beyond ids and command words', async () => {
    const { outcomes } = await session();
    expect(new Set(outcomes.map((o) => o.kind)).size).toBeGreaterThanOrEqual(18);
    for (const outcome of [...outcomes, ...backupOutcomes, ...jobAndCrmOutcomes]) {
      const text = renderText(outcome, zh);
      // Diagnostics (a verifier's, a CRM's, a failure code) are data, quoted as recorded.
      expect([outcome.kind, englishWords(DIAGNOSTICS.reduce((rest, d) => rest.replaceAll(d, ''), text))]).toEqual([outcome.kind, []]);
      expect(text).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  test('a sentence after Chinese full-width punctuation follows it with no space, as Chinese is set', async () => {
    const { outcomes } = await session();
    const texts = [...outcomes, ...backupOutcomes, ...jobAndCrmOutcomes].map((outcome) => [outcome.kind, renderText(outcome, zh)]);
    expect(texts.filter(([, text]) => /[。！？] \S/.test(text))).toEqual([]);
    // A bulk delete's result and its undo hint: two sentences, as the approver reads them.
    expect(texts.map(([, text]) => text).join('\n')).toMatch(/。输入 undo p-\w+ 可撤销。/);
  });

  test("an audit entry's details use Chinese punctuation: labels with '：', details apart with '；'", async () => {
    const { outcomes } = await session();
    const trail = renderText(outcomes.find((o) => o.kind === 'audit-entries')!, zh);
    expect(trail).toMatch(/原因：重复/);
    expect(trail).not.toMatch(/[\u4e00-\u9fff]: |; /);
    // The details follow the targets in full-width brackets, not after an English dash.
    expect(trail).not.toMatch(/ — | \(\+/);
    expect(trail).toMatch(/（[^）]*原因：重复/);
  });

  test('the same session in English still reads as before', async () => {
    const { outcomes } = await session();
    const texts = outcomes.map((o) => renderText(o));
    expect(texts).toContainEqual(expect.stringMatching(/^Commands for you \(admin\):/));
    expect(texts).toContainEqual(expect.stringMatching(/^Approval request r-\w+ sent: note n-\w+ on acct-42: "续约电话/));
    expect(texts).toContainEqual(expect.stringMatching(/^Bulk delete p-\w+: 3 notes match record:acct-42\./));
  });

  test('jobs and CRM connectors in Chinese: counts through Intl, no English plurals', () => {
    const [started, , jobs, , stopping, status, synced] = jobAndCrmOutcomes.map((o) => renderText(o, zh));
    expect(started).toBe('批量删除 p-abc123 已在后台开始（共 10,000 条备注）。运行时会显示进度；输入 jobs 可查看。');
    expect(jobs).toContain('  p-abc123  批量删除  进行中  已处理 4,000 / 10,000 条（40%） · 每秒 67 条 · 剩余时间约 1 分 30 秒  slack:UADMIN 发起于 2026-11-29 02:00 UTC');
    expect(stopping).toMatch(/^批量删除 p-abc123 将在当前批次完成后停止/);
    expect(status).toContain('Zoho：上次同步 2026-11-29 01:00 UTC；下次拉取：2026-11-01T00:00:00Z 以来的变更，第 3 页。');
    expect(status).toContain('  待发送队列：等待 2，发送中 1，失败 1。');
    expect(synced).toContain('Zoho：已拉取 1,200 条备注（新增 1,000，更新 150，未变 50），共 12 页。');
    // English keeps its words, with the same numbers.
    expect(renderText(jobAndCrmOutcomes[6])).toContain('zoho: pulled 1,200 notes (1,000 new, 150 updated, 50 unchanged) in 12 pages.');
    expect(renderText(jobAndCrmOutcomes[0])).toBe('Bulk delete p-abc123 started in the background (10,000 notes). Its progress is shown as it runs; "jobs" lists it.');
  });

  test('refusals read in Chinese, with the usage line in Chinese', async () => {
    const core = makeCore();
    const refusals: unknown[] = [];
    for (const command of [
      { name: 'show', noteId: 'n-miss01' },
      { name: 'approvals' },
      { name: 'bulk-delete', filter: {}, filterText: '' },
      { name: 'add', recordId: '客户#1', body: 'x' },
    ] as Command[]) {
      refusals.push(await core.run('console:mo', command).catch((error: unknown) => error));
    }
    const texts = refusals.map((error) => (isNotesError(error) ? renderErrorText(error, zh) : String(error)));
    expect(texts[0]).toBe('备注 n-miss01 不存在。输入 list 可核对 ID。');
    expect(texts[1]).toBe('“approvals”需要管理员角色；你当前是成员。');
    expect(texts[3]).toBe('“客户#1”不是有效的记录 ID（只能包含字母、数字和 . _ : -，且以字母或数字开头）。\n用法：add <记录ID> <内容...>');
    for (const text of texts) expect(englishWords(text)).toEqual([]);
  });
});
