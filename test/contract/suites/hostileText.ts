import { describeFilter, type NoteFilter } from '../../../src/domain/filter.js';
import { INPUT_LIMITS } from '../../../src/domain/input.js';
import { extractTags, NOTE_BODY_MAX, type Note } from '../../../src/domain/note.js';
import { encodePagePosition } from '../../../src/domain/paging.js';
import { aNote, minutes, T0 } from './builders.js';

/**
 * The largest and most hostile text a real user can get into a message: every limit the core
 * enforces (src/domain/input.ts) filled to the brim, in English, in Chinese (three UTF-8 bytes a
 * character), and full of the marks Slack, Teams and Feishu would read as formatting or mentions.
 */
const fill = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

export const BODY = {
  english: fill('Renewal call: customer asks for 12% off the three-year plan, decision by Friday. ', NOTE_BODY_MAX),
  chinese: fill('续约电话：客户希望三年方案打八八折，并要求下周五前给出书面报价。', NOTE_BODY_MAX),
  markup: fill('*b* _i_ ~s~ `c` ```x``` <!channel> <!here> <at id=all></at> <@U0123> [x](http://e) **b** &amp; > q ', NOTE_BODY_MAX),
  /** A pasted list: thousands of short lines, for renderers that give each line a block. */
  lines: fill('- 跟进 *item*\n', NOTE_BODY_MAX),
  /** Fifty-character hashtags, as many as fit: the tags line grows with the body. */
  tags: fill(`#${'t'.repeat(49)} `, NOTE_BODY_MAX),
} as const;

export const REASON = {
  english: fill('Wrong account: the customer asked us to remove it. ', INPUT_LIMITS.reason),
  chinese: fill('客户要求删除，这条记录挂错了客户。', INPUT_LIMITS.reason),
  markup: fill('<!channel> *now* [x](http://e) ', INPUT_LIMITS.reason),
} as const;

/** Ids as long as they come: a 64-character record id, a Teams user id, a 64-character note id in a page token. */
export const LONG_RECORD = fill('acct-2f9c-', INPUT_LIMITS.recordId);
export const LONG_AUTHOR = `teams:29:1${fill('Xk3vQ9pLm2', 72)}`;
export const LONG_ADMIN = `teams:29:1${fill('Ad8mN4rTq7', 72)}`;

/** A note id as the core makes them (src/system.ts): `n-` and six typeable characters. */
export const noteId = (i: number) => `n-${i.toString(36).padStart(6, 'z')}`;

const bodies = Object.values(BODY);
/** The i-th hostile note: the bodies in turn, long ids, its hashtags as tags. */
export function hostileNote(i: number, overrides: Partial<Note> = {}): Note {
  const body = bodies[i % bodies.length];
  return aNote(noteId(i), { body, tags: extractTags(body), recordId: LONG_RECORD, authorId: LONG_AUTHOR, updatedAt: minutes(3), ...overrides });
}

/** A note in the trash with the longest reason, deleted by a long-id admin under a plan. */
export function hostileDeletedNote(i: number): Note {
  const reasons = Object.values(REASON);
  return hostileNote(i, { deletedAt: minutes(30), deletedBy: LONG_ADMIN, deleteReason: reasons[i % reasons.length], deletionPlanId: 'p-7k2m9q' });
}

/**
 * The longest filter a `list` or `trash` command can carry (the whole command is at most
 * INPUT_LIMITS.command characters), as the grammar renders it back: record, author, tags and
 * 200-character search phrases, English or Chinese.
 */
export function maxFilter(language: 'english' | 'chinese'): { filter: NoteFilter; filterText: string } {
  const room = INPUT_LIMITS.command - 'trash '.length;
  const phrase = (i: number) => fill(`${i} ${language === 'english' ? 'renewal discount ' : '续约 折扣 报价 '}`, INPUT_LIMITS.filterPhrase);
  const filter: NoteFilter = { recordId: LONG_RECORD, authorId: LONG_AUTHOR, tags: ['renewal', 'q4'], before: minutes(60 * 24 * 30), after: T0, text: [] };
  for (let i = 0; describeFilter({ ...filter, text: [...filter.text!, phrase(i)] }).length <= room; i += 1) filter.text!.push(phrase(i));
  return { filter, filterText: describeFilter(filter) };
}

/** `page:` token values around page 999,998 (MAX_PAGE is 999,999), keyed by 64-character note ids: as long as they get. */
export const LONG_PAGE_TOKEN = {
  previous: encodePagePosition({ page: 999_997, from: { side: 'before', key: { at: T0, id: fill('n-9x', 64) } } }),
  next: encodePagePosition({ page: 999_999, from: { side: 'after', key: { at: minutes(5), id: fill('n-9y', 64) } } }),
};
