import type { Connection } from 'mongoose';
import type { NoteRepository } from '../../src/ports/notes.js';
import type { ApprovalStore, AuditLog, ConfirmationStore, PlanStore, RoleRepository } from '../../src/ports/stores.js';
import { createModels, ensureModelIndexes, type MongoModels } from './models.js';
import { MongoNoteRepository } from './noteRepository.js';
import { ClaimLedger, claimModel } from './claims.js';
import { MongoPlanStore } from './planStore.js';
import { MongoApprovalStore, MongoAuditLog, MongoConfirmationStore, MongoRoleRepository } from './stores.js';

export { createModels, type MongoModels } from './models.js';
export { MongoNoteRepository, noteQueryFilter } from './noteRepository.js';
export { MongoPlanStore } from './planStore.js';
export { MongoApprovalStore, MongoAuditLog, MongoConfirmationStore, MongoRoleRepository } from './stores.js';

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
  return {
    notes: new MongoNoteRepository(models.Note),
    roles: new MongoRoleRepository(models.Role),
    confirmations: new MongoConfirmationStore(models.Confirmation),
    plans: new MongoPlanStore(models.Plan, new ClaimLedger(claimModel(connection))),
    approvals: new MongoApprovalStore(models.Approval),
    audit: new MongoAuditLog(models.Audit),
    ensureIndexes: () => ensureModelIndexes(models),
    models,
  };
}
