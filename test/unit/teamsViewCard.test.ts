import { describe, expect, test } from '@jest/globals';
import { translatorFor } from '../../adapters/chat/i18n/index.js';
import { parseCommand } from '../../adapters/chat/parseCommand.js';
import type { Intent, MessageView, ViewAction, ViewBlock } from '../../adapters/chat/view.js';
import { cardActionDataSchema, commandLineOf } from '../../adapters/teams/activity.js';
import { MAX_CARD_BYTES, renderCard } from '../../adapters/teams/viewCard.js';
import { expectValidCard } from '../integration/teams/cardAssertions.js';
import { actionsOf, cardText } from '../integration/teams/harness.js';

const en = translatorFor('en');
const zh = translatorFor('zh-CN');

/** Every node of a card whose `type` is `type`, depth first. */
function nodes(value: unknown, type: string): Array<Record<string, unknown>> {
  if (Array.isArray(value)) return value.flatMap((item) => nodes(item, type));
  if (!value || typeof value !== 'object') return [];
  const node = value as Record<string, unknown>;
  return [...(node.type === type ? [node] : []), ...Object.values(node).flatMap((child) => nodes(child, type))];
}

const view = (blocks: ViewBlock[], actions: ViewAction[] = [], tone: MessageView['tone'] = 'neutral'): MessageView => ({ title: 'Title line', tone, blocks, actions, text: 'Title line' });

/** Every intent, the command line its button must carry, and the command the click handler makes of it. */
const INTENTS: Array<[Intent, string, string]> = [
  [{ do: 'delete', noteId: 'n-1' }, 'delete n-1', 'delete'],
  [{ do: 'restore', noteId: 'n-1' }, 'restore n-1', 'restore'],
  [{ do: 'undo-delete', noteId: 'n-1' }, 'restore n-1', 'restore'],
  [{ do: 'undo-plan', planId: 'p-1' }, 'undo p-1', 'undo'],
  [{ do: 'confirm', confirmationId: 'c-1' }, 'confirm c-1', 'confirm'],
  [{ do: 'cancel', confirmationId: 'c-1' }, 'cancel c-1', 'cancel'],
  [{ do: 'approve', requestId: 'r-1' }, 'approve r-1', 'approve'],
  [{ do: 'reject', requestId: 'r-1' }, 'reject r-1', 'reject'],
  [{ do: 'page', page: { state: 'deleted', filterText: 'tag:x', page: '2,akf0,n-1' }, direction: 'next' }, 'trash tag:x page:2,akf0,n-1', 'trash'],
  [{ do: 'delete-selected' }, 'delete-selected', 'delete-selected'],
  [{ do: 'verify-backup', backupId: 'b-1' }, 'backup verify b-1', 'backup'],
  [{ do: 'backup-now' }, 'backup now', 'backup'],
  [{ do: 'stop', operationId: 'p-9' }, 'cancel p-9', 'cancel-job'],
];

describe('Teams renders the shared message view as an Adaptive Card', () => {
  test.each(INTENTS)('the %j button carries "%s", which the click handler reads as %s', (intent, line, command) => {
    const card = renderCard(view([], [{ label: 'Go', intent, style: 'danger', confirm: { title: 't', text: 'x', yes: 'y', no: 'n' } }]), en);
    expectValidCard(card);
    const [button] = nodes(card, 'Action.Execute');
    expect(button).toMatchObject({ title: 'Go', verb: 'notes', style: 'destructive', data: { cmd: line } });
    // Teams merges the ticked toggles into the data of "Delete selected".
    const data = cardActionDataSchema.parse({ ...(button.data as Record<string, unknown>), 'sel_n-1': 'true', 'sel_n-2': 'false' });
    expect(parseCommand(commandLineOf(data), { platform: 'teams' }).name).toBe(command);
  });

  test('every block type: paragraphs, facts, a body, an item with its button, a selection with its submit', () => {
    const blocks: ViewBlock[] = [
      { type: 'text', text: 'first\nsecond', style: 'strong', tone: 'attention' },
      { type: 'text', text: 'small print', style: 'subtle' },
      { type: 'text', text: ['Approved by ', { actor: 'teams:u2' }], style: 'strong' },
      { type: 'facts', facts: [{ label: 'Reason', value: '*bold* [x](http://evil)' }, { label: 'Author', value: [{ actor: 'teams:u3' }, ' <at>x</at>'] }] },
      { type: 'body', text: 'line one\n\nline three' },
      { type: 'item', key: 'n-1', heading: [{ id: 'n-1' }, ' · ', { strong: 'acct-1' }, ' · ', { actor: 'teams:u1' }], detail: ['asked by ', { actor: 'slack:U4' }], actions: [{ label: 'Delete', intent: { do: 'delete', noteId: 'n-1' }, refresh: 'list page:1' }] },
      { type: 'selection', options: [{ value: 'n-1', label: 'n-1 · *bold*' }], placeholder: 'Select notes to delete', submit: { label: 'Delete selected', intent: { do: 'delete-selected' }, style: 'danger', refresh: 'list page:1' } },
    ];
    const card = renderCard(view(blocks, [{ label: 'Next', intent: INTENTS[8][0], style: 'primary' }]), en);
    expectValidCard(card);
    const runs = nodes(card, 'TextRun');
    const run = (text: string) => runs.find((r) => r.text === text);
    expect(run('first')).toMatchObject({ weight: 'Bolder', color: 'Attention' });
    expect(run('second')).toMatchObject({ weight: 'Bolder', color: 'Attention' });
    expect(run('small print')).toMatchObject({ isSubtle: true });
    // Facts in literal runs, not a FactSet Teams would parse: the value is kept exactly.
    expect(nodes(card, 'FactSet')).toEqual([]);
    expect(run('*bold* [x](http://evil)')).toBeDefined();
    expect(cardText(card)).toContain('line one\n \nline three');
    expect(run('n-1')).toMatchObject({ weight: 'Bolder' });
    expect(run('acct-1')).toMatchObject({ weight: 'Bolder' });
    expect(run('teams:u1')?.weight).toBeUndefined();
    // People in a paragraph, a fact and a detail: their ids as plain text runs, no mention entity.
    expect(run('Approved by teams:u2')).toMatchObject({ weight: 'Bolder' });
    expect(run('teams:u3')?.weight).toBeUndefined();
    expect(run(' <at>x</at>')).toBeDefined();
    expect(run('slack:U4')).toMatchObject({ isSubtle: true });
    expect(run('asked by ')).toMatchObject({ isSubtle: true });
    expect(JSON.stringify(card)).not.toContain('msteams');
    const [toggle] = nodes(card, 'Input.Toggle');
    expect(toggle).toMatchObject({ id: 'sel_n-1', title: 'n-1 · \\*bold\\*', valueOn: 'true', valueOff: 'false' });
    expect(cardText(card)).toContain('Select notes to delete');
    expect(actionsOf(card).map((a) => [a.title, a.data])).toEqual([
      ['Delete', { cmd: 'delete n-1', view: 'list page:1' }],
      ['Delete selected', { cmd: 'delete-selected', view: 'list page:1' }],
      ['Next', { cmd: 'trash tag:x page:2,akf0,n-1' }],
    ]);
    expect(nodes(card, 'Action.Execute').map((a) => a.style)).toEqual([undefined, 'destructive', 'positive']);
  });

  test('the tone colours the card: good, warning and attention in a styled container; neutral and muted plain', () => {
    const styles = (tone: MessageView['tone']) => nodes(renderCard(view([], [], tone), en), 'Container').map((c) => c.style);
    expect(styles('good')).toEqual(['good']);
    expect(styles('warning')).toEqual(['warning']);
    expect(styles('attention')).toEqual(['attention']);
    expect(styles('neutral')).toEqual([]);
    expect(nodes(renderCard(view([], [], 'muted'), en), 'TextRun')[0]).toMatchObject({ text: 'Title line', isSubtle: true });
  });

  test('a list too big for Teams loses items from the bottom, says how many, and drops their toggles', () => {
    const total = 300;
    const items: ViewBlock[] = Array.from({ length: total }, (_, i) => ({
      type: 'item',
      key: `n-${i}`,
      heading: [{ id: `n-${i}` }, ` · ${'x'.repeat(60)}`],
      detail: 'y'.repeat(150),
      actions: [{ label: 'Delete', intent: { do: 'delete', noteId: `n-${i}` } }],
    }));
    const selection: ViewBlock = { type: 'selection', options: items.map((_, i) => ({ value: `n-${i}`, label: `n-${i}` })), placeholder: 'pick', submit: { label: 'Delete selected', intent: { do: 'delete-selected' } } };
    const card = renderCard(view([...items, selection, { type: 'text', text: 'hint' }]), en);
    expectValidCard(card);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(MAX_CARD_BYTES);
    const shown = actionsOf(card).filter((a) => a.title === 'Delete').length;
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(total);
    expect(cardText(card)).toContain(`… and ${total - shown} more`);
    expect(nodes(card, 'Input.Toggle').map((t) => t.id)).toEqual(Array.from({ length: shown }, (_, i) => `sel_n-${i}`));
    expect(cardText(card)).toContain('hint');
  });

  test('a body too long for Teams keeps its first lines and says how many more, in the reader’s language', () => {
    const body = Array.from({ length: 4000 }, (_, i) => `line ${i}`).join('\n');
    const card = renderCard(view([{ type: 'body', text: body }]), zh);
    expectValidCard(card);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(MAX_CARD_BYTES);
    const text = cardText(card);
    expect(text).toContain('line 0');
    expect(text).not.toContain('line 3999');
    const kept = text.split('\n').filter((l) => l.startsWith('line ')).length;
    expect(text).toContain(zh.t('format.more', { count: 4000 - kept }));
  });

  test('a view that fits is left whole', () => {
    const card = renderCard(view([{ type: 'body', text: 'short' }]), en);
    expect(cardText(card)).toBe('Title line\nshort');
  });
});
