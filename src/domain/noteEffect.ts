import type { ActorId, Platform } from './actor.js';
import type { Note } from './note.js';

/** The single-note changes whose effects are written ahead (bulk plans record theirs per batch). */
export type NoteChange = 'delete' | 'restore';

/**
 * What one single-note change still owes the rest of the system once the note itself has changed:
 * its audit entry and, for a note from a connected CRM, its outbox entry. It is stored on the note
 * in the same compare-and-set that makes the change, so a crash right after the change leaves it
 * behind to be carried out (at the next start, or by the periodic job) instead of losing it; and it
 * is carried out with keyed writes (the audit's once-key, the outbox's event key), so carrying it
 * out again, or in two processes at once, adds nothing twice.
 */
export interface NoteEffect {
  /** Unique per change: the once-key of its audit entry and the event key of its outbox entry. */
  key: string;
  change: NoteChange;
  /** Who made the change: the audit entry's actor. */
  actorId: ActorId;
  platform: Platform;
  tenantId?: string;
  /** When the note changed: the audit entry's time, also when it is written late. */
  at: Date;
  /** The audit details the note itself cannot give (the delete's reason, who asked, which approval). */
  details: Record<string, unknown>;
}

/** A note with the effects of its changes that are not carried out yet, oldest change first. */
export interface PendingNoteEffects {
  note: Note;
  effects: NoteEffect[];
}

/** Oldest change first, the key breaking ties, so a delete and a later restore are sent in order. */
export function inChangeOrder(effects: readonly NoteEffect[]): NoteEffect[] {
  return [...effects].sort((a, b) => a.at.getTime() - b.at.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
