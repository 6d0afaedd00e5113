import { describe, expect, test } from '@jest/globals';
import { translatorFor } from '../../adapters/chat/i18n/index.js';
import { parseCommand } from '../../adapters/chat/parseCommand.js';
import type { Intent, MessageView, Tone, ViewAction, ViewBlock } from '../../adapters/chat/view.js';
import type { CardElement, FeishuCard } from '../../adapters/feishu/cardKit.js';
import { commandLineOf } from '../../adapters/feishu/payloads.js';
import { countElements, MAX_CARD_ELEMENTS, withinLimits } from '../../adapters/feishu/limits.js';
import { renderViewCard } from '../../adapters/feishu/viewRenderer.js';

/**
 * The Feishu renderer of the shared view vocabulary: every block type, tone, inline run and
 * intent becomes card JSON 2.0 that Feishu accepts, people's text stays literal, and a view too
 * big for one card is cut and says how much was left out.
 */
const zh = translatorFor('zh-CN');
const view = (over: Partial<MessageView>): MessageView => ({ title: 'T', tone: 'neutral', blocks: [], actions: [], text: 'T', ...over });

/** Every object with this tag, depth first. */
function all(value: unknown, tag: string): CardElement[] {
  if (Array.isArray(value)) return value.flatMap((item) => all(item, tag));
  if (!value || typeof value !== 'object') return [];
  const own = (value as CardElement).tag === tag ? [value as CardElement] : [];
  return [...own, ...Object.values(value).flatMap((child) => all(child, tag))];
}
const contents = (card: FeishuCard) => all(card.body, 'plain_text').map((t) => t.content);
const divs = (card: FeishuCard) => card.body.elements.filter((e) => e.tag === 'div').map((e) => e.text as { content: string; text_size?: string; text_color?: string });
const valueOf = (b: CardElement) => (b.behaviors as Array<{ value: { cmd: string; view?: string } }>)[0].value;

test.each<[Tone, string]>([
  ['neutral', 'blue'],
  ['good', 'green'],
  ['warning', 'orange'],
  ['attention', 'red'],
  ['muted', 'grey'],
])('tone %s is a %s header with the title as plain text', (tone, template) => {
  const card = renderViewCard(view({ title: '标题', tone }), zh);
  expect(card.header).toEqual({ title: { tag: 'plain_text', content: '标题' }, template });
  expect(card).toMatchObject({ schema: '2.0', config: { update_multi: true, summary: { content: '标题' } } });
});

describe('blocks', () => {
  const body = '客户反馈 <at id=all></at> **加粗** [链接](https://evil.example)\n第二行';
  const blocks: ViewBlock[] = [
    { type: 'text', text: '段落\n两行' },
    { type: 'text', text: '小字', style: 'subtle' },
    { type: 'text', text: '小标题', style: 'strong', tone: 'good' },
    { type: 'text', text: '警告', tone: 'attention' },
    { type: 'facts', facts: [{ label: '记录', value: '<at id=all></at>' }, { label: '作者', value: [{ actor: 'feishu:ou_a' }] }, { label: '删除', value: [{ actor: 'feishu:ou_b' }, ' 于 01-10 删除'] }] },
    { type: 'text', text: ['已批准（', { actor: 'feishu:ou_c' }, '）'], style: 'strong' },
    { type: 'body', text: body },
  ];
  const card = renderViewCard(view({ blocks }), zh);

  test('text keeps newlines; subtle is small grey, strong a heading, tone a colour', () => {
    expect(divs(card).slice(0, 4)).toEqual([
      { tag: 'plain_text', content: '段落\n两行' },
      { tag: 'plain_text', content: '小字', text_size: 'notation', text_color: 'grey' },
      { tag: 'plain_text', content: '小标题', text_size: 'heading', text_color: 'green' },
      { tag: 'plain_text', content: '警告', text_color: 'red' },
    ]);
  });

  test("facts and a person's body are literal plain text: no markdown, no mention, no link", () => {
    // People are their ids in plain text, as in headings: no <at> mention.
    expect(contents(card).slice(4)).toEqual(['记录：<at id=all></at>', '作者：feishu:ou_a', '删除：feishu:ou_b 于 01-10 删除', '已批准（feishu:ou_c）', body]);
    expect(JSON.stringify(card)).not.toMatch(/"tag":"(markdown|lark_md|at|a)"/);
  });

  test('an item: its inline runs as one plain line, its detail small, its buttons beside it', () => {
    const item: ViewBlock = {
      type: 'item',
      key: 'n-1',
      heading: [{ id: 'n-1' }, ' · ', { strong: 'acct-7' }, ' · ', { actor: 'feishu:ou_a' }],
      detail: ['申请人 ', { actor: 'feishu:ou_b' }, '，摘要'],
      actions: [{ label: '删除', intent: { do: 'delete', noteId: 'n-1' }, style: 'danger', refresh: 'list page:1' }],
    };
    const [row] = renderViewCard(view({ blocks: [item] }), zh).body.elements;
    expect(row.tag).toBe('column_set');
    expect(contents({ ...card, body: { elements: [row] } })).toEqual(['n-1 · acct-7 · feishu:ou_a', '申请人 feishu:ou_b，摘要', '删除']);
    const [button] = all(row, 'button');
    expect(button).toMatchObject({ type: 'danger', behaviors: [{ type: 'callback', value: { cmd: 'delete n-1', view: 'list page:1' } }] });
    // Without buttons an item is two lines, no columns: a long help stays small.
    const plain = renderViewCard(view({ blocks: [{ ...item, actions: [] }] }), zh).body.elements;
    expect(plain.map((e) => e.tag)).toEqual(['div', 'div']);
  });

  test('a selection is a form: a multi-select of the options and a submit button carrying the list to re-read', () => {
    const selection: ViewBlock = {
      type: 'selection',
      options: [{ value: 'n-1', label: 'n-1 · 甲' }, { value: 'n-2', label: 'n-2 · 乙' }],
      placeholder: '选择',
      submit: { label: '删除所选', intent: { do: 'delete-selected' }, style: 'danger', refresh: 'list page:1' },
    };
    const [form] = renderViewCard(view({ blocks: [selection] }), zh).body.elements;
    expect(form.tag).toBe('form');
    const [select] = all(form, 'multi_select_static');
    expect(select).toMatchObject({ name: 'note_ids', placeholder: { content: '选择' } });
    expect((select.options as Array<{ value: string; text: { content: string } }>).map((o) => [o.value, o.text.content])).toEqual([
      ['n-1', 'n-1 · 甲'],
      ['n-2', 'n-2 · 乙'],
    ]);
    const [submit] = all(form, 'button');
    expect(submit).toMatchObject({ form_action_type: 'submit', type: 'danger' });
    expect(valueOf(submit)).toEqual({ cmd: 'delete-selected', view: 'list page:1' });
  });
});

describe('actions', () => {
  const intents: Array<[Intent, string]> = [
    [{ do: 'delete', noteId: 'n-1' }, 'delete n-1'],
    [{ do: 'restore', noteId: 'n-1' }, 'restore n-1'],
    [{ do: 'undo-delete', noteId: 'n-1' }, 'restore n-1'],
    [{ do: 'undo-plan', planId: 'p-1' }, 'undo p-1'],
    [{ do: 'confirm', confirmationId: 'c-1' }, 'confirm c-1'],
    [{ do: 'cancel', confirmationId: 'c-1' }, 'cancel c-1'],
    [{ do: 'approve', requestId: 'r-1' }, 'approve r-1'],
    [{ do: 'reject', requestId: 'r-1' }, 'reject r-1'],
    [{ do: 'page', page: { state: 'deleted', filterText: 'tag:x', page: '2' }, direction: 'next' }, 'trash tag:x page:2'],
    [{ do: 'delete-selected' }, 'delete-selected'],
    [{ do: 'verify-backup', backupId: 'b-1' }, 'backup verify b-1'],
    [{ do: 'backup-now' }, 'backup now'],
    [{ do: 'stop', operationId: 'p-1' }, 'cancel p-1'],
  ];
  const actions: ViewAction[] = intents.map(([intent], i) => ({ label: `按钮${i}`, intent }));
  const card = renderViewCard(view({ actions }), zh);
  const buttons = all(card.body, 'button');

  test('every intent is a button sending its command line, in order, in one row under the blocks', () => {
    expect(card.body.elements.map((e) => e.tag)).toEqual(['column_set']);
    expect(buttons.map((b) => (b.text as { content: string }).content)).toEqual(actions.map((a) => a.label));
    expect(buttons.map((b) => valueOf(b))).toEqual(intents.map(([, cmd]) => ({ cmd })));
  });

  test('what a button sends is understood by the grammar (clicks go through it like typed text)', () => {
    // As the click handler reads it: "Delete selected" gets the ticked ids appended.
    const lines = buttons.map((b) => commandLineOf({ value: valueOf(b), form_value: { note_ids: ['n-1', 'n-2'] } }));
    expect(lines).toContain('delete-selected n-1 n-2');
    for (const line of lines) expect(() => parseCommand(line, { platform: 'feishu' })).not.toThrow();
    expect(() => parseCommand('delete-selected', { platform: 'feishu' })).toThrow();
  });

  test("style is the button's type; confirm is Feishu's own dialog", () => {
    const confirm = { title: '请确认', text: '删除备注 n-1？', yes: '删除', no: '保留' };
    const [danger, primary, plain] = all(
      renderViewCard(
        view({
          actions: [
            { label: '删除', intent: { do: 'confirm', confirmationId: 'c-1' }, style: 'danger', confirm },
            { label: '批准', intent: { do: 'approve', requestId: 'r-1' }, style: 'primary' },
            { label: '取消', intent: { do: 'cancel', confirmationId: 'c-1' } },
          ],
        }),
        zh,
      ).body,
      'button',
    );
    expect(danger).toMatchObject({ type: 'danger', confirm: { title: { tag: 'plain_text', content: '请确认' }, text: { tag: 'plain_text', content: '删除备注 n-1？' } } });
    expect(primary).toMatchObject({ type: 'primary' });
    expect(primary.confirm).toBeUndefined();
    expect(plain).toMatchObject({ type: 'default' });
  });
});

describe("Feishu's limits", () => {
  const approve: ViewAction = { label: '批准', intent: { do: 'approve', requestId: 'r-1' }, style: 'primary' };

  test('300 rows with buttons are cut to fit; the card says how many it left out and keeps its own buttons', () => {
    const blocks: ViewBlock[] = Array.from({ length: 300 }, (_, i) => ({ type: 'item', key: `r-${i}`, heading: [{ id: `r-${i}` }], detail: '理由'.repeat(40), actions: [approve] }));
    const card = renderViewCard(view({ blocks, actions: [approve] }), zh);
    expect(withinLimits(card)).toBe(true);
    expect(countElements(card)).toBeLessThanOrEqual(MAX_CARD_ELEMENTS);
    const elements = card.body.elements;
    const shown = elements.filter((e) => e.tag === 'column_set').length - 1;
    const cut = /另有 (\d+) 项未显示/.exec(contents(card).join('\n'));
    expect(shown).toBeGreaterThan(0);
    expect(Number(cut?.[1])).toBe(300 - shown);
    expect(valueOf(all(elements[elements.length - 1], 'button')[0])).toEqual({ cmd: 'approve r-1' });
  });

  test('a text too long for one card loses whole lines before its last, and says how many', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `第 ${i} 行 ${'审计'.repeat(20)}`);
    const card = renderViewCard(view({ blocks: [{ type: 'text', text: lines.join('\n') }] }), zh);
    expect(withinLimits(card)).toBe(true);
    const shown = divs(card).filter((d) => d.content.startsWith('第 '));
    expect(shown.length).toBeGreaterThan(10);
    // fitCard keeps a card's last element (usually its buttons): here the text's last line.
    expect(shown.map((d) => d.content)).toEqual([...lines.slice(0, shown.length - 1), lines[lines.length - 1]]);
    expect(contents(card).join('\n')).toContain(`另有 ${lines.length - shown.length} 项未显示`);
  });

  test('a 4,000-character body fits (shortened only if the card would not)', () => {
    const card = renderViewCard(view({ blocks: [{ type: 'body', text: '很长的备注'.repeat(800) }] }), zh);
    expect(withinLimits(card)).toBe(true);
    expect(contents(card)).toEqual(['很长的备注'.repeat(800)]);
  });
});
