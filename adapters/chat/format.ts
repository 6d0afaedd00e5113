import { excerpt, type Note } from '../../src/domain/note.js';

/** Small formatting helpers every renderer shares, so all platforms word things alike. */
export const day = (date: Date) => date.toISOString().slice(0, 10);
export const minute = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** One line per note: id first (people type it back), then record, author, date and text (tags are its #hashtags). */
export function noteLine(note: Note, maxBody = 100): string {
  const deleted = note.deletedAt ? ` (deleted ${day(note.deletedAt)} by ${note.deletedBy})` : '';
  return `${note.id}  ${note.recordId}  ${note.authorId}  ${day(note.createdAt)}  ${excerpt(note.body, maxBody)}${deleted}`;
}

export function untilText(expiresAt: Date, now = new Date()): string {
  const minutes = Math.max(0, Math.round((expiresAt.getTime() - now.getTime()) / 60_000));
  return minutes >= 120 ? `${Math.round(minutes / 60)} hours` : plural(minutes, 'minute');
}
