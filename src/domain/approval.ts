import type { ActorId, Platform } from './actor.js';

/** Where an approval card was posted, so it can be updated in place once decided. */
export interface MessageRef {
  platform: Platform;
  channelId: string;
  /** Slack message `ts` or Teams activity id. */
  messageId: string;
}

/**
 * Where a request came from: the approval goes to `APPROVAL_CHANNEL`, else back here. How to reach
 * a conversation (Teams' regional service URL) is the platform's business, kept per conversation
 * behind the ConversationAddresses port; records stored by earlier versions may still carry an
 * `origin.serviceUrl` or `message.serviceUrl`, which is ignored.
 */
export interface Origin {
  platform: Platform;
  channelId?: string;
  tenantId?: string;
}

export type ApprovalKind = 'note-delete' | 'bulk-plan';

/**
 * What a request would delete, as data every reader sees in their own language: the note's
 * record and the start of its text, or the bulk plan's filter as typed ('' for ticked notes).
 */
export type ApprovalSubject = { recordId: string; excerpt: string } | { filterText: string };
export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'expired';

/**
 * What became of an approved note delete. The approval authorised deleting the note as it was
 * when the request was decided, once:
 * - `deleted`: deleted under this approval (by the decider, or after a crash by the reconciler);
 * - `already-deleted`: another path (an admin, a bulk plan) had deleted it: nothing done;
 * - `gone`: the note no longer exists (purged): nothing done;
 * - `changed`: live but changed after the decision (a restore undid a delete a crash hid the
 *   record of): not deleted again.
 */
export type ApprovalExecutionOutcome = 'deleted' | 'already-deleted' | 'gone' | 'changed';

export interface ApprovalExecution {
  outcome: ApprovalExecutionOutcome;
  at: Date;
  /** True when the reconciler carried it out because the decider's process stopped first. */
  recovered: boolean;
}

/**
 * The two-person rule. Stored, expiring, decided once: the first decision wins by
 * compare-and-set on `status: 'pending'`, and later deciders are told who decided.
 */
export interface ApprovalRequest {
  id: string;
  kind: ApprovalKind;
  requesterId: ActorId;
  /** `note-delete`: the note; `bulk-plan`: the plan. */
  targetId: string;
  /** What will be deleted. Absent on requests stored before the message catalog. */
  subject?: ApprovalSubject;
  /** The English sentence those older requests stored instead; shown only when `subject` is absent. */
  summary?: string;
  reason: string | null;
  noteCount: number;
  status: ApprovalStatus;
  createdAt: Date;
  expiresAt: Date;
  decidedBy: ActorId | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  origin: Origin;
  message: MessageRef | null;
  /** An approved `note-delete` once carried out; absent before (and on every other request). */
  execution?: ApprovalExecution;
}
