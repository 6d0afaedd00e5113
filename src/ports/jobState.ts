import type { ChainProblem } from '../domain/audit.js';
import type { BackupProblem, StoredProblem } from './backups.js';

/** Why a restore drill failed, as data: the chat layer words it (`backup.problem.<code>`). */
export type DrillProblem =
  | BackupProblem
  | { code: 'noBackup' }
  | { code: 'restoredCount'; collection: string; restored: number; expected: number }
  | { code: 'restoredDiffers'; collection: string }
  | { code: 'auditChainBroken'; at: number; chain: ChainProblem };

/** The last restore drill, kept until a backup digest has reported it. */
export interface DrillResult {
  backupId: string | null;
  ok: boolean;
  at: Date;
  durationMs: number;
  problem?: StoredProblem<DrillProblem>;
  counts: Record<string, number>;
  auditChainOk: boolean | null;
}

/** When the permission review last ran, and the last audit entry it had seen. */
export interface RoleReviewMark {
  at: Date;
  seq: number;
}

/**
 * Small bookkeeping the scheduled jobs share across processes: the last drill (until a digest
 * reports it) and where the last permission review stopped.
 */
export interface JobState {
  /** Replaces the last drill; it is unreported until `takeUnreportedDrill` hands it out. */
  saveDrill(result: DrillResult): Promise<void>;
  /**
   * The last drill if no one has reported it yet, marking it reported: exactly one caller gets
   * it, whichever process it runs in. Null when there is none or it was taken.
   */
  takeUnreportedDrill(): Promise<DrillResult | null>;
  /** The last drill, reported or not. */
  lastDrill(): Promise<DrillResult | null>;
  lastRoleReview(): Promise<RoleReviewMark | null>;
  saveRoleReview(at: Date, seq: number): Promise<void>;
}
