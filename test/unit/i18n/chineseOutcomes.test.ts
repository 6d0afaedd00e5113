import { describe, expect, test } from '@jest/globals';
import { translatorFor } from '../../../adapters/chat/i18n/index.js';
import { renderText } from '../../../adapters/chat/renderText.js';
import { renderErrorText } from '../../../adapters/chat/words.js';
import { isNotesError } from '../../../src/domain/errors.js';
import type { BackupSummary } from '../../../src/ports/backups.js';
import type { Command } from '../../../src/usecases/commands.js';
import type { Outcome } from '../../../src/usecases/outcomes.js';
import { englishWords } from '../../support/english.js';
import { expectKind, makeCore } from '../../support/core.js';

const zh = translatorFor('zh-CN');

/** A whole working session through the core, every outcome read in Chinese. */
async function session() {
  const core = makeCore({ bulkApprovalThreshold: 2 });
  const outcomes: Outcome[] = [];
  const run = async (actorId: string, command: Command) => {
    const outcome = await core.run(actorId, command);
    outcomes.push(outcome);
    return outcome;
  };
  const all = { filter: {}, filterText: '', page: { page: 1 } };
  await run('console:admin', { name: 'help' });
  for (let i = 0; i < 4; i += 1) await run('console:mo', { name: 'add', recordId: 'acct-42', body: `续约电话 第${i}次 #续约` });
  const list = expectKind(await run('console:mo', { name: 'list', ...all }), 'note-list');
  const [first, second] = list.notes;
  await run('console:mo', { name: 'show', noteId: first.id });
  const asked = expectKind(await run('console:mo', { name: 'delete', noteId: first.id, reason: '重复' }), 'approval-requested');
  await run('console:admin', { name: 'approvals' });
  await run('console:admin', { name: 'approve', requestId: asked.request.id });
  const confirmDelete = expectKind(await run('console:admin', { name: 'delete', noteId: second.id, reason: null }), 'confirm-delete');
  await run('console:admin', { name: 'cancel', confirmationId: confirmDelete.confirmationId });
  const again = expectKind(await run('console:admin', { name: 'delete', noteId: second.id, reason: null }), 'confirm-delete');
  await run('console:admin', { name: 'confirm', confirmationId: again.confirmationId });
  await run('console:admin', { name: 'trash', ...all });
  await run('console:admin', { name: 'restore', noteId: second.id });
  const preview = expectKind(await run('console:admin', { name: 'bulk-delete', filter: { recordId: 'acct-42' }, filterText: 'record:acct-42' }), 'confirm-plan');
  await run('console:admin', { name: 'confirm', confirmationId: preview.confirmationId });
  const pending = expectKind(await run('console:admin', { name: 'approvals' }), 'approval-list');
  const done = await run('console:admin2', { name: 'approve', requestId: pending.requests[0].id });
  const executed = expectKind(expectKind(done, 'approval-decided').result!, 'plan-executed');
  await run('console:admin', { name: 'undo', planId: executed.plan.id });
  await run('console:admin', { name: 'roles', change: { kind: 'grant', actorId: 'console:vera', role: 'viewer' } });
  await run('console:admin', { name: 'roles', change: { kind: 'list' } });
  await run('console:admin', { name: 'audit', request: { kind: 'note', noteId: first.id } });
  await run('console:admin', { name: 'audit', request: { kind: 'verify' } });
  await run('console:mo', { name: 'lang', locale: 'zh-CN' });
  await run('console:mo', { name: 'lang', locale: null });
  return { core, outcomes };
}

const DIAGNOSTIC = 'sha256 mismatch';
const backup: BackupSummary = {
  id: 'scheduled-20261129T020000Z-aaaaaa',
  kind: 'pre-delete',
  planId: 'p-000001',
  startedAt: new Date('2026-11-29T02:00:00Z'),
  finishedAt: new Date('2026-11-29T02:00:03Z'),
  durationMs: 3100,
  counts: { notes: 120, roles: 3, audit: 410 },
  bytes: 1_468_006,
  sha256: 'a'.repeat(64),
  schemaVersion: 1,
  verification: { at: new Date('2026-11-29T02:00:04Z'), ok: false, problem: DIAGNOSTIC },
} as BackupSummary;

const backupOutcomes: Outcome[] = [
  { kind: 'backup-list', backups: [backup, { ...backup, kind: 'scheduled', planId: undefined, verification: undefined } as BackupSummary] },
  { kind: 'backup-list', backups: [] },
  { kind: 'backup-created', backup },
  { kind: 'backup-verified', verdict: { backupId: backup.id, ok: true, expectedCounts: backup.counts, foundCounts: backup.counts, sha256Matches: true } },
  { kind: 'backup-verified', verdict: { backupId: backup.id, ok: false, problem: '校验失败', expectedCounts: backup.counts, foundCounts: {}, sha256Matches: false } },
  {
    kind: 'confirm-backup-restore',
    confirmationId: 'c-1',
    backup,
    scope: { kind: 'all' },
    counts: { inScope: 5, restorable: 3, skipped: 2 },
    expiresAt: new Date('2026-11-29T03:00:00Z'),
  },
  {
    kind: 'backup-restored',
    report: { backupId: backup.id, scope: { kind: 'record', id: 'acct-42' }, restored: 12, restoredIds: Array.from({ length: 12 }, (_, i) => `n-${i}00`), skippedLive: 1, skippedStillDeleted: 2 },
  } as Outcome,
];

describe('every outcome in Chinese', () => {
  test('a whole session reads in Chinese: no English beyond ids and command words', async () => {
    const { outcomes } = await session();
    expect(new Set(outcomes.map((o) => o.kind)).size).toBeGreaterThanOrEqual(18);
    for (const outcome of [...outcomes, ...backupOutcomes]) {
      const text = renderText(outcome, zh);
      // The verifier's diagnostic is stored in the manifest as recorded and quoted as such.
      expect([outcome.kind, englishWords(text.replaceAll(DIAGNOSTIC, ''))]).toEqual([outcome.kind, []]);
      expect(text).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  test('the same session in English still reads as before', async () => {
    const { outcomes } = await session();
    const texts = outcomes.map((o) => renderText(o));
    expect(texts).toContainEqual(expect.stringMatching(/^Commands for you \(admin\):/));
    expect(texts).toContainEqual(expect.stringMatching(/^Approval request r-\w+ sent: note n-\w+ on acct-42: "续约电话/));
    expect(texts).toContainEqual(expect.stringMatching(/^Bulk delete p-\w+: 3 notes match record:acct-42\./));
  });

  test('refusals read in Chinese, with the usage line in Chinese', async () => {
    const core = makeCore();
    const refusals: unknown[] = [];
    for (const command of [
      { name: 'show', noteId: 'n-miss01' },
      { name: 'approvals' },
      { name: 'bulk-delete', filter: {}, filterText: '' },
      { name: 'add', recordId: '客户#1', body: 'x' },
    ] as Command[]) {
      refusals.push(await core.run('console:mo', command).catch((error: unknown) => error));
    }
    const texts = refusals.map((error) => (isNotesError(error) ? renderErrorText(error, zh) : String(error)));
    expect(texts[0]).toBe('备注 n-miss01 不存在。请用 list 核对 ID。');
    expect(texts[1]).toBe('“approvals”需要管理员角色；你当前是成员。');
    expect(texts[3]).toBe('“客户#1”不是有效的记录 ID（只能包含字母、数字和 . _ : -，且以字母或数字开头）。\n用法：add <记录ID> <内容...>');
    for (const text of texts) expect(englishWords(text)).toEqual([]);
  });
});
