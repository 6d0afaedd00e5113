import { Schema, type Connection, type Model } from 'mongoose';
import type { CrmProblem, CrmSource } from '../../src/ports/crm.js';
import type { OutboxEntry } from '../../src/ports/crmOutbox.js';

export type { OutboxChange, OutboxEntry, OutboxState } from '../../src/ports/crmOutbox.js';

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
    batch: { type: String, default: null },
    // A CrmProblem (data); a string in entries stored before the codes.
    lastError: { type: Schema.Types.Mixed, default: null },
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
  lastResult: { ok: boolean; pulled: number; added: number; updated: number; problem?: CrmProblem | string } | null;
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
