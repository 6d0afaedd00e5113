import type { Connection, Model } from 'mongoose';
import { pino } from 'pino';
import { createCrmModule } from '../../adapters/crm/index.js';
import { outboxModel, syncStateModel } from '../../adapters/crm/outboxModel.js';
import { claimModel } from '../../adapters/mongo/claims.js';
import { jobStateModel } from '../../adapters/mongo/jobState.js';
import { operationModel } from '../../adapters/mongo/operationStore.js';
import type { CrmConnector } from '../../src/ports/crm.js';
import { makeCore } from '../support/core.js';
import { adminSetModel } from '../../adapters/mongo/roleStore.js';
import { connectDatabase, MONGODB } from '../../adapters/mongo/connection.js';
import { createMongoRepositories, type MongoRepositories } from '../../adapters/mongo/index.js';
import { freshDatabaseUri } from '../support/database.js';
import { describeShape, serves, shapeOf, type IndexKey, type QueryShape } from '../support/queryShapes.js';
import { auditLogContract } from './suites/audit.js';
import { notePurgerContract, noteRestorerContract } from './suites/backupNotes.js';
import { jobStateContract } from './suites/jobState.js';
import { noteRepositoryContract } from './suites/notes.js';
import { noteEffectsContract } from './suites/noteEffects.js';
import { operationStoreContract } from './suites/operations.js';
import { planStoreContract } from './suites/plans.js';
import { roleRepositoryContract } from './suites/roles.js';
import { localeModel } from '../../adapters/mongo/localeStore.js';
import { sourcedNotesContract } from './suites/sourcedNotes.js';
import { approvalStoreContract, confirmationStoreContract, localeStoreContract } from './suites/stores.js';

// Production is MongoDB, which has no FerretDB to excuse a scan: every query the repositories send
// on their MongoDB path, recorded while the contract suites exercise them, must be served by an
// index declared in adapters/mongo/models.ts.
const connection: Connection = await connectDatabase(freshDatabaseUri('queryshapes'));
const repos: MongoRepositories = createMongoRepositories(connection, MONGODB);
await repos.ensureIndexes();
// Another process on the same database, for the audit contract's two appenders.
const peerConnection: Connection = await connectDatabase(sameDatabase(connection));
const peer = createMongoRepositories(peerConnection, MONGODB);
afterAll(async () => {
  await connection.close();
  await peerConnection.close();
});

function sameDatabase(conn: Connection): string {
  const url = new URL(process.env.TEST_MONGODB_URI!);
  url.pathname = `/${conn.name}`;
  return url.toString();
}

const recorded: QueryShape[] = [];
const QUERIES = new Set(['find', 'findOne', 'countDocuments', 'updateMany', 'updateOne', 'findOneAndUpdate', 'deleteOne', 'replaceOne']);
let recording = false;
connection.set('debug', (collection: string, method: string, filter: unknown, ...rest: unknown[]) => {
  if (!recording || !QUERIES.has(method)) return;
  const options = rest.find((arg): arg is { sort?: Record<string, number> } => typeof arg === 'object' && arg !== null && 'sort' in arg);
  recorded.push(shapeOf(collection, method, (filter ?? {}) as Record<string, unknown>, options?.sort));
});

/** Test set-up empties collections with `deleteMany({})`: not a repository query, so not recorded. */
const emptied = async <T>(models: Model<never>[], port: () => T): Promise<T> => {
  recording = false;
  for (const model of models) await model.deleteMany({}).exec();
  recording = true;
  return port();
};
const m = repos.models as unknown as Record<string, Model<never>>;

noteRepositoryContract('query shapes', () => emptied([m.Note], () => repos.notes));
noteEffectsContract('query shapes', () => emptied([m.Note], () => repos.notes));
sourcedNotesContract('query shapes', () => emptied([m.Note, m.NoteKey], () => ({ notes: repos.notes, peer: peer.notes })));
// Claims and admin sets are keyed by `_id` and go with the documents they decide.
const claims = claimModel(connection) as unknown as Model<never>;
const adminSets = adminSetModel(connection) as unknown as Model<never>;
roleRepositoryContract('query shapes', () => emptied([m.Role, adminSets], () => ({ roles: repos.roles, peer: peer.roles })));
confirmationStoreContract('query shapes', () => emptied([m.Confirmation, claims], () => ({ store: repos.confirmations, peer: peer.confirmations })));
planStoreContract('query shapes', () => emptied([m.Plan, claims], () => ({ plans: repos.plans, peer: peer.plans })));
const operations = operationModel(connection) as unknown as Model<never>;
operationStoreContract('query shapes', () => emptied([operations, claims], () => ({ store: repos.operations, peer: peer.operations })));
localeStoreContract('query shapes', () => emptied([localeModel(connection) as unknown as Model<never>], () => ({ store: repos.locales, peer: peer.locales })));
approvalStoreContract('query shapes', () => emptied([m.Approval, claims], () => ({ store: repos.approvals, peer: peer.approvals })));
auditLogContract('query shapes', () =>
  emptied([m.Audit, m.AuditHead], () => {
    // Fresh instances on both sides: an emptied log must not be appended to from an instance's
    // memory of the old head (in use the log only grows, so that memory is a safe place to start).
    const fresh = createMongoRepositories(connection, MONGODB);
    return { log: fresh.audit, peer: createMongoRepositories(peerConnection, MONGODB).audit };
  }),
);
// The backup ports: restore writes, the purge's hard deletes, the jobs' bookkeeping.
const jobState = jobStateModel(connection) as unknown as Model<never>;
noteRestorerContract('query shapes', () => emptied([m.Note], () => ({ restorer: repos.noteRestorer, peer: peer.noteRestorer, notes: repos.notes })));
notePurgerContract('query shapes', () => emptied([m.Note], () => ({ purger: repos.notePurger, notes: repos.notes, restorer: repos.noteRestorer })));
jobStateContract('query shapes', () => emptied([jobState, claims], () => ({ state: repos.jobState, peer: peer.jobState })));

// The CRM outbox and pull state (adapters/crm): enqueue, drain, status, with a stub connector.
describe('CRM outbox and pull state', () => {
  test('enqueue, drain and status run their queries', async () => {
    const outbox = emptied([outboxModel(connection) as unknown as Model<never>, claims], () => outboxModel(connection));
    await (await outbox).createIndexes();
    const stub: CrmConnector = {
      source: 'zoho',
      deleteBatchMax: 100,
      pullPage: async () => ({ notes: [{ externalId: 'z1', recordId: 'acct-1', body: 'pulled', createdAt: new Date(), modifiedAt: new Date() }], next: { since: new Date().toISOString(), page: null } }),
      deleteNotes: async (ids) => new Map(ids.map((id) => [id, { outcome: 'done' as const }])),
      restoreNote: async () => ({ outcome: 'done' }),
      liveIds: async () => new Set(),
    };
    const deps = { ...makeCore().deps, notes: repos.notes, clock: { now: () => new Date() } };
    const crm = createCrmModule(connection, [stub], () => deps, pino({ level: 'silent' }));
    await crm.pull('zoho');
    const note = await repos.notes.findBySource('zoho', 'z1');
    await crm.feed.notesChanged('delete', [{ ...note!, deletedAt: new Date() }], 'p-1');
    expect(await crm.drain('zoho')).toMatchObject({ sent: 1, done: 1 });
    expect((await crm.status())[0].outbox).toMatchObject({ pending: 0, failed: 0 });
  });
});

/** Most selective first, per collection: an index may leave out an equality field only behind a better one. */
const SELECTIVITY: Record<string, string[]> = {
  notes: ['_id', 'id', 'effectsDue', 'deletionPlanId', 'recordId', 'authorId', 'tags', 'deletedAt'],
  audit: ['_id', 'seq', 'targetIds', 'actorId', 'action'],
  crm_outbox: ['_id', 'source', 'state'],
};

function declaredIndexes(): Map<string, IndexKey[]> {
  const byCollection = new Map<string, IndexKey[]>();
  const models = [
    ...Object.values(repos.models),
    claimModel(connection),
    adminSetModel(connection),
    jobStateModel(connection),
    operationModel(connection),
    outboxModel(connection),
    syncStateModel(connection),
    localeModel(connection),
  ] as Model<unknown>[];
  for (const model of models) {
    const keys: IndexKey[] = [[['_id', 1]]];
    for (const [fields] of model.schema.indexes()) keys.push(Object.entries(fields).map(([f, d]) => [f, Number(d) < 0 ? -1 : 1]));
    byCollection.set(model.collection.collectionName, keys);
  }
  return byCollection;
}

/** Shapes known to scan on MongoDB. Empty, and it must stay so: declare an index instead. */
const KNOWN_GAPS: string[] = [];

describe('every query shape the repositories send on MongoDB', () => {
  test('is served by a declared index (equality fields, then the sort)', () => {
    const indexes = declaredIndexes();
    const unique = new Map(recorded.map((shape) => [describeShape(shape), shape]));
    // The suites exercise lists, lookups, conditional writes and the audit chain: all of them show up.
    expect([...unique.keys()].some((s) => s.startsWith('notes.find eq[deletedAt,recordId]'))).toBe(true);
    expect([...unique.keys()].some((s) => s.startsWith('audit.findOne eq[_id]'))).toBe(true);
    const unserved = [...unique.values()].filter((shape) => {
      const wholeCollection = !shape.equality.length && !shape.range.length && !shape.sort.length;
      if (wholeCollection) return false;
      return !(indexes.get(shape.collection) ?? []).some((index) => serves(index, shape, SELECTIVITY[shape.collection] ?? ['_id', 'id']));
    });
    expect(unserved.map(describeShape)).toEqual(KNOWN_GAPS);
  });
});
