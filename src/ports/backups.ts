import type { BackupRestoreScope } from '../domain/confirmation.js';
import type { Note } from '../domain/note.js';
import type { NoteEffect } from '../domain/noteEffect.js';

export type BackupKind = 'scheduled' | 'manual' | 'pre-delete';

/**
 * What was wrong with a backup file, as data: the chat layer words it (`backup.problem.<code>`).
 * `detail` is the reader's own diagnostic (a zlib or OS message), quoted as it was raised.
 */
export type BackupProblem =
  | { code: 'missing' }
  | { code: 'unreadable'; detail: string }
  | { code: 'notJson' | 'notRecord' | 'cutOff'; line: number }
  | { code: 'sha256Mismatch' }
  | { code: 'countMismatch'; collection: string; expected: number; found: number };

/**
 * A problem as stored: a code with its parameters, or the English sentence versions before the
 * codes wrote (kept readable: shown as it is).
 */
export type StoredProblem<P extends { code: string }> = P | string;

/** The outcome of re-reading a backup file: sha256 of the stored bytes and records per collection. */
export interface BackupVerification {
  ok: boolean;
  at: Date;
  /** What was wrong when not ok. */
  problem?: StoredProblem<BackupProblem>;
}

/** A backup as its manifest describes it (DESIGN.md section 8). */
export interface BackupSummary {
  id: string;
  kind: BackupKind;
  /** For pre-delete snapshots: the bulk plan that wrote it. */
  planId?: string;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  /** Records per collection: notes, roles, audit. */
  counts: Record<string, number>;
  bytes: number;
  sha256: string;
  schemaVersion: number;
  /** The last verification, if any. Only a verified backup lets the purge remove a note. */
  verification?: BackupVerification;
}

export interface BackupVerdict {
  backupId: string;
  ok: boolean;
  problem?: BackupProblem;
  /** What the manifest says the file holds. */
  expectedCounts: Record<string, number>;
  /** What re-reading the file found (as far as it could be read). */
  foundCounts: Record<string, number>;
  sha256Matches: boolean;
}

/** Why rotation removed a backup, as data (the chat layer words it): beyond the newest `keep` scheduled ones, or all its notes purged. */
export type RotationReason = { reason: 'beyond-keep'; keep: number } | { reason: 'all-purged' };

/** What a rotation did (adapters/backups/rotation.ts), for the backup digest. */
export interface RotationResult {
  /** Backups removed, with why. */
  removed: Array<{ id: string; kind: BackupKind } & RotationReason>;
  /** Temporary files of crashed writers, removed. */
  stalePartials: string[];
}

/** What a restore would do, computed without changing anything (shown in the confirm step). */
export interface RestorePlanCounts {
  /** Notes of the backup inside the scope. */
  inScope: number;
  /** Missing now, or soft-deleted now while the backup has them live: would be restored. */
  restorable: number;
  /** Live now (never overwritten), or deleted in the backup too: left alone. */
  skipped: number;
}

export interface RestoreReport {
  backupId: string;
  scope: BackupRestoreScope;
  restored: number;
  skippedLive: number;
  skippedStillDeleted: number;
  /** Ids of restored notes, at most RESTORED_IDS_LIMIT (for the reply; the audit lists them all). */
  restoredIds: string[];
}

export const RESTORED_IDS_LIMIT = 1000;

/** What `freezeRestore` found: the notes a restore will try, and those it leaves alone now. */
export interface RestoreFreeze {
  inScope: number;
  /** Missing now, or soft-deleted now while the backup has them live. */
  candidateIds: string[];
  skippedLive: number;
  skippedStillDeleted: number;
}

/**
 * The backup files and their manifests, seen from the core. The implementation (adapters/backups)
 * owns the file system and the database access; the core decides who may do what and audits it.
 */
export interface BackupStore {
  /** Exports notes (live and deleted), roles and audit, then verifies the written file. */
  create(kind: 'scheduled' | 'manual'): Promise<BackupSummary>;
  /** Newest first. */
  list(): Promise<BackupSummary[]>;
  find(id: string): Promise<BackupSummary | null>;
  /** Re-reads the file, checks sha256 and counts, and records the result in the manifest. */
  verify(id: string): Promise<BackupVerdict>;
  /** Counts only; fails with BackupInvalid when the file does not verify. */
  planRestore(id: string, scope: BackupRestoreScope): Promise<RestorePlanCounts>;
  /**
   * Freezes a restore: verifies the file (BackupInvalid if it does not verify) and lists the notes
   * of the scope that would come back now, in the order the file holds them. Changes nothing.
   */
  freezeRestore(id: string, scope: BackupRestoreScope): Promise<RestoreFreeze>;
  /**
   * Restores one batch of a frozen restore: each of `ids` that is missing now is inserted as
   * backed up, each that is soft-deleted now while the backup has it live is replaced by the
   * backed-up note, a live note is never overwritten; every note restored gets `updatedAt = stamp`. Re-reads and verifies the
   * file first. Idempotent. Returns those of `ids` whose `updatedAt` is `stamp`: what was
   * restored with this stamp, by this call or an earlier one that crashed before recording it.
   */
  restoreBatch(id: string, ids: readonly string[], stamp: Date): Promise<string[]>;
  /**
   * Which of `notes` a verified backup holds with the same content: note id -> backup id. The
   * backup files are re-read (and their checksum checked) while looking.
   */
  findVerifiedHolders(notes: readonly Note[]): Promise<Map<string, string>>;
}

/**
 * The stored notes as a restore from backup sees them: the backup adapter's only way to the notes
 * it restores. Kept out of the NoteRepository port on purpose, like the purge: nothing else may
 * write a note exactly as a backup holds it. Whether a note comes back is decided by the caller
 * from `states`; these writes only make sure a note restored meanwhile is never overwritten.
 */
export interface NoteRestorer {
  /** Of `ids`, those stored now, each with its `deletedAt` (null: live); a missing note is absent. */
  states(ids: readonly string[]): Promise<Map<string, Date | null>>;
  /** Stores each note as given, under its id; one whose id is taken meanwhile is left alone. */
  insertMissing(notes: readonly Note[]): Promise<void>;
  /**
   * Replaces each stored note that is soft-deleted now by the given (live) one: compare-and-set,
   * so a note someone restored or re-created meanwhile, or that is not stored, is left alone.
   */
  reviveDeleted(notes: readonly Note[]): Promise<void>;
  /** Those of `ids` whose `updatedAt` is `stamp`: what a restore with that stamp brought back. */
  stampedIds(ids: readonly string[], stamp: Date): Promise<string[]>;
}

/**
 * Hard deletion of trashed notes, for the purge job only; the NoteRepository port has none on
 * purpose. A purge is written ahead like a single-note change (src/domain/noteEffect.ts): the note
 * is first marked as being purged, with its pending `purge` effect, in one compare-and-set; then
 * its audit is appended under the effect's key; then the marked note is removed. A crash anywhere
 * leaves a mark the reconciler finishes, and a marked note can no longer be restored (every
 * restore path refuses it), so the audit never says "purged" of a note that came back.
 */
export interface NotePurger {
  /** Soft-deleted before `cutoff`, in id order after `afterId`, at most `limit`. Marked notes too. */
  listExpired(cutoff: Date, afterId: string | null, limit: number): Promise<Note[]>;
  /**
   * Compare-and-set: marks the note as being purged and stores `effect` (change `purge`) as
   * pending, only if it is still deleted exactly as `note` says, owes no effect and is unmarked.
   * False when any of that fails: restored, deleted again, or already marked (by another purger).
   */
  markPurging(note: Note, effect: NoteEffect): Promise<boolean>;
  /** Removes the note only if it carries the purge mark `key`; false when it is gone already. Idempotent. */
  removePurged(noteId: string, key: string): Promise<boolean>;
}
