import { describe, expect, test } from '@jest/globals';
import type { ApprovalRequest } from '../../../src/domain/approval.js';
import type { AuditEntry } from '../../../src/domain/audit.js';
import type { Outcome } from '../../../src/usecases/outcomes.js';
import { renderText } from '../../../adapters/chat/renderText.js';
import { noteLine } from '../../../adapters/chat/format.js';
import { approvalCardView } from '../../../adapters/chat/views/approvals.js';
import { plainText } from '../../../adapters/chat/view.js';
import { digestCard } from '../../../adapters/feishu/digestPoster.js';
import { translatorFor } from '../../../adapters/chat/i18n/index.js';
import { aNote } from '../../support/builders.js';

/**
 * Punctuation the code puts between catalog words (brackets, colons, separators) comes from the
 * catalog too: Chinese reads full-width marks with no space before them, English keeps its own.
 */
const zh = translatorFor('zh-CN');
const en = translatorFor('en');
const AT = new Date('2026-12-02T09:05:00Z');

const list = (): Outcome => ({
  kind: 'note-list',
  state: 'live',
  notes: [aNote('续约电话').on('acct-42').build()],
  filter: {} as never,
  filterText: 'record:acct-42',
  page: 2,
  seen: 20,
  previous: '1',
  next: '3',
  role: 'admin',
});

const entry = (seq: number, action: AuditEntry['action'], targetIds: string[], details: Record<string, unknown>): AuditEntry => ({
  seq,
  at: AT,
  actorId: 'console:alice',
  platform: 'console',
  action,
  targetIds,
  details,
  prevHash: '',
  hash: '',
});

const audit = (): Outcome => ({
  kind: 'audit-entries',
  query: { kind: 'recent' } as never,
  notes: [],
  entries: [
    entry(1, 'approval.request', ['r-abc123'], { subject: { recordId: 'acct-88', excerpt: 'Asked for a discount' }, reason: '重复了' }),
    entry(2, 'plan.execute', ['n-1', 'n-2', 'n-3', 'n-4', 'n-5'], {}),
  ],
});

const request = (): ApprovalRequest => ({
  id: 'r-abc123',
  kind: 'note-delete',
  requesterId: 'slack:UMEMBER',
  targetId: 'n-xyz789',
  subject: { recordId: 'acct-88', excerpt: 'Asked for a discount' },
  reason: '重复了',
  noteCount: 1,
  status: 'approved',
  createdAt: AT,
  expiresAt: AT,
  decidedBy: 'slack:UADMIN2',
  decidedAt: AT,
  decisionReason: null,
  origin: { platform: 'slack', channelId: 'C1' },
  message: null,
});

describe('punctuation between catalog words', () => {
  test("a list's page links sit in the reader's brackets, apart with the reader's separator", () => {
    const [heading, , links] = renderText(list(), zh).split('\n');
    expect(heading).toBe('20+ 条备注，匹配 record:acct-42，第 2 页：');
    expect(links).toBe('  （上一页：list record:acct-42 page:1；下一页：list record:acct-42 page:3）');
    expect(renderText(list(), en).split('\n')[2]).toBe('  (previous: list record:acct-42 page:1 · next: list record:acct-42 page:3)');
  });

  test("an audit entry's subject, extra targets and details read as Chinese", () => {
    const lines = renderText(audit(), zh).split('\n');
    expect(lines[0]).toBe('审计日志（最近的变更）：');
    expect(lines[1]).toBe('  #1 2026-12-02 09:05 UTC console:alice 发起审批 r-abc123（原因：重复了；对象：记录 acct-88：“Asked for a discount”）');
    expect(lines[2]).toBe('  #2 2026-12-02 09:05 UTC console:alice 执行计划 n-1 n-2 n-3，另有 2 项');
    const english = renderText(audit(), en).split('\n');
    expect(english[1]).toBe('  #1 2026-12-02 09:05 UTC console:alice approval.request r-abc123 — reason: 重复了; subject: acct-88: "Asked for a discount"');
    expect(english[2]).toBe('  #2 2026-12-02 09:05 UTC console:alice plan.execute n-1 n-2 n-3 (+2)');
  });

  test("a deleted note's line: a space before English brackets, none before Chinese ones", () => {
    const note = aNote('旧报价').on('acct-7').deleted('console:bob', AT).build();
    expect(noteLine(note, 100, zh)).toMatch(/旧报价（console:bob 于 2026-12-02 删除）$/);
    expect(noteLine(note, 100, en)).toMatch(/旧报价 \(deleted 2026-12-02 by console:bob\)$/);
  });

  test("a decided approval card says who and when in one bracket, and its plain text labels with '：'", () => {
    const view = approvalCardView(request(), { tr: zh, now: AT });
    expect(view.text).toContain('申请：r-abc123 · 申请人：slack:UMEMBER · 备注数：1 · 原因：重复了');
    expect(view.text).toContain('已批准（slack:UADMIN2，2026-12-02 09:05 UTC）');
    expect(view.text).toContain('删除记录 acct-88 的备注 n-xyz789：“Asked for a discount”');
    const english = approvalCardView(request(), { tr: en, now: AT });
    expect(english.text).toContain('Request: r-abc123 · Asked by: slack:UMEMBER');
    expect(english.blocks.map((b) => (b.type === 'text' ? plainText(b.text) : ''))).toContain('Approved by slack:UADMIN2 at 2026-12-02 09:05 UTC');
  });

  test('nothing changed: a role granted again says so instead of "now admin (was admin)"', () => {
    const same: Outcome = { kind: 'role-changed', actorId: 'console:bob', role: 'admin', previous: 'admin' };
    expect(renderText(same, zh)).toBe('console:bob 已经是管理员，未做更改。');
    expect(renderText(same, en)).toBe('console:bob is already an admin; nothing changed.');
    expect(renderText({ ...same, previous: 'member' }, zh)).toBe('console:bob 现在是管理员（原为成员）。');
  });

  test("a Feishu digest's chat-list summary labels with the reader's colon", () => {
    const card = digestCard({ topic: 'backup', title: '备份 b-1：已完成并通过校验', lines: [], ok: true } as never, zh);
    expect(JSON.stringify(card)).toContain('备份摘要：备份 b-1：已完成并通过校验');
  });
});
