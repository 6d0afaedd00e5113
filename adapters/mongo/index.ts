import type { Connection } from 'mongoose';
import type { NoteRepository } from '../../src/ports/notes.js';
import type { ApprovalStore, AuditLog, ConfirmationStore, PlanStore, RoleRepository } from '../../src/ports/stores.js';
import { createModels, ensureModelIndexes, type MongoModels } from './models.js';
import { MongoNoteRepository } from './noteRepository.js';
import { MongoApprovalStore } from './approvalStore.js';
import { ClaimLedger, claimModel } from './claims.js';
import { MongoConfirmationStore } from './confirmationStore.js';
import { MongoPlanStore } from './planStore.js';
import { adminSetModel, MongoRoleRepository } from './roleStore.js';
import { MongoAuditLog } from './stores.js';

export { createModels, type MongoModels } from './models.js';
export { MongoNoteRepository, noteQueryFilter } from './noteRepository.js';
export { MongoApprovalStore } from './approvalStore.js';
export { MongoConfirmationStore } from './confirmationStore.js';
export { MongoPlanStore } from './planStore.js';
export { MongoRoleRepository } from './roleStore.js';
export { MongoAuditLog } from './stores.js';

export interface MongoRepositories {
  notes: NoteRepository;
  roles: RoleRepository;
  confirmations: ConfirmationStore;
  plans: PlanStore;
  approvals: ApprovalStore;
  audit: AuditLog;
  /**
   * Creates every index. Call once at start-up before serving: the connection has autoIndex off,
   * and the audit chain and the duplicate-id retries rely on the unique indexes. Idempotent.
   */
  ensureIndexes(): Promise<void>;
  /** The underlying models, for jobs and tests that need the collections directly. */
  models: MongoModels;
}

/** The Mongo implementations of every storage port, on one connection. */
export function createMongoRepositories(connection: Connection): MongoRepositories {
  const models = createModels(connection);
  const claims = new ClaimLedger(claimModel(connection));
  return {
    notes: new MongoNoteRepository(models.Note),
    roles: new MongoRoleRepository(models.Role, adminSetModel(connection)),
    confirmations: new MongoConfirmationStore(models.Confirmation, claims),
    plans: new MongoPlanStore(models.Plan, claims),
    approvals: new MongoApprovalStore(models.Approval, claims),
    audit: new MongoAuditLog(models.Audit),
    ensureIndexes: () => ensureModelIndexes(models),
    models,
  };
}
