import { parseCommand } from '../../../adapters/chat/parseCommand.js';
import { renderText } from '../../../adapters/chat/renderText.js';
import { isNotesError, type NotesError } from '../../../src/domain/errors.js';
import type { BackupSummary } from '../../../src/ports/backups.js';
import { said, usageShown } from '../../support/said.js';

const parse = (text: string) => parseCommand(text, { platform: 'console' });

test.each([
  ['backup', { kind: 'list' }],
  ['/notes backup list', { kind: 'list' }],
  ['backup now', { kind: 'now' }],
  ['backup verify manual-20261129T113200Z-abc123', { kind: 'verify', backupId: 'manual-20261129T113200Z-abc123' }],
  ['backup restore b-1', { kind: 'restore', backupId: 'b-1', scope: { kind: 'all' } }],
  ['backup restore b-1 note:n-abc123', { kind: 'restore', backupId: 'b-1', scope: { kind: 'note', id: 'n-abc123' } }],
  ['backup restore b-1 record:acct-42', { kind: 'restore', backupId: 'b-1', scope: { kind: 'record', id: 'acct-42' } }],
  ['backup restore b-1 plan:p-xyz', { kind: 'restore', backupId: 'b-1', scope: { kind: 'plan', id: 'p-xyz' } }],
])('%s parses', (text, request) => {
  expect(parse(text)).toEqual({ name: 'backup', request });
});

test.each([
  ['backup now please', 'backup now takes no arguments.'],
  ['backup wipe', '"backup wipe" is not a backup command.'],
  ['backup verify', 'backup verify needs a backup id ("backup list" shows them).'],
  ['backup verify ../../etc/passwd', '"../../etc/passwd" is not a backup id.'],
  ['backup verify b-1 note:n-1', 'backup verify takes only a backup id.'],
  ['backup restore b-1 tag:x', 'Unknown restore scope "tag:x".'],
  ['backup restore b-1 note:', '"" is not a note id.'],
  ['backup restore b-1 note:n-1 record:r', 'backup restore takes at most one of note:, record: or plan:.'],
])('%s is refused with the usage', (text, message) => {
  let error: unknown;
  try {
    parse(text);
  } catch (caught) {
    error = caught;
  }
  expect(isNotesError(error, 'BadInput')).toBe(true);
  expect(said(error)).toBe(message);
  expect(usageShown(error as NotesError)).toBe('backup [now | list | verify <backupId> | restore <backupId> [note:<id> | record:<id> | plan:<id>]]');
});

const backup: BackupSummary = {
  id: 'scheduled-20261129T020000Z-aaaaaa',
  kind: 'scheduled',
  startedAt: new Date('2026-11-29T02:00:00Z'),
  finishedAt: new Date('2026-11-29T02:00:03Z'),
  durationMs: 3000,
  counts: { notes: 1200, roles: 3, audit: 4000 },
  bytes: 3 * 1024 * 1024,
  sha256: 'a'.repeat(64),
  schemaVersion: 1,
  verification: { ok: true, at: new Date('2026-11-29T02:00:04Z') },
};

test('the list, the confirm step and the restore result read well', () => {
  expect(renderText({ kind: 'backup-list', backups: [backup, { ...backup, id: 'pre-delete-x-p-1', kind: 'pre-delete', planId: 'p-1', verification: undefined }] })).toBe(
    [
      '2 backups, newest first:',
      '  scheduled-20261129T020000Z-aaaaaa  scheduled  2026-11-29 02:00 UTC  1200 notes, 3 roles, 4000 audit  3.0 MB  verified 2026-11-29 02:00 UTC',
      '  pre-delete-x-p-1  pre-delete (plan p-1)  2026-11-29 02:00 UTC  1200 notes, 3 roles, 4000 audit  3.0 MB  not verified',
      '  "backup verify <backupId>" re-checks one; "backup restore <backupId> [note:<id> | record:<id> | plan:<id>]" brings notes back.',
    ].join('\n'),
  );
  expect(renderText({ kind: 'backup-list', backups: [] })).toBe('No backups yet. "backup now" takes one.');
  expect(
    renderText({
      kind: 'confirm-backup-restore',
      confirmationId: 'c-1',
      backup,
      scope: { kind: 'record', id: 'acct-1' },
      counts: { inScope: 12, restorable: 5, skipped: 7 },
      expiresAt: new Date(),
    }),
  ).toBe(
    [
      'Restore record:acct-1 from backup scheduled-20261129T020000Z-aaaaaa (scheduled, 2026-11-29 02:00 UTC)?',
      '  12 notes in scope: 5 would come back (missing or deleted now), 7 would be left alone (live now, or deleted in the backup too).',
      '  Live notes are never overwritten.',
    ].join('\n'),
  );
  expect(
    renderText({
      kind: 'backup-restored',
      report: { backupId: backup.id, scope: { kind: 'all' }, restored: 2, skippedLive: 3, skippedStillDeleted: 1, restoredIds: ['n-1', 'n-2'] },
    }),
  ).toBe(`Restored 2 notes from backup ${backup.id} (all notes); skipped 4 (3 live now, 1 deleted in the backup too).\n  n-1 n-2`);
});
