import type { ApprovalRequest, MessageRef } from '../domain/approval.js';
import type { Operation } from '../domain/operation.js';
import type { Note } from '../domain/note.js';

/** How a request ended: the reason, if any, is on the request. */
export type ApprovalDecision = 'approved' | 'rejected' | 'expired';

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
  /** A long operation that no plan backs (a backup, an import): typeable, for `cancel`. */
  jobId(): string;
  /** Unique per single-note change: the key its audit and outbox entries are written once under. Letters, digits, `-`, `_`. */
  effectId(): string;
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

/**
 * Shows a long operation's progress where it was asked for. Each chat platform has one; calls
 * come from whichever instance runs the operation, so everything needed is in the operation.
 */
export interface ProgressBoard {
  /** Posts the progress message; returns where it is (null when nothing can be updated later). */
  open(op: Operation): Promise<MessageRef | null>;
  /** Updates the message with the counts, rate and time left. */
  update(op: Operation): Promise<void>;
  /** Shows the result in place (with Undo where it applies) and tells the requester. */
  finish(op: Operation): Promise<void>;
}
