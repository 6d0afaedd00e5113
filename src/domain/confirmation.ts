import type { ActorId } from './actor.js';

/**
 * A pending "are you sure?". Stored with `expiresAt` so a confirm button works across restarts
 * and instances, and acts once (compare-and-set on `status`).
 */
export type ConfirmationAction =
  | { type: 'delete-note'; noteId: string; reason: string | null }
  | { type: 'run-plan'; planId: string }
  | { type: 'restore-backup'; backupId: string; scope: BackupRestoreScope };

export type BackupRestoreScope =
  | { kind: 'all' }
  | { kind: 'note'; id: string }
  | { kind: 'record'; id: string }
  | { kind: 'plan'; id: string };

export type ConfirmationStatus = 'pending' | 'confirmed' | 'cancelled';

export interface Confirmation {
  id: string;
  actorId: ActorId;
  action: ConfirmationAction;
  status: ConfirmationStatus;
  createdAt: Date;
  expiresAt: Date;
}
