import { aNote } from '../../support/builders.js';
import { expectKind, startBackupApp, type BackupHarness } from './harness.js';

let h: BackupHarness;
beforeAll(async () => {
  h = await startBackupApp('predelete');
});
afterAll(() => h.close());

test('a bulk delete leaves a verified pre-delete snapshot, and "backup restore <snapshot> plan:<id>" brings its notes back', async () => {
  for (let i = 0; i < 6; i += 1) await h.app.deps.notes.insert(aNote(`to go ${i}`).on('acct-gone').build());
  await h.app.deps.notes.insert(aNote('stays').on('acct-stays').build());
  const preview = expectKind(await h.run('bulk-delete record:acct-gone'), 'confirm-plan');
  const executed = expectKind(await h.run(`confirm ${preview.confirmationId}`), 'plan-executed');
  const planId = executed.plan.id;

  const snapshot = expectKind(await h.run('backup list'), 'backup-list').backups.find((b) => b.kind === 'pre-delete');
  expect(snapshot).toMatchObject({ planId, counts: { notes: 6 }, verification: { ok: true } });

  const asked = expectKind(await h.run(`backup restore ${snapshot!.id} plan:${planId}`), 'confirm-backup-restore');
  expect(asked.counts).toEqual({ inScope: 6, restorable: 6, skipped: 0 });
  const done = expectKind(await h.run(`confirm ${asked.confirmationId}`), 'backup-restored');
  expect(done.report.restored).toBe(6);
  expect(await h.app.deps.notes.count({ state: 'live', recordId: 'acct-gone' })).toBe(6);
  expect(await h.app.deps.notes.count({ state: 'deleted' })).toBe(0);
});
