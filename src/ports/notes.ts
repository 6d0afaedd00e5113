import type { ActorId } from '../domain/actor.js';
import type { NoteQuery } from '../domain/filter.js';
import type { Note, NoteSource } from '../domain/note.js';
import type { NoteEffect, PendingNoteEffects } from '../domain/noteEffect.js';
import type { SourcedNoteInput, UpsertReport } from '../domain/sourcedNote.js';
import type { ListKey } from '../domain/paging.js';

export type { ListKey } from '../domain/paging.js';

/**
 * One page of a list, found by key rather than by skipping: `after` continues past a note (the
 * next page), `before` ends just short of one (the previous page), neither starts at the top.
 * `offset` skips that many notes first: only for a page number typed without a key.
 */
export interface Page {
  limit: number;
  after?: ListKey;
  before?: ListKey;
  offset?: number;
}

export interface DeletionMark {
  deletedAt: Date;
  deletedBy: ActorId;
  reason: string | null;
  planId: string | null;
}

/**
 * Storage for notes. Order for lists is newest first (`createdAt`, then `id`, descending) for
 * live notes and most recently deleted first for the trash, so pages are stable.
 */
/** The outcome of a note insert: the core never sees a database's duplicate-key code. */
export type NoteInsertResult = 'inserted' | 'id-taken';

export interface NoteRepository {
  /**
   * Stores a new note; `id-taken` when a note already has its id (short ids collide now and
   * then: the caller retries with a new one). Nothing is stored then.
   */
  insert(note: Note): Promise<NoteInsertResult>;
  findById(id: string): Promise<Note | null>;
  findByIds(ids: readonly string[]): Promise<Note[]>;
  /** One page, always in list order (a `before` page too). */
  list(query: NoteQuery, page: Page): Promise<Note[]>;
  /** Exact, so it costs a pass over the matching notes: on demand only, never per page. */
  count(query: NoteQuery): Promise<number>;
  /** Ids of matching notes in list order, at most `limit` of them. */
  matchIds(query: NoteQuery, limit: number): Promise<string[]>;

  /**
   * Compare-and-set: deletes the note only if it is live; returns the deleted note or null. With
   * `effect`, the effect is stored as pending in the same atomic step (see `NoteEffect`).
   */
  softDelete(id: string, mark: DeletionMark, effect?: NoteEffect): Promise<Note | null>;
  /**
   * Soft-deletes the live notes among `ids` that have not changed since `unchangedSince`,
   * marking them with `mark.planId`. Idempotent per plan. Returns how many notes this call marked
   * (0 when re-run), so a batch that deleted all its notes needs no second query to count them.
   */
  softDeleteMany(ids: readonly string[], unchangedSince: Date, mark: DeletionMark & { planId: string }): Promise<number>;
  /** Those of `ids` that carry this plan's deletion mark (deleted by it and not restored since). */
  idsDeletedByPlan(ids: readonly string[], planId: string): Promise<string[]>;

  /** Compare-and-set: restores the note only if it is soft-deleted; returns it or null. `effect` as for `softDelete`. */
  restore(id: string, now: Date, effect?: NoteEffect): Promise<Note | null>;

  /**
   * Notes with effects still pending, in id order after `afterId`, at most `limit` notes, each
   * with its effects oldest change first. Cheap however many notes there are: it reads only the
   * notes marked as owing an effect (an indexed equality), never the whole collection.
   */
  pendingEffects(afterId: string | null, limit: number): Promise<PendingNoteEffects[]>;
  /** Forgets an effect that has been carried out; the note's other pending effects stay. Idempotent. */
  settleEffect(noteId: string, key: string): Promise<void>;
  /**
   * Restores those of `ids` that the delete plan `planId` still holds deleted, giving them
   * `updatedAt = stamp`. Idempotent. Returns those of `ids` whose `updatedAt` is `stamp`: what
   * was restored with this stamp, by this call or an earlier one that crashed before recording it.
   */
  restoreByPlan(ids: readonly string[], planId: string, stamp: Date): Promise<string[]>;

  /**
   * Brings notes from a source in, keyed on (source, externalId): a key seen for the first time
   * becomes a note, a known key updates its note when something differs (stamping `updatedAt =
   * at`), a note in the trash is left alone. Idempotent, and never a duplicate, also when several
   * processes bring the same key in at once. The same key twice in one call: the later input wins.
   */
  upsertBySource(inputs: readonly SourcedNoteInput[], at: Date): Promise<UpsertReport>;
  /** The note stored for a source's id, live or deleted; null when there is none. */
  findBySource(source: NoteSource, externalId: string): Promise<Note | null>;

  /** Streams notes (live and deleted) in id order, for backups; never loads the set at once. */
  streamAll(): AsyncIterable<Note>;
  /** Streams the given notes in any order, for pre-delete snapshots; never loads the set at once. */
  streamByIds(ids: readonly string[]): AsyncIterable<Note>;
}
