import type { ApprovalRequest } from '../domain/approval.js';

/** How a request ended: the reason, if any, is on the request. */
export type ApprovalDecision = 'approved' | 'rejected' | 'expired';
import type { Note } from '../domain/note.js';

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** Short and typeable: people type these into `show`, `restore`, `undo`, `approve`. */
  noteId(): string;
  planId(): string;
  approvalId(): string;
  /** Unguessable: confirmation tokens travel in button values. */
  confirmationId(): string;
}

/** Structural subset of pino, so the core depends on no logging library. */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export interface SnapshotInfo {
  id: string;
  noteCount: number;
  bytes: number;
  sha256: string;
}

/** Receives the before-image of every note a bulk plan deletes, before it deletes any. */
export interface SnapshotSink {
  writeSnapshot(planId: string, notes: AsyncIterable<Note>): Promise<SnapshotInfo>;
}

/** Events the chat front ends show in channels other than the one a command came from. */
export type NotesEvent =
  | { type: 'approval.requested'; request: ApprovalRequest }
  | { type: 'approval.decided'; request: ApprovalRequest; outcome: ApprovalDecision };

export interface Notifier {
  publish(event: NotesEvent): Promise<void>;
}
