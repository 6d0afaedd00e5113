import { canonicalJson } from '../../../src/domain/audit.js';
import { noteHash } from '../../../src/usecases/backups.js';
import { renderText } from '../../../adapters/chat/renderText.js';
import type { Note } from '../../../src/domain/note.js';
import { AUDIT_TARGETS_MAX } from '../../../src/domain/plan.js';
import { aNote } from '../../support/builders.js';
import { allNotes, expectKind, startBackupApp, type BackupHarness } from './harness.js';

let h: BackupHarness;

beforeAll(async () => {
  h = await startBackupApp('roundtrip');
  await h.run('roles grant console:bob member');
  for (let i = 0; i < 3; i += 1) await h.run(`add acct-${i} first words about account ${i} #followup`);
  for (let i = 0; i < 40; i += 1) await h.app.deps.notes.insert(aNote(`bulk note ${i} with "quotes", ünïcode and a\nnewline`).on(`acct-${i % 5}`).build());
  for (let i = 0; i < 7; i += 1) await h.app.deps.notes.insert(aNote(`deleted note ${i}`).deleted().build());
});
afterAll(() => h.close());

const hashes = async () => new Map((await allNotes(h.app)).map((n) => [n.id, noteHash(n)]));
/** A restore stamps `updatedAt` with its own instant (how a resumed restore finds its own work); the rest is the backup's. */
const withoutUpdatedAt = ({ updatedAt: _updatedAt, ...rest }: Note) => rest;
const contents = async () => new Map((await allNotes(h.app)).map((n) => [n.id, canonicalJson(withoutUpdatedAt(n))]));

test('export -> wipe -> restore brings every note back identical, and is audited', async () => {
  expect((await hashes()).size).toBe(50);
  const before = await contents();

  const created = expectKind(await h.run('backup now'), 'backup-created');
  expect(created.backup.kind).toBe('manual');
  expect(created.backup.counts).toEqual({ roles: 1, notes: 50, audit: expect.any(Number) });
  expect(created.backup.counts.audit).toBeGreaterThanOrEqual(4);
  expect(created.backup.verification?.ok).toBe(true);

  await h.rawNotes.deleteMany({});
  expect((await hashes()).size).toBe(0);

  const asked = expectKind(await h.run(`backup restore ${created.backup.id}`), 'confirm-backup-restore');
  expect(asked.counts).toEqual({ inScope: 50, restorable: 50, skipped: 0 });
  expect(renderText(asked)).toContain('50 notes in scope: 50 would come back');
  // Nothing changes before the confirmation.
  expect((await hashes()).size).toBe(0);

  const done = expectKind(await h.run(`confirm ${asked.confirmationId}`), 'backup-restored');
  expect(done.report).toMatchObject({ restored: 50, skippedLive: 0, skippedStillDeleted: 0 });
  expect(canonicalJson([...(await contents())].sort())).toBe(canonicalJson([...before].sort()));
  // Restored notes are stored under their id like any other, so single-note commands find them.
  for await (const note of h.app.deps.notes.streamAll()) expect(await h.app.deps.notes.findById(note.id)).toEqual(note);

  const entries = await h.app.deps.audit.query({ targetIds: [created.backup.id], limit: 5 });
  expect(entries.map((e) => e.action)).toEqual(['backup.restore', 'backup.restore', 'backup.create']);
  const [summary, start] = entries;
  const planId = String(summary.details.planId);
  expect(summary).toMatchObject({ targetIds: [planId, created.backup.id], details: { restored: 50, skipped: 0, scope: 'all', finished: true } });
  expect(start).toMatchObject({ targetIds: [created.backup.id, planId], details: { planId, inScope: 50, candidates: 50 } });
  // Each restored note is named by the plan's batch entries, at most AUDIT_TARGETS_MAX targets each.
  const batches = (await h.app.deps.audit.query({ targetIds: [planId], limit: 50 })).filter((e) => e.details.batch);
  expect(batches.flatMap((e) => e.targetIds.slice(1)).sort()).toEqual([...before.keys()].sort());
  expect(batches.every((e) => e.targetIds.length <= AUDIT_TARGETS_MAX)).toBe(true);
});

test('restore never overwrites a live note, brings back soft-deleted ones, and reports skipped counts', async () => {
  const backup = expectKind(await h.run('backup now'), 'backup-created').backup;
  const notes = await allNotes(h.app);
  const live = notes.filter((n) => n.deletedAt === null);
  const [toDelete, toRemove, toEdit] = live;
  await h.run(`delete ${toDelete.id}`).then((o) => h.run(`confirm ${expectKind(o, 'confirm-delete').confirmationId}`));
  await h.rawNotes.deleteOne({ id: toRemove.id });
  // The live note now differs from the backup: a restore must leave this version alone.
  const edited = { body: `${toEdit.body} (edited after the backup)`, tags: ['edited'], updatedAt: new Date() };
  await h.rawNotes.updateOne({ id: toEdit.id }, { $set: edited });

  const asked = expectKind(await h.run(`backup restore ${backup.id}`), 'confirm-backup-restore');
  expect(asked.counts).toEqual({ inScope: 50, restorable: 2, skipped: 48 });
  const done = expectKind(await h.run(`confirm ${asked.confirmationId}`), 'backup-restored');
  expect(done.report).toMatchObject({ restored: 2, skippedLive: 41, skippedStillDeleted: 7 });
  expect(done.report.restoredIds.sort()).toEqual([toDelete.id, toRemove.id].sort());
  expect(withoutUpdatedAt((await h.app.deps.notes.findById(toDelete.id))!)).toEqual(withoutUpdatedAt(toDelete));
  expect(withoutUpdatedAt((await h.app.deps.notes.findById(toRemove.id))!)).toEqual(withoutUpdatedAt(toRemove));
  expect(await h.app.deps.notes.findById(toEdit.id)).toEqual({ ...toEdit, ...edited });
});

test('scoped restores: note:, record: and plan: pick only their notes', async () => {
  const backup = expectKind(await h.run('backup now'), 'backup-created').backup;
  const inRecord = (await allNotes(h.app)).filter((n) => n.recordId === 'acct-3' && n.deletedAt === null);
  await h.rawNotes.deleteMany({ recordId: { $in: ['acct-3', 'acct-4'] } });

  const one = expectKind(await h.run(`backup restore ${backup.id} note:${inRecord[0].id}`), 'confirm-backup-restore');
  expect(one.counts).toEqual({ inScope: 1, restorable: 1, skipped: 0 });
  await h.run(`cancel ${one.confirmationId}`);
  expect(await h.app.deps.notes.findById(inRecord[0].id)).toBeNull();

  const record = expectKind(await h.run(`backup restore ${backup.id} record:acct-3`), 'confirm-backup-restore');
  expect(record.counts.restorable).toBe(inRecord.length);
  const done = expectKind(await h.run(`confirm ${record.confirmationId}`), 'backup-restored');
  expect(done.report.restored).toBe(inRecord.length);
  expect((await allNotes(h.app)).filter((n) => n.recordId === 'acct-4')).toHaveLength(0);

  const plan = expectKind(await h.run(`backup restore ${backup.id} plan:p-nothing`), 'confirm-backup-restore');
  expect(plan.counts).toEqual({ inScope: 0, restorable: 0, skipped: 0 });
});

test('backup list shows id, kind, counts, size and verification; members may not use backups', async () => {
  const list = expectKind(await h.run('backup list'), 'backup-list');
  expect(list.backups.length).toBe(3);
  // Newest first: each later backup holds more audit entries (the restores recorded since).
  const auditCounts = list.backups.map((b) => b.counts.audit);
  expect([...auditCounts].sort((a, b) => b - a)).toEqual(auditCounts);
  expect(list.backups.every((b) => b.verification?.ok)).toBe(true);
  const text = renderText(list);
  expect(text).toMatch(/manual-\d{8}T\d{6}Z-[0-9a-f]{6} {2}manual {2}\d{4}-\d\d-\d\d \d\d:\d\d UTC {2}50 notes, 1 roles, \d+ audit {2}[\d.]+ KB {2}verified/);
  await expect(h.run('backup list', 'console:bob')).rejects.toMatchObject({ code: 'NotPermitted' });
  await expect(h.run('backup verify nope-123')).rejects.toMatchObject({ code: 'BackupNotFound' });
});
