import { createHash, randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { canonicalJson, verifyChain, type AuditEntry } from '../../src/domain/audit.js';
import type { BackupCatalog } from './catalog.js';
import type { DrillResult } from '../../src/ports/jobState.js';
import { readBackupLines, toAuditEntry, toNote, toRole, verifyBackupFile, type FileTally } from './reader.js';

const BATCH = 1000;
const decoders: Record<string, (d: unknown) => object> = { notes: toNote, roles: toRole, audit: toAuditEntry };
/** The order the exporter writes each collection in, so a digest of each side can be compared. */
const exportOrder: Record<string, Record<string, 1>> = { notes: { id: 1 }, roles: { actorId: 1 }, audit: { seq: 1 } };

/**
 * The weekly restore drill: verify the newest full backup, load it into a scratch database on the
 * same server, read everything back and compare (counts and a running hash per collection), check
 * the restored audit chain, then drop the scratch database. Never touches the live database.
 *
 * The one place here that writes collections directly, on purpose: the scratch database is not
 * the app's storage, so no port stands between (a port would only hide that it bypasses the
 * repositories' rules), and the drill must read back what the server stored, byte for byte, not
 * what a repository makes of it.
 */
export async function runRestoreDrill(catalog: BackupCatalog, connection: Connection, now: () => Date): Promise<DrillResult> {
  const started = now();
  const finish = (result: Omit<DrillResult, 'at' | 'durationMs'>): DrillResult => ({
    ...result,
    at: started,
    durationMs: now().getTime() - started.getTime(),
  });
  const newest = (await catalog.list()).find((b) => b.kind !== 'pre-delete');
  if (!newest) return finish({ backupId: null, ok: false, problem: { code: 'noBackup' }, counts: {}, auditChainOk: null });
  const verdict = await verifyBackupFile(catalog.dataPath(newest.id), newest);
  await catalog.recordVerification(newest.id, { ok: verdict.ok, at: now(), ...(verdict.problem ? { problem: verdict.problem } : {}) });
  if (!verdict.ok) return finish({ backupId: newest.id, ok: false, problem: verdict.problem, counts: verdict.foundCounts, auditChainOk: null });

  // Another database on the same server and client: nothing new to connect or to close.
  const db = connection.getClient().db(`${connection.name}_drill_${randomBytes(4).toString('hex')}`);
  try {
    const fileDigests = new Map<string, ReturnType<typeof createHash>>();
    const batches = new Map<string, object[]>();
    const flush = async (name: string) => {
      const docs = batches.get(name) ?? [];
      if (docs.length) await db.collection(name).insertMany(docs.map((d) => ({ ...d })), { ordered: true });
      batches.set(name, []);
    };
    const tally: FileTally = { bytes: 0, sha256: '', counts: {} };
    for await (const line of readBackupLines(catalog.dataPath(newest.id), tally)) {
      const decode = decoders[line.c];
      if (!decode) continue;
      const doc = decode(line.d);
      if (!fileDigests.has(line.c)) fileDigests.set(line.c, createHash('sha256'));
      fileDigests.get(line.c)!.update(`${canonicalJson(doc)}\n`);
      const batch = batches.get(line.c) ?? [];
      batch.push(doc);
      batches.set(line.c, batch);
      if (batch.length >= BATCH) await flush(line.c);
    }
    for (const name of batches.keys()) await flush(name);

    const counts: Record<string, number> = {};
    for (const name of Object.keys(exportOrder)) {
      const digest = createHash('sha256');
      counts[name] = 0;
      for await (const raw of db.collection(name).find({}, { projection: { _id: 0 } }).sort(exportOrder[name])) {
        digest.update(`${canonicalJson(decoders[name](raw))}\n`);
        counts[name] += 1;
      }
      const expected = fileDigests.get(name)?.digest('hex') ?? createHash('sha256').digest('hex');
      if ((newest.counts[name] ?? 0) !== counts[name]) {
        return finish({ backupId: newest.id, ok: false, problem: { code: 'restoredCount', collection: name, restored: counts[name], expected: newest.counts[name] ?? 0 }, counts, auditChainOk: null });
      }
      if (digest.digest('hex') !== expected) {
        return finish({ backupId: newest.id, ok: false, problem: { code: 'restoredDiffers', collection: name }, counts, auditChainOk: null });
      }
    }
    const audit = db.collection('audit').find({}, { projection: { _id: 0 } }).sort({ seq: 1 });
    const chain = await verifyChain((async function* () {
      for await (const raw of audit) yield toAuditEntry(raw) as AuditEntry;
    })());
    return finish({
      backupId: newest.id,
      ok: chain.ok,
      ...(chain.ok || !chain.problem ? {} : { problem: { code: 'auditChainBroken', at: chain.brokenAt ?? 0, chain: chain.problem } }),
      counts,
      auditChainOk: chain.ok,
    });
  } finally {
    await db.dropDatabase().catch(() => undefined);
  }
}
