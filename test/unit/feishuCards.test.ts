import type { ApprovalRequest } from '../../src/domain/approval.js';
import type { AuditEntry } from '../../src/domain/audit.js';
import type { DeletionPlan } from '../../src/domain/plan.js';
import { actionTable } from '../../src/usecases/actions.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import type { FeishuCard } from '../../adapters/feishu/cardKit.js';
import { approvalCard, renderOutcomeCard } from '../../adapters/feishu/cards.js';
import { digestCard } from '../../adapters/feishu/digestPoster.js';
import { cardBytes, countElements, fitCard, MAX_CARD_BYTES, MAX_CARD_ELEMENTS, withinLimits } from '../../adapters/feishu/limits.js';
import { translatorFor } from '../../adapters/chat/i18n/index.js';
import { aNote } from '../support/builders.js';

/**
 * Every card the Feishu adapter renders stays within Feishu's documented limits (200 elements or
 * components per JSON 2.0 card, error 300305; 30 KB per card message), with the largest content
 * the core allows: 4,000-character notes (in Chinese, 3 bytes a character), full pages, long
 * audit trails and digests. And people's text only ever lands in literal `plain_text`.
 */
const now = new Date(Date.UTC(2026, 11, 2, 12));
const zh = { tr: translatorFor('zh-CN'), now };
const en = { tr: translatorFor('en'), now };
const longBody = `客户反馈<at id=all></at> **加粗** [链接](https://evil.example) @所有人 ${'很长的备注内容'.repeat(600)}`.slice(0, 4000);
const bigNote = (i: number) => aNote(longBody).id(`n-${String(i).padStart(6, '0')}`).on(`acct-${'x'.repeat(56)}-${i}`).build();
const later = new Date(now.getTime() + 15 * 60_000);

const request = (i: number): ApprovalRequest => ({
  id: `r-${String(i).padStart(6, '0')}`,
  kind: 'bulk-plan',
  requesterId: 'feishu:ou_0123456789abcdef0123456789abcdef',
  targetId: 'p-abcdef',
  summary: `Bulk delete of 10000 notes matching text:"${'很长'.repeat(90)}"`,
  reason: '理由'.repeat(250),
  noteCount: 10_000,
  status: 'pending',
  createdAt: now,
  expiresAt: later,
  decidedBy: null,
  decidedAt: null,
  decisionReason: null,
  origin: { platform: 'feishu', channelId: 'oc_sales' },
  message: null,
});

const plan = { id: 'p-abcdef', filterText: `text:"${'很长'.repeat(90)}"`, noteIds: Array.from({ length: 10_000 }, (_, i) => `n-${i}`), deletedCount: 9_990, skippedCount: 10 } as DeletionPlan;

const auditEntry = (seq: number): AuditEntry => ({
  seq,
  at: now,
  actorId: 'feishu:ou_0123456789abcdef0123456789abcdef',
  platform: 'feishu',
  action: 'note.delete',
  targetIds: Array.from({ length: 100 }, (_, i) => `n-${i}`),
  details: { body: longBody, reason: '理由'.repeat(250) },
  prevHash: '0'.repeat(64),
  hash: 'f'.repeat(64),
});

const listOf = (state: 'live' | 'deleted'): Outcome => ({
  kind: 'note-list',
  state,
  notes: Array.from({ length: 10 }, (_, i) => (state === 'deleted' ? { ...bigNote(i), deletedAt: now, deletedBy: 'feishu:ou_admin', deleteReason: '理由'.repeat(250) } : bigNote(i))),
  filter: {},
  filterText: `text:"${'很长'.repeat(90)}"`,
  page: 7,
  seen: 70,
  previous: 'k.abc',
  next: 'k.def',
  role: 'admin',
});

const outcomes: Array<[string, Outcome]> = [
  ['list page of 4,000-character notes', listOf('live')],
  ['trash page', listOf('deleted')],
  ['one note', { kind: 'note', note: bigNote(1), role: 'admin' }],
  ['help', { kind: 'help', actions: Object.values(actionTable), role: 'admin' }],
  ['confirm delete', { kind: 'confirm-delete', confirmationId: 'c'.repeat(40), note: bigNote(2), expiresAt: later }],
  ['confirm bulk plan', { kind: 'confirm-plan', confirmationId: 'c'.repeat(40), plan, sample: [1, 2, 3, 4, 5].map(bigNote), needsApproval: true, expiresAt: later }],
  ['note deleted', { kind: 'note-deleted', note: bigNote(3) }],
  ['plan executed', { kind: 'plan-executed', plan }],
  ['approval list of 300 requests', { kind: 'approval-list', requests: Array.from({ length: 300 }, (_, i) => request(i)) }],
  ['approval decided with its result', { kind: 'approval-decided', request: { ...request(1), status: 'approved', decidedBy: 'feishu:ou_b', decidedAt: now }, result: { kind: 'plan-executed', plan } }],
  ['audit trail of 500 entries', { kind: 'audit-entries', entries: Array.from({ length: 500 }, (_, i) => auditEntry(i)), query: { kind: 'recent' }, notes: [bigNote(4)] }],
  [
    'role list of 2,000 grants',
    {
      kind: 'role-list',
      admins: [],
      others: Array.from({ length: 2000 }, (_, i) => ({ actorId: `feishu:ou_${String(i).padStart(32, '0')}`, role: 'member' as const, grantedAt: now, grantedBy: 'feishu:ou_admin' })),
      defaultRole: 'member',
    },
  ],
];

const cards: Array<[string, FeishuCard]> = [
  ...outcomes.flatMap(([name, outcome]): Array<[string, FeishuCard]> => [
    [`${name} (zh-CN)`, renderOutcomeCard(outcome, zh)],
    [`${name} (en)`, renderOutcomeCard(outcome, en)],
  ]),
  ['pending approval card', approvalCard(request(9), zh)],
  ['digest of 5,000 long lines', digestCard({ topic: 'roles-review', ok: true, title: '权限审查', lines: Array.from({ length: 5000 }, (_, i) => `${i} ${'授权'.repeat(150)}`) }, translatorFor('zh-CN'))],
  ['failure digest', digestCard({ topic: 'backup-failed', ok: false, title: 'Backup FAILED', lines: ['disk full'] }, translatorFor('en'))],
];

test.each(cards)('%s stays within 200 elements and 30 KB', (_name, card) => {
  expect(countElements(card)).toBeLessThanOrEqual(MAX_CARD_ELEMENTS);
  expect(cardBytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
  expect(card.schema).toBe('2.0');
  expect(card.config.update_multi).toBe(true);
});

test.each(cards)("%s carries people's text only in literal plain_text", (_name, card) => {
  const tags = new Set<string>();
  JSON.stringify(card, (key, value: unknown) => {
    if (key === 'tag' && typeof value === 'string') tags.add(value);
    return value;
  });
  expect([...tags].filter((tag) => tag === 'markdown' || tag === 'lark_md')).toEqual([]);
});

test('a card cut to fit says so and keeps its buttons', () => {
  const card = renderOutcomeCard({ kind: 'approval-list', requests: Array.from({ length: 300 }, (_, i) => request(i)) }, zh);
  expect(JSON.stringify(card)).toMatch(/…… 另有 \d+ 项未显示/);
  const last = card.body.elements[card.body.elements.length - 1];
  expect(last.tag).toBe('column_set');
});

test('fitCard leaves a card that fits untouched', () => {
  const card = renderOutcomeCard({ kind: 'note-deleted', note: aNote('短').build() }, zh);
  expect(fitCard(card, () => 'cut')).toBe(card);
  expect(withinLimits(card)).toBe(true);
});

test('the list card offers exactly the buttons the role allows', () => {
  const buttons = (card: FeishuCard) => JSON.stringify(card).match(/"content":"(删除|恢复|删除所选|上一页|下一页)"/g) ?? [];
  const live = listOf('live') as Extract<Outcome, { kind: 'note-list' }>;
  expect(buttons(renderOutcomeCard({ ...live, role: 'viewer' }, zh))).toEqual(['"content":"上一页"', '"content":"下一页"']);
  expect(buttons(renderOutcomeCard({ ...live, role: 'member' }, zh)).filter((b) => b.includes('"删除"'))).toHaveLength(10);
  expect(JSON.stringify(renderOutcomeCard({ ...live, role: 'member' }, zh))).not.toContain('multi_select_static');
  const trash = listOf('deleted') as Extract<Outcome, { kind: 'note-list' }>;
  expect(buttons(renderOutcomeCard({ ...trash, role: 'admin' }, zh)).filter((b) => b.includes('"恢复"'))).toHaveLength(10);
});

test('help, one note and its delete question fit whole: nothing of them is cut', () => {
  const whole: Outcome[] = [
    { kind: 'help', actions: Object.values(actionTable), role: 'admin' },
    { kind: 'note', note: bigNote(1), role: 'admin' },
    { kind: 'confirm-delete', confirmationId: 'c'.repeat(40), note: bigNote(2), expiresAt: later },
  ];
  for (const outcome of whole) {
    for (const ctx of [zh, en]) {
      const text = JSON.stringify(renderOutcomeCard(outcome, ctx));
      expect([outcome.kind, /另有 \d+ 项未显示|more not shown here/.test(text)]).toEqual([outcome.kind, false]);
      if (outcome.kind !== 'help') expect(text).toContain(JSON.stringify(longBody).slice(1, -1));
    }
  }
  // Every action of the table is in the help card.
  const help = JSON.stringify(renderOutcomeCard(whole[0], en));
  const usage = (name: string) => (en.tr.t as (key: string) => string)(`actions.${name}.usage`);
  for (const name of Object.keys(actionTable)) expect(help).toContain(JSON.stringify(usage(name)).slice(1, -1));
});
