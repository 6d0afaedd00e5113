import { parseCommand } from '../../adapters/chat/parseCommand.js';
import { isNotesError } from '../../src/domain/errors.js';
import {
  checkCommandLength,
  checkFilterPhrase,
  checkRecordId,
  cleanNoteBody,
  cleanReason,
  INPUT_LIMITS,
  stripControlChars,
} from '../../src/domain/input.js';
import { newNote } from '../../src/domain/note.js';
import { aNote } from '../support/builders.js';
import { expectKind, makeCore } from '../support/core.js';
import { said } from '../support/said.js';

/** The input limits of DESIGN.md section 3, as rules and as the use cases apply them. */
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (isNotesError(error)) return { code: error.code, message: said(error) };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('input rules', () => {
  test('control characters other than newline and tab are stripped, including ESC and 8-bit CSI', () => {
    expect(stripControlChars('a\u0000b\u0007c\u001b[31mred\u001b[0m\td\ne\r\u009b2J\u007f')).toBe('abc[31mred[0m\td\ne2J');
  });

  test.each([
    ['note', () => cleanNoteBody('x'.repeat(INPUT_LIMITS.noteBody + 1)), 'The note is 4,001 characters; the limit is 4,000.'],
    ['reason', () => cleanReason('r'.repeat(501)), 'The reason is 501 characters; the limit is 500.'],
    ['record id', () => checkRecordId(`a${'b'.repeat(64)}`), 'The record id is 65 characters; the limit is 64.'],
    ['command', () => checkCommandLength('x'.repeat(8001)), 'The command is 8,001 characters; the limit is 8,000.'],
    ['phrase', () => checkFilterPhrase('p'.repeat(201)), 'The search phrase is 201 characters; the limit is 200.'],
  ])('%s over its limit: InputTooLong, one line naming the limit', (_what, fn, message) => {
    const error = refusal(fn);
    expect(error).toEqual({ code: 'InputTooLong', message });
    expect(error.message).not.toContain('\n');
  });

  test('exactly at the limit is accepted', () => {
    expect(cleanNoteBody('x'.repeat(4000))).toHaveLength(4000);
    expect(cleanReason('r'.repeat(500))).toHaveLength(500);
    expect(checkRecordId(`a${'b'.repeat(63)}`)).toHaveLength(64);
    expect(checkCommandLength('x'.repeat(8000))).toHaveLength(8000);
  });

  test('the limit counts the stored text: control characters and surrounding space do not count', () => {
    expect(cleanNoteBody(`  ${'x'.repeat(4000)}\u0007\u0007  `)).toHaveLength(4000);
    expect(cleanReason('  \u0007 ')).toBeNull();
  });

  test.each(['acct/42', 'acct 42', '-acct', 'acct<!channel>', 'acct\u001b[31m'])('record id %j is refused as bad input', (id) => {
    expect(refusal(() => checkRecordId(id)).code).toBe('BadInput');
  });

  test('the refusal of a record id never echoes a control character', () => {
    expect(refusal(() => checkRecordId('a\u001b[2Jb')).message).not.toContain('\u001b');
  });

  test('newNote strips control characters, whatever path the note came by', () => {
    const note = newNote({ id: 'n-1', recordId: 'acct-1', body: 'ring\u0007 #tag\u0000', authorId: 'console:alice', at: new Date() });
    expect(note.body).toBe('ring #tag');
    expect(note.tags).toEqual(['tag']);
  });

  test('the grammar drops control characters from everything typed, filters included', () => {
    expect(parseCommand('list text:"\u001b[31mred"', { platform: 'console' })).toMatchObject({ filter: { text: ['[31mred'] } });
    expect(parseCommand('show n-1\u0007', { platform: 'console' })).toEqual({ name: 'show', noteId: 'n-1' });
  });

  test('the grammar applies the command and phrase limits before parsing', () => {
    expect(() => parseCommand(`add acct-1 ${'x'.repeat(8000)}`, { platform: 'console' })).toThrow(expect.objectContaining({ code: 'InputTooLong' }));
    expect(() => parseCommand(`list text:"${'p'.repeat(201)}"`, { platform: 'console' })).toThrow(expect.objectContaining({ code: 'InputTooLong' }));
    expect(() => parseCommand(`list ${'p'.repeat(201)}`, { platform: 'console' })).toThrow(expect.objectContaining({ code: 'InputTooLong' }));
    expect(parseCommand(`list text:"${'p'.repeat(200)}"`, { platform: 'console' })).toMatchObject({ name: 'list' });
  });
});

describe('use cases refuse over-long input and store nothing', () => {
  test('add: a 4,001-character note is refused; NUL, BEL and ESC are stripped from a stored one', async () => {
    const core = makeCore();
    await expect(core.run('console:alice', { name: 'add', recordId: 'acct-1', body: 'x'.repeat(4001) })).rejects.toMatchObject({ code: 'InputTooLong' });
    expect(await core.stores.notes.count({ state: 'live' })).toBe(0);
    expect(core.stores.audit.entries).toHaveLength(0);
    const added = expectKind(await core.run('console:alice', { name: 'add', recordId: 'acct-1', body: 'a\u0000b\u0007c \u001b[31mred' }), 'note-added');
    expect((await core.stores.notes.findById(added.note.id))?.body).toBe('abc [31mred');
  });

  test('delete: a 100 KB reason is refused before any approval or confirmation exists', async () => {
    const core = makeCore();
    await core.stores.notes.insert(aNote('to go').id('n-1').build());
    const huge = 'r'.repeat(100_000);
    await expect(core.run('console:member', { name: 'delete', noteId: 'n-1', reason: huge })).rejects.toMatchObject({ code: 'InputTooLong' });
    await expect(core.run('console:admin', { name: 'delete', noteId: 'n-1', reason: huge })).rejects.toMatchObject({ code: 'InputTooLong' });
    expect(await core.stores.approvals.listPending(core.clock.now())).toHaveLength(0);
    expect(core.events).toHaveLength(0);
    const asked = expectKind(await core.run('console:member', { name: 'delete', noteId: 'n-1', reason: 'dup\u0007licate' }), 'approval-requested');
    expect(asked.request.reason).toBe('duplicate');
  });

  test('reject: a 501-character reason is refused and the request stays pending', async () => {
    const core = makeCore();
    await core.stores.notes.insert(aNote('to go').id('n-1').build());
    const asked = expectKind(await core.run('console:member', { name: 'delete', noteId: 'n-1', reason: null }), 'approval-requested');
    await expect(core.run('console:admin', { name: 'reject', requestId: asked.request.id, reason: 'r'.repeat(501) })).rejects.toMatchObject({
      code: 'InputTooLong',
    });
    expect((await core.stores.approvals.find(asked.request.id))?.status).toBe('pending');
  });
});
