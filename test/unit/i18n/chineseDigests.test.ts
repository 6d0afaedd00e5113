import { describe, expect, test } from '@jest/globals';
import { digestText } from '../../../adapters/chat/digestPublisher.js';
import { backupDigest, purgeDigest, rolesReviewDigest, withCrmFailures } from '../../../adapters/chat/digestViews.js';
import { english, translatorFor } from '../../../adapters/chat/i18n/index.js';
import { endText } from '../../../adapters/chat/progressText.js';
import { problemText } from '../../../adapters/chat/problemText.js';
import { renderText } from '../../../adapters/chat/renderText.js';
import { renderErrorText } from '../../../adapters/chat/words.js';
import { problemParams } from '../../../adapters/backups/reader.js';
import { NotesError } from '../../../src/domain/errors.js';
import type { AuditEntry } from '../../../src/domain/audit.js';
import type { BackupSummary, RotationResult } from '../../../src/ports/backups.js';
import type { DrillResult } from '../../../src/ports/jobState.js';
import { englishWords } from '../../support/english.js';
import { anOperation } from '../../support/readerOutcomes.js';

/**
 * Backup verification, restore drills, the scheduled digests and failed jobs, read in Chinese:
 * what is stored is codes and numbers, so nothing here is quoted English; no diagnostics are
 * taken out before the check.
 */
const zh = translatorFor('zh-CN');
const T0 = new Date('2026-11-29T02:00:00Z');

const backup: BackupSummary = {
  id: 'scheduled-20261129T020000Z-aaaaaa',
  kind: 'scheduled',
  startedAt: T0,
  finishedAt: T0,
  durationMs: 3100,
  counts: { notes: 120, roles: 3, audit: 410 },
  bytes: 1_468_006,
  sha256: 'a'.repeat(64),
  schemaVersion: 1,
  verification: { ok: true, at: T0 },
};
const previous: BackupSummary = { ...backup, id: 'scheduled-20261128T020000Z-bbbbbb', counts: { notes: 118, roles: 3, audit: 400 }, bytes: 1_400_000 };
const rotation: RotationResult = {
  removed: [
    { id: 'scheduled-20261101T020000Z-cccccc', kind: 'scheduled', reason: 'beyond-keep', keep: 7 },
    { id: 'pre-delete-20261020T101500Z-dddddd', kind: 'pre-delete', reason: 'all-purged' },
  ],
  stalePartials: [],
};
const drill = (problem: DrillResult['problem']): DrillResult => ({ backupId: backup.id, ok: false, at: T0, durationMs: 900, problem, counts: {}, auditChainOk: false });
const drills: DrillResult[] = [
  drill({ code: 'restoredCount', collection: 'notes', restored: 119, expected: 120 }),
  drill({ code: 'restoredDiffers', collection: 'audit' }),
  drill({ code: 'auditChainBroken', at: 12, chain: { code: 'sequenceJump', from: 11, to: 13 } }),
  drill({ code: 'countMismatch', collection: 'roles', expected: 3, found: 2 }),
  { ...drill({ code: 'noBackup' }), backupId: null },
];
const roleChange: AuditEntry = {
  seq: 7,
  at: T0,
  actorId: 'slack:UADMIN',
  platform: 'slack',
  action: 'role.grant',
  targetIds: ['slack:UMO'],
  details: { role: 'admin', previous: 'member' },
  prevHash: 'b'.repeat(64),
  hash: 'c'.repeat(64),
};
const review = { admins: [{ actorId: 'slack:UADMIN', role: 'admin' as const, grantedBy: null, grantedAt: null }], others: [], defaultRole: 'member' };

const lines = (text: string) => text.split('\n').filter((line) => englishWords(line).length > 0);

describe('digests, verification and failed jobs in Chinese', () => {
  test('a backup digest with rotation and a failed drill: rotation reasons and drill problems in Chinese, with Chinese separators', () => {
    for (const failed of drills) {
      const text = digestText(withCrmFailures(backupDigest(backup, previous, rotation, failed, zh), [{ source: 'zoho', failed: 2 }]));
      expect(lines(text)).toEqual([]);
      expect(text).toContain('scheduled-20261101T020000Z-cccccc（超出最近 7 个定时备份）；pre-delete-20261020T101500Z-dddddd（其中的备注均已永久清除）');
      expect(text).toContain('CRM Zoho：');
    }
    const unverified = { ...backup, verification: { ok: false, at: T0, problem: { code: 'sha256Mismatch' as const } } };
    expect(lines(digestText(backupDigest(unverified, null, { removed: [], stalePartials: [] }, null, zh)))).toEqual([]);
  });

  test('the first permission review counts from the start in words of its own', () => {
    for (const changes of [[roleChange], []]) {
      const text = digestText(rolesReviewDigest({ ...review, changes, since: null }, zh));
      expect(lines(text)).toEqual([]);
      expect(text).not.toMatch(/自 开始/);
    }
    expect(digestText(rolesReviewDigest({ ...review, changes: [], since: null }, zh))).toContain('至今没有角色变更。');
    expect(digestText(rolesReviewDigest({ ...review, changes: [roleChange], since: null }, english))).toContain('All role changes:');
  });

  test('a purge digest reads in Chinese', () => {
    const text = digestText(purgeDigest({ expired: 3, purged: 2, keptUnbacked: 1, purgedIds: ['n-a', 'n-b'] }, 30, zh));
    expect(lines(text)).toEqual([]);
    expect(text).toContain('3 条备注在回收站中已超过 30 天；其中 2 条已有通过校验的备份，已永久清除');
  });

  test("a failed job's end says why in the reader's words; a code the catalog does not know is named as it is", () => {
    const failed = anOperation({ kind: 'backup', planId: null, status: 'failed', done: 30, finishedAt: new Date(T0.getTime() + 5000), result: { failure: 'Internal' } });
    expect(lines(endText(failed, zh))).toEqual([]);
    expect(endText(failed, zh)).toContain('失败（发生意外错误）');
    expect(endText(failed, english)).toContain('failed (an unexpected error)');
    expect(endText({ ...failed, result: { failure: 'DiskFull' } }, zh)).toContain('错误代码 DiskFull');
  });

  test('a failed verification, in the reply, the backup list, a refused restore and the audit check', () => {
    const problems = [
      { code: 'countMismatch' as const, collection: 'notes', expected: 120, found: 118 },
      { code: 'sha256Mismatch' as const },
      { code: 'missing' as const },
      { code: 'cutOff' as const, line: 4 },
    ];
    for (const problem of problems) {
      const verdict = { backupId: backup.id, ok: false, problem, expectedCounts: backup.counts, foundCounts: {}, sha256Matches: false };
      expect(lines(renderText({ kind: 'backup-verified', verdict }, zh))).toEqual([]);
      expect(lines(renderText({ kind: 'backup-list', backups: [{ ...backup, verification: { ok: false, at: T0, problem } }] }, zh))).toEqual([]);
      const refused = new NotesError('BackupInvalid', 'backupFailedVerification', { backupId: backup.id, ...problemParams(problem) });
      expect(lines(renderErrorText(refused, zh))).toEqual([]);
      expect(renderErrorText(refused, english)).toContain(problemText(problem, english));
    }
    expect(renderText({ kind: 'backup-verified', verdict: { backupId: backup.id, ok: false, problem: problems[0], expectedCounts: {}, foundCounts: {}, sha256Matches: true } }, zh)).toContain(
      '清单记录为 120 条备注，文件中实际为 118 条备注',
    );
    const broken = renderText({ kind: 'audit-verified', verdict: { ok: false, checked: 4, brokenAt: 5, problem: { code: 'sequenceJump', from: 4, to: 6 } } }, zh);
    expect(lines(broken)).toEqual([]);
    expect(broken).toContain('序号从 4 直接跳到 6');
  });

  test("a zlib or OS message is kept only as a quoted parameter; an older version's English sentence is shown as it was stored", () => {
    expect(problemText({ code: 'unreadable', detail: 'incorrect header check' }, zh)).toBe('文件无法完整读取（系统提示：“incorrect header check”）');
    const older = 'the file cannot be read to the end (incorrect header check)';
    expect(renderText({ kind: 'backup-list', backups: [{ ...backup, verification: { ok: false, at: T0, problem: older } }] }, zh)).toContain(older);
    expect(problemText({ code: 'fromTheFuture' } as never, zh)).toBe('问题代码“fromTheFuture”');
  });
});
