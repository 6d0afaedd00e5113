import { Writable } from 'node:stream';
import { describe, expect, test } from '@jest/globals';
import { translatorFor } from '../../../adapters/chat/i18n/index.js';
import { operationReader } from '../../../adapters/chat/progress.js';
import { endNotice, endText, runningText } from '../../../adapters/chat/progressText.js';
import { consoleProgressBoard } from '../../../adapters/console/progress.js';
import { feishuProgressCard } from '../../../adapters/feishu/progress.js';
import { renderOutcome } from '../../../adapters/slack/blocks.js';
import { slackProgressMessage } from '../../../adapters/slack/progress.js';
import { teamsProgressCard } from '../../../adapters/teams/progress.js';
import type { Locale } from '../../../src/domain/locale.js';
import { englishWords } from '../../support/english.js';
import { anOperation, backupOutcomes, DIAGNOSTICS, NOW, operations } from '../../support/readerOutcomes.js';

const zh = translatorFor('zh-CN');

/** Every string a person reads in a native message: Slack's `text`, Teams' `text`/`title`, Feishu's `content`. */
function wordsOf(value: unknown): string[] {
  if (typeof value === 'string') return [];
  if (Array.isArray(value)) return value.flatMap(wordsOf);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) =>
    typeof child === 'string' && ['text', 'title', 'content', 'fallbackText', 'confirm', 'deny'].includes(key) ? [child] : wordsOf(child),
  );
}

/** English left in a text once Slack's emoji names and recorded diagnostics are taken out. */
const english = (text: string) => englishWords(DIAGNOSTICS.reduce((rest, d) => rest.replaceAll(d, ''), text).replace(/:[a-z_]+:/g, ' '));

describe('long operations in Chinese on every platform', () => {
  test.each(operations)('%s: Slack, Teams and Feishu show it with no English beyond ids and command words', (_name, op) => {
    const natives = { slack: slackProgressMessage(op, NOW, zh), teams: teamsProgressCard(op, NOW, zh), feishu: feishuProgressCard(op, NOW, zh) };
    for (const [platform, native] of Object.entries(natives)) {
      const text = wordsOf(native).join('\n');
      expect([platform, english(text)]).toEqual([platform, []]);
      expect(text).toMatch(/[\u4e00-\u9fff]/);
    }
    const notice = endNotice(op, zh);
    expect(english(notice)).toEqual([]);
  });

  test('progress, rate and time left in Chinese words with Intl numbers; the same line in English is unchanged', () => {
    const [, running] = operations[0];
    expect(runningText(running, NOW, zh)).toBe('批量删除 p-abc123 进行中：已处理 4,000 / 10,000 条（40%） · 每秒 67 条 · 剩余时间约 1 分 30 秒。输入 cancel p-abc123 可停止。');
    expect(runningText(running, NOW)).toBe('Bulk delete p-abc123 running: 4,000 of 10,000 (40%) · 67 notes/s · about 1 min 30 s left. "cancel p-abc123" stops it.');
    const [, stopped] = operations[4];
    expect(endText(stopped, zh)).toBe('批量删除 p-abc123 已被 slack:UADMIN2 停止，用时 1 分 0 秒：已删除 4,000 条；另有 6,000 条未处理。输入 undo p-abc123 可撤销。');
    expect(endNotice(stopped, zh)).toMatch(/^你的批量删除 p-abc123 已被 slack:UADMIN2 停止/);
    expect(endNotice(stopped)).toMatch(/^Your bulk delete p-abc123 stopped by slack:UADMIN2 in 1 min 0 s: 4,000 deleted; 6,000 not reached\. Undo with: undo p-abc123$/);
  });

  test('the Stop and Undo buttons speak the reader’s language', () => {
    const [, running] = operations[0];
    expect(JSON.stringify(slackProgressMessage(running, NOW, zh))).toContain('"text":"停止"');
    expect(JSON.stringify(teamsProgressCard(running, NOW, zh))).toContain('"title":"停止"');
    expect(JSON.stringify(feishuProgressCard(operations[3][1], NOW, zh))).toContain('"content":"撤销"');
  });

  test('the console board writes the progress and the result in the console reader’s language', async () => {
    let written = '';
    const output = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk.toString();
        done();
      },
    });
    const board = consoleProgressBoard(output, { terminal: false, clock: { now: () => NOW }, reader: () => zh });
    await board.update(operations[0][1]);
    await board.finish(operations[3][1]);
    expect(written).toBe('[p-abc123] 已处理 4,000 / 10,000 条（40%） · 每秒 67 条 · 剩余时间约 1 分 30 秒\n[p-abc123] 批量删除 p-abc123 已完成，用时 1 分 15 秒：已删除 9,990 条，跳过 10 条（期间已被修改或已由他人处理）。输入 undo p-abc123 可撤销。\n');
  });
});

test.each(backupOutcomes.map((o, i) => [`${o.kind} #${i}`, o] as const))('Slack backup blocks in Chinese: %s', (_name, outcome) => {
  const text = wordsOf(renderOutcome(outcome, NOW, zh).blocks).join('\n');
  expect(english(text)).toEqual([]);
  expect(text).toMatch(/[\u4e00-\u9fff]/);
});

describe('the language of a long operation is its requester’s', () => {
  const core = (own: Record<string, Locale>) => ({
    async localeOf(ctx: { actor: { id: string }; platformLocale?: Locale | null }): Promise<Locale> {
      return own[ctx.actor.id] ?? ctx.platformLocale ?? 'en';
    },
  });

  test('their own lang, else what their platform reports, else DEFAULT_LOCALE when the lookup fails', async () => {
    const op = anOperation({ requesterId: 'teams:li' });
    expect((await operationReader(core({ 'teams:li': 'zh-CN' }), 'en')(op)).locale).toBe('zh-CN');
    expect((await operationReader(core({}), 'en', async () => 'zh-CN')(op)).locale).toBe('zh-CN');
    expect((await operationReader(core({}), 'en')(op)).locale).toBe('en');
    const failing = { localeOf: () => Promise.reject(new Error('database down')) };
    expect((await operationReader(failing, 'zh-CN')(op)).locale).toBe('zh-CN');
  });
});
