import { parseCommand } from '../../adapters/chat/parseCommand.js';
import { renderText } from '../../adapters/chat/renderText.js';
import { decodePagePosition, encodePagePosition } from '../../src/domain/paging.js';
import { expectKind, makeCore } from '../support/core.js';

const key = { at: new Date('2026-03-04T05:06:07.089Z'), id: 'n-abc123' };

describe('page tokens', () => {
  test('a keyed position survives the grammar: encode, type it back, same position', () => {
    const position = { page: 4, from: { side: 'after' as const, key } };
    const token = encodePagePosition(position);
    expect(decodePagePosition(token)).toEqual(position);
    const command = parseCommand(`list tag:lead page:${token}`, { platform: 'console' });
    expect(command).toMatchObject({ name: 'list', page: position, filterText: 'tag:lead' });
    expect(decodePagePosition(encodePagePosition({ page: 2, from: { side: 'before', key } }))).toEqual({ page: 2, from: { side: 'before', key } });
    expect(decodePagePosition('7')).toEqual({ page: 7 });
  });

  test.each(['0', '2,x1,n-a', '2,a,n-a', '2,aZZ,n-a', '2,a1,', '2,a1,n/a', '1234567'])('"page:%s" is refused', (value) => {
    expect(decodePagePosition(value)).toBeNull();
    expect(() => parseCommand(`list page:${value}`, { platform: 'console' })).toThrow(expect.objectContaining({ code: 'BadInput', key: 'badPage' }));
  });
});

describe('listing by key', () => {
  const seeded = async (count: number) => {
    const core = makeCore();
    for (let i = 0; i < count; i += 1) {
      core.clock.advanceMinutes(1);
      await core.run('console:mo', { name: 'add', recordId: 'acct-2', body: `n${i}` });
    }
    return core;
  };
  const list = (core: Awaited<ReturnType<typeof seeded>>, token: string) =>
    core.run('console:mo', parseCommand(`list record:acct-2 page:${token}`, { platform: 'console' }));
  const bodies = (outcome: { notes: { body: string }[] }) => outcome.notes.map((n) => n.body);

  test('next and previous walk the pages by key; the total is exact only on the last page', async () => {
    const core = await seeded(23);
    const first = expectKind(await list(core, '1'), 'note-list');
    expect(first).toMatchObject({ page: 1, seen: 10, previous: null });
    expect(renderText(first)).toContain('10+ notes matching record:acct-2 — page 1:');
    const second = expectKind(await list(core, first.next!), 'note-list');
    expect(bodies(second)).toEqual(['n12', 'n11', 'n10', 'n9', 'n8', 'n7', 'n6', 'n5', 'n4', 'n3']);
    const third = expectKind(await list(core, second.next!), 'note-list');
    expect(third).toMatchObject({ page: 3, seen: 23, next: null });
    expect(bodies(third)).toEqual(['n2', 'n1', 'n0']);
    expect(renderText(third)).toContain('23 notes matching record:acct-2 — page 3 of 3:');
    const back = expectKind(await list(core, third.previous!), 'note-list');
    expect(back).toMatchObject({ page: 2, notes: second.notes });
    const top = expectKind(await list(core, back.previous!), 'note-list');
    expect(top).toMatchObject({ page: 1, notes: first.notes, previous: null });
  });

  test('a note added meanwhile does not shift the next page; the previous page from page 2 is page 1 again', async () => {
    const core = await seeded(12);
    const first = expectKind(await list(core, '1'), 'note-list');
    core.clock.advanceMinutes(1);
    await core.run('console:mo', { name: 'add', recordId: 'acct-2', body: 'newest' });
    const second = expectKind(await list(core, first.next!), 'note-list');
    expect(bodies(second)).toEqual(['n1', 'n0']);
    const back = expectKind(await list(core, second.previous!), 'note-list');
    // The newest note now leads page 1 and pushes the oldest of the old first page out of it.
    expect(back.page).toBe(1);
    expect(bodies(back)).toEqual(['n11', 'n10', 'n9', 'n8', 'n7', 'n6', 'n5', 'n4', 'n3', 'n2']);
  });

  test('the next-page hint in text output is a command that works when typed back', async () => {
    const core = await seeded(11);
    const text = renderText(expectKind(await list(core, '1'), 'note-list'));
    const typed = /next: (list .+)\)/.exec(text)![1];
    const next = expectKind(await core.run('console:mo', parseCommand(typed, { platform: 'console' })), 'note-list');
    expect(bodies(next)).toEqual(['n0']);
  });
});
