import type { ActorId } from './actor.js';

/**
 * A note filter: every field that is set must match (AND). Parsed from the filter tokens of the
 * command grammar by the chat layer; evaluated by the repositories (Mongo query or in memory).
 */
export interface NoteFilter {
  recordId?: string;
  authorId?: ActorId;
  tags?: string[];
  /** Notes created strictly before this instant (start of the given day, UTC). */
  before?: Date;
  /** Notes created on or after this instant (start of the day after the given day, UTC). */
  after?: Date;
  /** Case-insensitive substrings that must all occur in the body. */
  text?: string[];
}

/** Which notes a query looks at: live ones (lists) or soft-deleted ones (trash). */
export type NoteState = 'live' | 'deleted';

export interface NoteQuery extends NoteFilter {
  state: NoteState;
}

export function isEmptyFilter(filter: NoteFilter): boolean {
  return (
    !filter.recordId &&
    !filter.authorId &&
    !filter.tags?.length &&
    !filter.before &&
    !filter.after &&
    !filter.text?.some((t) => t.trim().length > 0)
  );
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Renders a filter back into grammar tokens, for messages and for paging buttons. */
export function describeFilter(filter: NoteFilter): string {
  const parts: string[] = [];
  if (filter.recordId) parts.push(`record:${filter.recordId}`);
  if (filter.authorId) parts.push(`author:${filter.authorId}`);
  for (const tag of filter.tags ?? []) parts.push(`tag:${tag}`);
  if (filter.before) parts.push(`before:${filter.before.toISOString().slice(0, 10)}`);
  if (filter.after) parts.push(`after:${dayBefore(filter.after)}`);
  for (const text of filter.text ?? []) parts.push(/\s/.test(text) ? `text:"${text}"` : text);
  return parts.join(' ');
}

function dayBefore(date: Date): string {
  return new Date(date.getTime() - 86_400_000).toISOString().slice(0, 10);
}

/** In-memory evaluation, used by the fake repository and to re-check frozen plans. */
export function matchesQuery(
  note: { recordId: string; authorId: string; tags: string[]; body: string; createdAt: Date; deletedAt: Date | null },
  query: NoteQuery,
): boolean {
  if ((query.state === 'live') !== (note.deletedAt === null)) return false;
  if (query.recordId && note.recordId !== query.recordId) return false;
  if (query.authorId && note.authorId !== query.authorId) return false;
  if (query.tags?.some((tag) => !note.tags.includes(tag))) return false;
  if (query.before && !(note.createdAt < query.before)) return false;
  if (query.after && !(note.createdAt >= query.after)) return false;
  const body = note.body.toLowerCase();
  if (query.text?.some((t) => !body.includes(t.toLowerCase()))) return false;
  return true;
}
