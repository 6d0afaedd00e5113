import { Schema, type Connection, type Model, type SchemaDefinition } from 'mongoose';
import type { ApprovalRequest } from '../../src/domain/approval.js';
import type { AuditEntry } from '../../src/domain/audit.js';
import type { Confirmation } from '../../src/domain/confirmation.js';
import type { Note } from '../../src/domain/note.js';
import type { NoteEffect } from '../../src/domain/noteEffect.js';
import type { DeletionPlan } from '../../src/domain/plan.js';
import type { RoleGrant } from '../../src/domain/roles.js';

/**
 * Mongoose schemas for the storage ports. Documents hold the domain fields under their domain
 * names plus Mongo's own `_id`, which never leaves this adapter (see `toDomain`).
 *
 * Every index here must also build on FerretDB 1.24 (DESIGN.md section 7): plain and compound
 * ascending/descending indexes, unique ones and multikey ones on string arrays. No TTL, partial,
 * text or collated indexes.
 */

const { Mixed } = Schema.Types;

/**
 * - `minimize: false`: an empty object (`details: {}`, `filter: {}`) must read back as `{}`, not
 *   vanish, or an audit entry would hash differently after the round trip.
 * - `versionKey: false`: no `__v`; concurrency is compare-and-set on domain fields instead.
 * - `id: false`: the domain owns a real `id` field, mongoose's `_id` alias must not shadow it.
 * - `autoCreate: false`: collections appear with `ensureIndexes` or the first write, not as a
 *   side effect of compiling a model on a connection that may already be closing.
 */
const options = { minimize: false, versionKey: false, id: false, autoCreate: false, strict: true } as const;

const nullableString = { type: String, default: null };
const nullableDate = { type: Date, default: null };

/** A document whose `_id` is its domain id (a string), so it is found by the one lookup FerretDB indexes. */
export type Keyed<T> = T & { _id: string };

function schema<T>(definition: SchemaDefinition<T>): Schema<T> {
  return new Schema<T>(definition, options);
}

/**
 * A note as stored: keyed by its own id, so every single-note read and write is a lookup by `_id`.
 * The pending effects of its single-note changes ride along (adapters/mongo/noteEffects.ts).
 */
/** `purging`: the key of the note's purge while the trash purge removes it (adapters/mongo/notePurger.ts). */
export type StoredNote = Note & { _id: string; pendingEffects?: Record<string, NoteEffect>; effectsDue?: string; purging?: string };

/**
 * Every list shape has an index that starts with its equality fields and goes on with its sort
 * (test/contract/queryShapes.test.ts holds the repositories to that): live lists are
 * `deletedAt: null` (+ record, author or tag) newest first by `createdAt`, the trash
 * `deletedAt` descending; the note id (`_id`) breaks ties so pages by key never skip or repeat.
 */
const noteSchema = schema<StoredNote>({
  _id: { type: String, required: true },
  id: { type: String, required: true },
  recordId: String,
  body: String,
  tags: { type: [String], default: [] },
  authorId: String,
  createdAt: Date,
  updatedAt: Date,
  deletedAt: nullableDate,
  deletedBy: nullableString,
  deleteReason: nullableString,
  deletionPlanId: nullableString,
  // Only on notes brought in from a source (src/domain/sourcedNote.ts); chat notes have neither.
  source: String,
  externalId: String,
  previousExternalIds: { type: [String], default: undefined },
  // Only while a change's audit and outbox entries are not written yet (noteEffects.ts).
  pendingEffects: { type: Mixed, default: undefined },
  effectsDue: { type: String, default: undefined },
  // Only while the trash purge removes the note: no restore may bring it back then (notePurger.ts).
  purging: { type: String, default: undefined },
});
noteSchema.index({ deletedAt: 1, createdAt: -1, _id: -1 });
noteSchema.index({ deletedAt: -1, _id: -1 });
for (const narrowing of ['recordId', 'authorId', 'tags'] as const) {
  noteSchema.index({ [narrowing]: 1, deletedAt: 1, createdAt: -1, _id: -1 });
  noteSchema.index({ [narrowing]: 1, deletedAt: -1, _id: -1 });
}
noteSchema.index({ deletionPlanId: 1 });
noteSchema.index({ effectsDue: 1, _id: 1 });

/**
 * The key of a sourced note, `_id` = `<source>:<externalId>`, naming the note that holds it.
 * Inserting it is the claim that makes (source, externalId) unique across processes: an insert
 * of an `_id` is the one write every backend refuses atomically (adapters/mongo/claims.ts).
 */
export interface NoteKey {
  _id: string;
  noteId: string;
  at: Date;
}
const noteKeySchema = new Schema<NoteKey>({ _id: { type: String, required: true }, noteId: String, at: Date }, options);

// Viewer and member grants, `_id` = actor id (the grant's identity). Admin is held through the
// admin set (adapters/mongo/roleStore.ts).
const roleSchema = schema<Keyed<RoleGrant>>({
  _id: { type: String },
  actorId: { type: String, required: true },
  role: String,
  grantedBy: String,
  grantedAt: Date,
});
roleSchema.index({ actorId: 1 }, { unique: true });
// Old admin grants count until the admin set's first change (adapters/mongo/roleStore.ts).
roleSchema.index({ role: 1 });

// `_id` = the confirmation's id; settling is claimed (adapters/mongo/confirmationStore.ts).
const confirmationSchema = schema<Keyed<Confirmation>>({
  _id: { type: String },
  id: { type: String, required: true },
  actorId: String,
  action: Mixed,
  status: String,
  createdAt: Date,
  expiresAt: Date,
});
confirmationSchema.index({ id: 1 }, { unique: true });

// Plans are keyed by their id (`_id` = id): the one lookup FerretDB serves from an index.
const planDefinition: SchemaDefinition<DeletionPlan & { _id: string }> = {
  _id: { type: String },
  id: { type: String, required: true },
  kind: { type: String, default: 'delete' },
  sourceId: nullableString,
  backup: Mixed,
  requesterId: String,
  // Mixed keeps the filter's `before`/`after` Dates as BSON dates.
  filter: Mixed,
  filterText: String,
  noteIds: { type: [String], default: [] },
  frozenAt: Date,
  status: String,
  reason: nullableString,
  approvalId: nullableString,
  snapshotId: nullableString,
  cursor: Number,
  deletedCount: Number,
  skippedCount: Number,
  createdAt: Date,
  updatedAt: Date,
  finishedAt: nullableDate,
};
const planSchema = schema<DeletionPlan>(planDefinition as SchemaDefinition<DeletionPlan>);
planSchema.index({ id: 1 }, { unique: true });
planSchema.index({ status: 1 });

// `_id` = the request's id; the decision is claimed (adapters/mongo/approvalStore.ts).
/** An approval request as stored: the domain request plus the flag the reconciler reads. */
export type StoredApproval = ApprovalRequest & { executionDue?: boolean };

const approvalSchema = schema<Keyed<StoredApproval>>({
  _id: { type: String },
  id: { type: String, required: true },
  kind: String,
  requesterId: String,
  targetId: String,
  subject: { type: Mixed, default: undefined },
  // Requests stored before the message catalog carry an English sentence instead of `subject`.
  summary: { type: String, default: undefined },
  reason: nullableString,
  noteCount: Number,
  status: String,
  createdAt: Date,
  expiresAt: Date,
  decidedBy: nullableString,
  decidedAt: nullableDate,
  decisionReason: nullableString,
  origin: Mixed,
  message: { type: Mixed, default: null },
  execution: { type: Mixed, default: undefined },
  // Storage only (never in the domain): true from an approved note delete's decision until its
  // execution is recorded, so the reconciler reads the few that owe one by an indexed equality.
  executionDue: { type: Boolean, default: undefined },
});
approvalSchema.index({ id: 1 }, { unique: true });
approvalSchema.index({ executionDue: 1 });
approvalSchema.index({ status: 1, expiresAt: 1 });
// Pending requests, oldest first (`approvals`).
approvalSchema.index({ status: 1, createdAt: 1, id: 1 });

/** Entries are keyed by their sequence number, zero-padded so `_id` order is `seq` order. */
/** `onceKey`: set on entries appended once per key (a plan's batch), see auditLog.ts; not hashed. */
export type StoredAuditEntry = AuditEntry & { _id: string; onceKey?: string };
export const AUDIT_KEY_DIGITS = 12;
export const auditKey = (seq: number): string => String(seq).padStart(AUDIT_KEY_DIGITS, '0');

const auditSchema = schema<StoredAuditEntry>({
  _id: { type: String, required: true },
  seq: { type: Number, required: true },
  at: Date,
  actorId: String,
  platform: String,
  action: String,
  targetIds: { type: [String], default: [] },
  // Arbitrary caller data; hashed as canonical JSON, so it must read back exactly as written.
  details: Mixed,
  tenantId: String,
  prevHash: String,
  hash: String,
  onceKey: String,
});
// The unique `_id` (the padded sequence number) is what makes the hash chain safe across
// processes: two appenders that read the same head cannot both insert the next entry.
auditSchema.index({ seq: 1 }, { unique: true });
auditSchema.index({ onceKey: 1 });
auditSchema.index({ targetIds: 1, seq: -1 });
auditSchema.index({ actorId: 1, seq: -1 });
auditSchema.index({ action: 1, seq: 1 });

/**
 * Where the audit chain's head was last seen, read by `_id` so that appending never sorts the
 * log. Only a hint: it may lag behind the real head (a crash between an append and the hint's
 * update, another process), so appenders probe forward from it by `_id`.
 */
export interface AuditHead {
  _id: string;
  seq: number;
}
export const AUDIT_HEAD_ID = 'head';
const auditHeadSchema = new Schema<AuditHead>({ _id: { type: String, required: true }, seq: Number }, options);

export interface MongoModels {
  Note: Model<StoredNote>;
  NoteKey: Model<NoteKey>;
  Role: Model<Keyed<RoleGrant>>;
  Confirmation: Model<Keyed<Confirmation>>;
  Plan: Model<DeletionPlan>;
  Approval: Model<Keyed<StoredApproval>>;
  Audit: Model<StoredAuditEntry>;
  AuditHead: Model<AuditHead>;
}

/** Binds the schemas to one connection; calling it again on the same connection reuses the models. */
export function createModels(connection: Connection): MongoModels {
  const bind = <T>(name: string, definition: Schema<T>, collection: string): Model<T> =>
    (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, definition, collection);
  return {
    Note: bind('Note', noteSchema, 'notes'),
    NoteKey: bind('NoteKey', noteKeySchema, 'note_keys'),
    Role: bind('Role', roleSchema, 'roles'),
    Confirmation: bind('Confirmation', confirmationSchema, 'confirmations'),
    Plan: bind('Plan', planSchema, 'plans'),
    Approval: bind('Approval', approvalSchema, 'approvals'),
    Audit: bind('Audit', auditSchema, 'audit'),
    AuditHead: bind('AuditHead', auditHeadSchema, 'audit_head'),
  };
}

/**
 * Builds every index (the connection has autoIndex off, so nothing else does). Sequential on
 * purpose: FerretDB on SQLite builds one at a time anyway, and start-up is not hot.
 */
export async function ensureModelIndexes(models: MongoModels): Promise<void> {
  for (const model of Object.values(models) as Model<unknown>[]) {
    await model.createIndexes();
  }
}
