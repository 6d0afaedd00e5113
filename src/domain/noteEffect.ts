import { createHash } from 'node:crypto';
import type { ActorId, Platform } from './actor.js';
import type { Note } from './note.js';

/** The single-note changes whose effects are written ahead (bulk plans record theirs per batch). */
export type NoteChange = 'delete' | 'restore';

/**
 * What a written-ahead effect is for: a person's delete or restore, or the trash purge removing
 * the note for good (its effect is the `note.purge` audit, then the removal itself).
 */
export type EffectChange = NoteChange | 'purge';

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
  change: EffectChange;
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

/**
 * The key of a note's purge: one per note and deletion, whoever purges it. Two purgers (two
 * instances) marking the same note write the same mark and append its audit under the same
 * once-key, so it is audited once; a note deleted again after a restore is a new deletion, a new key.
 */
export function purgeEffectKey(note: Pick<Note, 'id' | 'deletedAt'>): string {
  if (!note.deletedAt) throw new Error(`note ${note.id} is not deleted: nothing to purge`);
  // The key names a stored field: an id that could not (a dot, or very long) is named by its hash.
  const name = /^[A-Za-z0-9_-]{1,32}$/.test(note.id) ? note.id : createHash('sha256').update(note.id).digest('hex').slice(0, 32);
  return `purge-${name}-${note.deletedAt.getTime()}`;
}
