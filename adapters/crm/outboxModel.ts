import { Schema, type Connection, type Model } from 'mongoose';
import type { CrmSource } from '../../src/ports/crm.js';

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
  lastError: string | null;
  /** Set when a restore had to re-create the note: the CRM's new id. */
  newExternalId: string | null;
  doneAt: Date | null;
}

const outboxSchema = new Schema<OutboxEntry>(
  {
    _id: { type: String, required: true },
    source: String,
    change: String,
    noteId: String,
    externalId: String,
    recordId: String,
    body: String,
    noteCreatedAt: Date,
    eventAt: Date,
    state: String,
    attempts: Number,
    sends: { type: Number, default: 0 },
    nextAttemptAt: Date,
    sendingSince: { type: Date, default: null },
    lastError: { type: String, default: null },
    newExternalId: { type: String, default: null },
    doneAt: { type: Date, default: null },
  },
  { minimize: false, versionKey: false, id: false, autoCreate: false, strict: true, _id: false },
);
// The drain reads one source's entries in one state, oldest change first; `crm status` counts them.
outboxSchema.index({ source: 1, state: 1, eventAt: 1 });

/** Where each connector's pull stands: `_id` = source. */
export interface SyncStateDoc {
  _id: CrmSource;
  cursor: { since: string | null; page: string | null } | null;
  lastSyncAt: Date | null;
  lastResult: { ok: boolean; pulled: number; added: number; updated: number; problem?: string } | null;
}

const syncStateSchema = new Schema<SyncStateDoc>(
  { _id: { type: String, required: true }, cursor: Schema.Types.Mixed, lastSyncAt: Date, lastResult: Schema.Types.Mixed },
  { minimize: false, versionKey: false, id: false, autoCreate: false, strict: true, _id: false },
);

export function outboxModel(connection: Connection): Model<OutboxEntry> {
  return (connection.models.CrmOutbox as Model<OutboxEntry> | undefined) ?? connection.model<OutboxEntry>('CrmOutbox', outboxSchema, 'crm_outbox');
}

export function syncStateModel(connection: Connection): Model<SyncStateDoc> {
  return (connection.models.CrmSyncState as Model<SyncStateDoc> | undefined) ?? connection.model<SyncStateDoc>('CrmSyncState', syncStateSchema, 'crm_sync');
}
