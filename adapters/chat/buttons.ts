import type { NoteState } from '../../src/domain/filter.js';
import type { Note } from '../../src/domain/note.js';
import type { Role } from '../../src/domain/roles.js';

/**
 * Who sees which button, for every platform: one rule here so that two platforms cannot drift
 * apart. A button is only an offer (the dispatcher checks the role again at click time); showing
 * one a person may not use would only lead to a refusal.
 */
export interface NoteButtons {
  /** Live note, member or admin (a member's delete becomes an approval request). */
  delete: boolean;
  /** Deleted note, admin. */
  restore: boolean;
}

export function noteButtonsFor(note: Pick<Note, 'deletedAt'>, role: Role): NoteButtons {
  const live = !note.deletedAt;
  return { delete: live && role !== 'viewer', restore: !live && role === 'admin' };
}

/** Ticking several notes and deleting them together is an admin's bulk action, on live lists. */
export function canSelectNotes(state: NoteState, role: Role): boolean {
  return state === 'live' && role === 'admin';
}
