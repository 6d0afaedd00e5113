import { describe, expect, test } from '@jest/globals';
import stringWidth from 'string-width';
import { padToColumn } from '../../adapters/chat/format.js';
import { translatorFor } from '../../adapters/chat/i18n/index.js';
import { renderText } from '../../adapters/chat/renderText.js';
import { actionTable } from '../../src/usecases/actions.js';

/** The terminal column where each help line's summary starts, for usages shorter than the column. */
function summaryStarts(locale: 'en' | 'zh-CN'): number[] {
  const tr = translatorFor(locale);
  const text = renderText({ kind: 'help', actions: Object.values(actionTable), role: 'admin' }, tr);
  return Object.values(actionTable)
    .map((action) => ({ usage: tr.t(`actions.${action.name}.usage`), summary: tr.t(`actions.${action.name}.summary`) }))
    .filter(({ usage }) => stringWidth(usage) < 58)
    .map(({ usage, summary }) => {
      const line = text.split('\n').find((candidate) => candidate.startsWith(`  ${usage} `) && candidate.endsWith(summary));
      if (!line) throw new Error(`no help line for ${usage}`);
      return stringWidth(line) - stringWidth(summary);
    });
}

describe('help lines up its summaries in a terminal', () => {
  test.each(['en', 'zh-CN'] as const)('%s: every summary starts in the same column', (locale) => {
    const starts = summaryStarts(locale);
    expect(starts.length).toBeGreaterThan(10);
    expect(new Set(starts)).toEqual(new Set([61]));
  });

  test('padToColumn counts a Chinese character as two columns', () => {
    expect(padToColumn('ab', 5)).toBe('ab   ');
    expect(padToColumn('备注', 5)).toBe('备注 ');
    expect(padToColumn('a longer text', 5)).toBe('a longer text');
  });
});
