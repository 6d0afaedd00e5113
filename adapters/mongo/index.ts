import type { Connection } from 'mongoose';
import type { NotePurger, NoteRestorer } from '../../src/ports/backups.js';
import type { JobState } from '../../src/ports/jobState.js';
import type { NoteRepository } from '../../src/ports/notes.js';
import type { ConversationAddresses } from '../../src/ports/conversations.js';
import type { DeliveryLedger } from '../../src/ports/deliveries.js';
import type { Logger } from '../../src/ports/system.js';
import type { ApiTokenStore } from '../../src/ports/tokens.js';
import type { ApprovalStore, AuditLog, ConfirmationStore, LocaleStore, OperationStore, PlanStore, RoleRepository } from '../../src/ports/stores.js';
import { MongoAuditLog } from './auditLog.js';
import { serverOf, type DatabaseServer } from './connection.js';
import { migrateToDomainKeys, type MigrationReport } from './migrations.js';
import { createModels, ensureModelIndexes, type MongoModels } from './models.js';
import { jobStateModel, MongoJobState } from './jobState.js';
import { MongoNotePurger } from './notePurger.js';
import { MongoNoteRepository } from './noteRepository.js';
import { MongoNoteRestorer } from './noteRestorer.js';
import { MongoApprovalStore } from './approvalStore.js';
import { ClaimLedger, claimModel } from './claims.js';
import { MongoConversationAddresses } from './conversationAddresses.js';
import { ClaimDeliveryLedger } from './deliveryLedger.js';
import { createJobStorage, type MongoJobStorage } from './jobStorage.js';
import { MongoTokenStore, tokenModel } from './tokenStore.js';
import { MongoConfirmationStore } from './confirmationStore.js';
import { MongoOperationStore, operationModel } from './operationStore.js';
import { localeModel, MongoLocaleStore } from './localeStore.js';
import { MongoPlanStore } from './planStore.js';
import { adminSetModel, MongoRoleRepository } from './roleStore.js';

export { MongoAuditLog } from './auditLog.js';
export { FERRETDB, MONGODB, serverOf, type DatabaseServer } from './connection.js';
export { createModels, type MongoModels } from './models.js';
export { jobStateModel, MongoJobState } from './jobState.js';
export { MongoNotePurger } from './notePurger.js';
export { MongoNoteRepository, noteQueryFilter } from './noteRepository.js';
export { MongoNoteRestorer } from './noteRestorer.js';
export { MongoApprovalStore } from './approvalStore.js';
export { MongoConfirmationStore } from './confirmationStore.js';
export { MongoLocaleStore } from './localeStore.js';
export { MongoPlanStore } from './planStore.js';
export { MongoOperationStore, operationModel } from './operationStore.js';
export { MongoRoleRepository } from './roleStore.js';
export { AGENDA_COLLECTION, type MongoJobStorage } from './jobStorage.js';

export interface MongoRepositories {
  notes: NoteRepository;
  roles: RoleRepository;
  confirmations: ConfirmationStore;
  plans: PlanStore;
  approvals: ApprovalStore;
  audit: AuditLog;
  /** Long operations (jobs) and their progress. */
  operations: OperationStore;
  locales: LocaleStore;
  /** The backup module's ports: restore writes, the purge's hard deletes, the jobs' bookkeeping. */
  noteRestorer: NoteRestorer;
  notePurger: NotePurger;
  jobState: JobState;
  /** The ingestion API's bearer tokens (the `tokens` command writes them, the API reads them). */
  tokens: ApiTokenStore;
  /** Where proactive posts go per conversation (Teams service URLs). */
  addresses: ConversationAddresses;
  /** Deliveries a platform may receive more than once (Feishu event ids), acted on once. */
  deliveries: DeliveryLedger;
  /** The scheduler's storage: Agenda's database, the per-run claims, duplicate schedules removed. */
  jobs: MongoJobStorage;
  /**
   * Rewrites documents stored by earlier versions under their new keys (see migrations.ts),
   * then creates every index. Call once at start-up before serving: the connection has autoIndex
   * off, and the audit chain and the duplicate-id retries rely on the unique indexes. Idempotent,
   * and safe to rerun after a crash half-way.
   */
  ensureIndexes(): Promise<MigrationReport>;
  /** The underlying models, for tests that need the collections directly (nothing in production does). */
  models: MongoModels;
  /** The server the repositories were shaped for. */
  server: DatabaseServer;
}

/**
 * The Mongo implementations of every storage port, on one connection. `server` overrides what
 * was detected at connect (tests run the FerretDB and the MongoDB query paths on one server).
 */
export function createMongoRepositories(connection: Connection, server: DatabaseServer = serverOf(connection), logger: Logger = quiet): MongoRepositories {
  const db = connection.db;
  if (!db) throw new Error('the database connection has no database handle');
  const models = createModels(connection);
  const claims = new ClaimLedger(claimModel(connection));
  return {
    notes: new MongoNoteRepository(models.Note, { server, keys: models.NoteKey }),
    roles: new MongoRoleRepository(models.Role, adminSetModel(connection)),
    confirmations: new MongoConfirmationStore(models.Confirmation, claims),
    plans: new MongoPlanStore(models.Plan, claims),
    approvals: new MongoApprovalStore(models.Approval, claims),
    audit: new MongoAuditLog(models.Audit, models.AuditHead),
    operations: new MongoOperationStore(operationModel(connection), claims),
    locales: new MongoLocaleStore(localeModel(connection)),
    noteRestorer: new MongoNoteRestorer(models.Note),
    notePurger: new MongoNotePurger(models.Note, server),
    jobState: new MongoJobState(jobStateModel(connection), claims),
    tokens: new MongoTokenStore(tokenModel(connection)),
    addresses: new MongoConversationAddresses(db, logger.child({ component: 'addresses' })),
    deliveries: new ClaimDeliveryLedger(claims),
    jobs: createJobStorage(connection),
    ensureIndexes: async () => {
      const report = await migrateToDomainKeys(connection);
      await ensureModelIndexes(models);
      await operationModel(connection).createIndexes();
      return report;
    },
    models,
    server,
  };
}

/** For callers that pass no logger (tests, tools): a failed address write is not worth a line there. */
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };
