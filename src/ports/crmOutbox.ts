import type { CrmProblem, CrmSource } from './crm.js';

export type OutboxChange = 'delete' | 'restore';

/**
 * - `pending`: waiting for its next attempt (`nextAttemptAt`);
 * - `sending`: an attempt was claimed and may have reached the CRM (a crash leaves it here);
 * - `done`: the CRM is in step (sent, or found already so); `cancelled`: a delete undone in the
 *   bot before it was ever sent, with the restore that undid it; `failed`: gave up, shown in
 *   `crm status` and the backup digest.
 */
export type OutboxState = 'pending' | 'sending' | 'done' | 'cancelled' | 'failed';

/** One change of one note to send to its CRM, keyed so that enqueuing twice stores it once. */
export interface OutboxEntry {
  /** `<change>:<noteId>:<eventKey>`. */
  _id: string;
  source: CrmSource;
  change: OutboxChange;
  noteId: string;
  externalId: string;
  /** What a re-create needs (HubSpot cannot restore): the note as the bot held it. */
  recordId: string;
  body: string;
  noteCreatedAt: Date;
  eventAt: Date;
  state: OutboxState;
  /** Attempts that count towards giving up (a 429 does not). */
  attempts: number;
  /** Every claimed send, 429s included: names the claim of the next one (`crm-send:<_id>:<n>`). */
  sends: number;
  nextAttemptAt: Date;
  sendingSince: Date | null;
  /**
   * The batch the current send went out in (the claim key of its first entry): the audit entry of
   * that batch is appended once under it, by the sender or by whoever reconciles after a crash.
   */
  batch?: string | null;
  /** Why the last send failed, as data; a string in entries stored before the codes. */
  lastError: CrmProblem | string | null;
  /** Set when a restore had to re-create the note: the CRM's new id. */
  newExternalId: string | null;
  doneAt: Date | null;
}

/** How a claimed send ended, as the entry records it. */
export type OutboxSettlement =
  | { state: 'done'; newExternalId?: string }
  /** Back in the queue: `attempts` is what counts towards giving up (a 429 gives its attempt back). */
  | { state: 'pending'; nextAttemptAt: Date; attempts: number; lastError: CrmProblem | string | null }
  | { state: 'failed'; lastError: CrmProblem | string | null }
  | { state: 'cancelled' };

/**
 * The CRM outbox the drain works through (adapters/crm/outbox.ts on Mongo, a twin in tests).
 * Every step that must happen once is claimed: a send attempt (`claimSend`) and the check of an
 * entry a crash left sending (`claimReconcile`) are won by one drain, whichever process it runs
 * in. Only the winner settles, and a settlement changes the entry only while it is still in the
 * send it claimed, so a done entry stays done.
 */
export interface CrmOutbox {
  /** Stores the entries whose `_id` is new; entries stored before are left as they are. */
  enqueue(entries: readonly OutboxEntry[]): Promise<void>;
  /** Pending entries of `source` whose attempt is due at `now`, oldest change first (at most `limit` read). */
  due(source: CrmSource, now: Date, limit: number): Promise<OutboxEntry[]>;
  /**
   * Claims the next send of `entry` (as it was read) for `batch`: the entry now `sending`, its
   * `sends` and `attempts` counted up, or null when another drain claimed that send first.
   */
  claimSend(entry: OutboxEntry, batch: string, at: Date): Promise<OutboxEntry | null>;
  /** Entries of `source` left `sending`. */
  sending(source: CrmSource): Promise<OutboxEntry[]>;
  /**
   * Claims the check of a batch a crash left `sending` (its entries' `batch`, at their highest
   * `sends`): one drain wins and settles the whole batch, so the batch's audit entry names all of
   * it. The winner claims each entry's next send too, so a crash during the check leaves a batch
   * at a higher `sends` that the next drain can claim again.
   */
  claimReconcile(batch: string, sends: number, at: Date): Promise<boolean>;
  /** Ends the send `entry.sends`; false (nothing changed) when the entry is no longer in that send. */
  settle(entry: OutboxEntry, settlement: OutboxSettlement, at: Date): Promise<boolean>;
  /** Entries of `source` by state (done and cancelled ones are history: not counted). */
  counts(source: CrmSource): Promise<Record<'pending' | 'sending' | 'failed', number>>;
  /** The entries that gave up, newest change first, at most `limit`. */
  failures(source: CrmSource, limit: number): Promise<OutboxEntry[]>;
}
