import type { NoteState } from '../../src/domain/filter.js';
import { excerpt, type Note } from '../../src/domain/note.js';
import stringWidth from 'string-width';
import { english, type Translator } from './i18n/index.js';

/** Small formatting helpers every renderer shares, so all platforms word things alike, in the reader's language. */
export const day = (date: Date, tr: Translator = english) => tr.day(date);
export const minute = (date: Date, tr: Translator = english) => tr.minute(date);

/** English-only "1 note / 2 notes"; renderers not yet on the catalog still use it. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** "23 notes" once the last page is reached, "10+ notes" while there are more: lists do not count every note. */
export function listCount(list: { seen: number; next: string | null; state: NoteState }, tr: Translator = english): string {
  const live = list.state === 'live';
  if (list.next) return tr.t(live ? 'list.notesMore' : 'list.deletedMore', { count: list.seen });
  return tr.t(live ? 'list.notes' : 'list.deleted', { count: list.seen });
}

/** " — page 2", " — page 3 of 3" on the last page (its number is then the count), nothing for a list of one page. */
export function pageLabel(list: { page: number; next: string | null }, tr: Translator = english): string {
  if (list.next) return tr.t('list.page', { page: list.page });
  return list.page > 1 ? tr.t('list.pageOf', { page: list.page, pages: list.page }) : '';
}

/** One line per note: id first (people type it back), then record, author, date and text (tags are its #hashtags). */
export function noteLine(note: Note, maxBody = 100, tr: Translator = english): string {
  // The catalog's text brings its own spacing: a space before English brackets, none before Chinese ones.
  const deleted = note.deletedAt ? tr.t('note.lineDeleted', { on: tr.day(note.deletedAt), by: note.deletedBy ?? '?' }) : '';
  return `${note.id}  ${note.recordId}  ${note.authorId}  ${tr.day(note.createdAt)}  ${excerpt(note.body, maxBody)}${deleted}`;
}

/** Time left until `expiresAt`, counted from `now`: the injected clock's time, never the wall clock. */
export function untilText(expiresAt: Date, now: Date, tr: Translator = english): string {
  const minutes = Math.max(0, Math.round((expiresAt.getTime() - now.getTime()) / 60_000));
  return minutes >= 120 ? tr.t('format.hours', { count: Math.round(minutes / 60) }) : tr.t('format.minutes', { count: minutes });
}

/** Tags as typed: `#renewal #q3`. */
export const tagsText = (tags: string[]) => tags.map((t) => `#${t}`).join(' ');

/**
 * Two sentences as one message: a space between them in English, none after Chinese full-width
 * punctuation (the catalog's `progress.then` says which). An empty second sentence is left out.
 */
export const followedBy = (first: string, second: string, tr: Translator = english): string =>
  second ? tr.t('progress.then', { first, second }) : first;

/**
 * `text` padded with spaces to `columns` terminal columns. Not `padEnd`: a Chinese character takes
 * two columns in a terminal, so padding by string length leaves Chinese help out of line.
 */
export function padToColumn(text: string, columns: number): string {
  return text + ' '.repeat(Math.max(0, columns - stringWidth(text)));
}
