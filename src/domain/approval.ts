import type { ActorId, Platform } from './actor.js';

/** Where an approval card was posted, so it can be updated in place once decided. */
export interface MessageRef {
  platform: Platform;
  channelId: string;
  /** Slack message `ts` or Teams activity id. */
  messageId: string;
  /** Teams needs the conversation's service URL to update an activity. */
  serviceUrl?: string;
}

/** Where a request came from: the approval goes to `APPROVAL_CHANNEL`, else back here. */
export interface Origin {
  platform: Platform;
  channelId?: string;
  serviceUrl?: string;
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
}
