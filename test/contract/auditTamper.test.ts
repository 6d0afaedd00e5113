import type { Connection } from 'mongoose';
import { renderText } from '../../adapters/chat/renderText.js';
import { connectDatabase } from '../../adapters/mongo/connection.js';
import { createMongoRepositories, type MongoRepositories } from '../../adapters/mongo/index.js';
import { auditKey } from '../../adapters/mongo/models.js';
import { auditHash } from '../../src/domain/audit.js';
import { queryAudit } from '../../src/usecases/audit.js';
import type { CoreDeps } from '../../src/usecases/context.js';
import { freshDatabaseUri } from '../support/database.js';
import { anAuditInput, minutes } from './suites/builders.js';

// Tampering as an attacker with database access would do it: straight through the driver, on the
// stored documents, then the real `audit verify` use case reading them back through the port.
const connection: Connection = await connectDatabase(freshDatabaseUri('audittamper'));
const repos: MongoRepositories = createMongoRepositories(connection);
await repos.ensureIndexes();
afterAll(() => connection.close());

const raw = () => connection.db!.collection<{ _id: string }>('audit');
const verify = async () => {
  // `audit verify` needs only the audit log of the core's dependencies.
  const outcome = await queryAudit({ audit: repos.audit } as CoreDeps, { kind: 'verify' });
  if (outcome.kind !== 'audit-verified') throw new Error(`unexpected outcome ${outcome.kind}`);
  return outcome;
};

beforeEach(async () => {
  await repos.models.Audit.deleteMany({}).exec();
  await repos.models.AuditHead.deleteMany({}).exec();
  repos.audit = createMongoRepositories(connection).audit;
  for (let i = 0; i < 5; i += 1) await repos.audit.append(anAuditInput({ details: { reason: `r${i}` } }), minutes(i));
});

test('an intact log verifies', async () => {
  expect((await verify()).verdict).toEqual({ ok: true, checked: 5 });
});

test('edited details of entry 3 are named as the break, with the entries before it intact', async () => {
  await raw().updateOne({ _id: auditKey(3) }, { $set: { 'details.reason': 'nothing to see' } });
  const outcome = await verify();
  expect(outcome.verdict).toMatchObject({ ok: false, brokenAt: 3, checked: 2, problem: { code: 'hashMismatch' } });
  expect(renderText(outcome)).toBe('AUDIT LOG BROKEN at entry #3: entry content does not match its hash (2 entries before it are intact).');
});

test('an entry re-hashed after editing still breaks the link from the next one', async () => {
  const stored = (await repos.audit.query({ limit: 10 })).find((e) => e.seq === 2)!;
  const { hash: _old, ...edited } = { ...stored, actorId: 'slack:UMALLORY' };
  await raw().updateOne({ _id: auditKey(2) }, { $set: { actorId: 'slack:UMALLORY', hash: auditHash(edited) } });
  expect((await verify()).verdict).toMatchObject({ ok: false, brokenAt: 3, problem: { code: 'linkMismatch' } });
});

test('a deleted entry shows as a jump in the sequence', async () => {
  await raw().deleteOne({ _id: auditKey(4) });
  expect((await verify()).verdict).toMatchObject({ ok: false, brokenAt: 5, checked: 3, problem: { code: 'sequenceJump', from: 3, to: 5 } });
});
