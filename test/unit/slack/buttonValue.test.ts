import { describe, expect, test } from '@jest/globals';
import { english } from '../../../adapters/chat/i18n/index.js';
import { noteListView } from '../../../adapters/chat/views/notes.js';
import type { ViewAction } from '../../../adapters/chat/view.js';
import { decodeButtonValue, encodeButtonValue } from '../../../adapters/slack/buttonValue.js';
import { LIMITS } from '../../../adapters/slack/limits.js';
import { viewButton } from '../../../adapters/slack/viewButtons.js';

describe('Slack button values: the id, and on a list the command that re-reads it', () => {
  test('id and refresh round-trip', () => {
    const value = encodeButtonValue('n-abc123', 'trash tag:"q3 deal" page:2');
    expect(JSON.parse(value)).toEqual({ id: 'n-abc123', r: 'trash tag:"q3 deal" page:2' });
    expect(decodeButtonValue(value)).toEqual({ id: 'n-abc123', refresh: 'trash tag:"q3 deal" page:2' });
  });

  test('without a refresh the value is the bare id, as on buttons posted before refresh existed', () => {
    expect(encodeButtonValue('n-abc123')).toBe('n-abc123');
    expect(decodeButtonValue('n-abc123')).toEqual({ id: 'n-abc123' });
  });

  test('a refresh that would push the value past 2,000 characters is dropped; the id stays', () => {
    const longest = 'x'.repeat(LIMITS.buttonValue - JSON.stringify({ id: 'n-1', r: '' }).length);
    expect(encodeButtonValue('n-1', longest)).toHaveLength(LIMITS.buttonValue);
    expect(decodeButtonValue(encodeButtonValue('n-1', longest)).refresh).toBe(longest);
    expect(encodeButtonValue('n-1', `${longest}y`)).toBe('n-1');
  });

  test.each([
    ['not JSON', '{"id":"n-1",'],
    ['a number id', '{"id":1,"r":"list"}'],
    ['an empty refresh', '{"id":"n-1","r":""}'],
    ['a missing refresh', '{"id":"n-1"}'],
    ['an extra key', '{"id":"n-1","r":"list","cmd":"delete n-2"}'],
    ['an array', '["n-1","list"]'],
    ['a page button value', '{"s":"live","f":"","p":2}'],
  ])('any other JSON shape (%s) carries no refresh: it is an id, and the grammar judges it', (_why, value) => {
    expect(decodeButtonValue(value)).toEqual({ id: value });
  });

  test('viewButton encodes the refresh when the view sets one, and keeps the button when it cannot', () => {
    const restore = (refresh?: string): ViewAction => ({ label: 'Restore', intent: { do: 'restore', noteId: 'n-7' }, ...(refresh ? { refresh } : {}) });
    expect(viewButton(restore())?.value).toBe('n-7');
    expect(decodeButtonValue(String(viewButton(restore('trash page:1'))?.value))).toEqual({ id: 'n-7', refresh: 'trash page:1' });
    expect(viewButton(restore('x'.repeat(LIMITS.buttonValue)))?.value).toBe('n-7');
  });

  test('a rendered list’s Delete buttons carry the list’s command', () => {
    const note = { id: 'n-9', recordId: 'acct-1', body: 'hello', tags: [], authorId: 'slack:U1', createdAt: new Date(0), deletedAt: null, deletedBy: null, deleteReason: null };
    const outcome = { kind: 'note-list', state: 'live', filterText: 'tag:x', notes: [note], seen: 1, page: 1, role: 'member' } as unknown as Parameters<typeof noteListView>[0];
    const view = noteListView(outcome, { tr: english, now: new Date(0) });
    const item = view.blocks?.find((block) => block.type === 'item');
    const action = item && item.type === 'item' ? item.actions[0] : undefined;
    expect(action && decodeButtonValue(String(viewButton(action)?.value))).toEqual({ id: 'n-9', refresh: 'list tag:x page:1' });
  });
});
