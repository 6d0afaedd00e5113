import { excerpt, type Note } from '../../src/domain/note.js';

/** Small formatting helpers every renderer shares, so all platforms word things alike. */
export const day = (date: Date) => date.toISOString().slice(0, 10);
export const minute = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** "23 notes" once the last page is reached, "10+ notes" while there are more: lists do not count every note. */
export function listCount(list: { seen: number; next: string | null }, word: string): string {
  return list.next ? `${list.seen}+ ${word}s` : plural(list.seen, word);
}

/** " — page 2", " — page 3 of 3" on the last page (its number is then the count), nothing for a list of one page. */
export function pageLabel(list: { page: number; next: string | null }): string {
  if (list.next) return ` — page ${list.page}`;
  return list.page > 1 ? ` — page ${list.page} of ${list.page}` : '';
}

/** One line per note: id first (people type it back), then record, author, date and text (tags are its #hashtags). */
export function noteLine(note: Note, maxBody = 100): string {
  const deleted = note.deletedAt ? ` (deleted ${day(note.deletedAt)} by ${note.deletedBy})` : '';
  return `${note.id}  ${note.recordId}  ${note.authorId}  ${day(note.createdAt)}  ${excerpt(note.body, maxBody)}${deleted}`;
}

/** Time left until `expiresAt`, counted from `now`: the injected clock's time, never the wall clock. */
export function untilText(expiresAt: Date, now: Date): string {
  const minutes = Math.max(0, Math.round((expiresAt.getTime() - now.getTime()) / 60_000));
  return minutes >= 120 ? `${Math.round(minutes / 60)} hours` : plural(minutes, 'minute');
}
