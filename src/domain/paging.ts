/**
 * A note's place in list order: its `createdAt` for live notes, its `deletedAt` in the trash,
 * with the note id breaking ties.
 */
export interface ListKey {
  at: Date;
  id: string;
}

/**
 * Which page of a list to show. Pages are found by key: the next page starts after the last note
 * shown, the previous one ends before the first, so paging costs the same on page 500 as on page
 * 1 and never skips or repeats a note when others are added meanwhile. A page number typed
 * without a key (`page:3`) is the fallback that skips.
 */
export interface PagePosition {
  page: number;
  from?: { side: 'after' | 'before'; key: ListKey };
}

export const MAX_PAGE = 999_999;

const TOKEN = /^([1-9]\d{0,5})(?:,([ab])([0-9a-z]{1,11}),([A-Za-z0-9._:-]{1,64}))?$/;

/** The value of a `page:` token: `3`, or `3,a<time>,<noteId>` (after that note) / `3,b...` (before it). */
export function encodePagePosition(position: PagePosition): string {
  const { page, from } = position;
  if (!from) return String(page);
  return `${page},${from.side === 'after' ? 'a' : 'b'}${from.key.at.getTime().toString(36)},${from.key.id}`;
}

/** Null for anything `encodePagePosition` cannot have written. */
export function decodePagePosition(text: string): PagePosition | null {
  const match = TOKEN.exec(text);
  if (!match) return null;
  const page = Number(match[1]);
  if (!match[2]) return { page };
  const at = new Date(parseInt(match[3], 36));
  if (Number.isNaN(at.getTime())) return null;
  return { page, from: { side: match[2] === 'a' ? 'after' : 'before', key: { at, id: match[4] } } };
}
