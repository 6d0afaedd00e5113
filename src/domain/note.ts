import type { ActorId } from './actor.js';
import { INPUT_LIMITS, stripControlChars } from './input.js';

export { RECORD_ID_PATTERN } from './input.js';

/** A CRM note. Soft delete only: `deletedAt` is null while the note is live. */
export interface Note {
  id: string;
  /** The CRM record the note belongs to, e.g. `acct-42`. */
  recordId: string;
  body: string;
  tags: string[];
  authorId: ActorId;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  deletedBy: ActorId | null;
  deleteReason: string | null;
  /** The bulk plan that deleted it, so `undo <planId>` restores exactly that set. */
  deletionPlanId: string | null;
  /** Where a note came from when it was not typed in chat (see sourcedNote.ts); absent for chat notes. */
  source?: NoteSource;
  /** The CRM's (or the API client's) own id of the note, unique per `source`. */
  externalId?: string;
  /** Ids the source gave this note before (a CRM that re-created it on restore), oldest first. */
  previousExternalIds?: string[];
}

/** Where notes come from besides chat: a CRM (live or by export), a generic import, the ingestion API. */
export const NOTE_SOURCES = ['zoho', 'hubspot', 'salesforce', 'import', 'api'] as const;
export type NoteSource = (typeof NOTE_SOURCES)[number];

export const NOTE_BODY_MAX = INPUT_LIMITS.noteBody;

const hashtag = /(?:^|\s)#([\p{L}\p{N}_-]{1,50})/gu;

/** Tags are the `#hashtags` of the body, lower-cased and de-duplicated, in order of appearance. */
export function extractTags(body: string): string[] {
  const tags = new Set<string>();
  for (const match of body.matchAll(hashtag)) tags.add(match[1].toLowerCase());
  return [...tags];
}

/**
 * A new live note; its tags are the body's #hashtags. Control characters are stripped here too, so
 * no path into storage (commands, imports, demo data) can store a bell or an escape code.
 */
export function newNote(fields: { id: string; recordId: string; body: string; authorId: ActorId; at: Date }): Note {
  const body = stripControlChars(fields.body);
  return {
    id: fields.id,
    recordId: fields.recordId,
    body,
    tags: extractTags(body),
    authorId: fields.authorId,
    createdAt: fields.at,
    updatedAt: fields.at,
    deletedAt: null,
    deletedBy: null,
    deleteReason: null,
    deletionPlanId: null,
  };
}

export function isLive(note: Note): boolean {
  return note.deletedAt === null;
}

/** A short single-line excerpt for lists, cards and audit details. */
export function excerpt(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
