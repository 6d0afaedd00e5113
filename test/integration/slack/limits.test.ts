import { describe, expect, test } from '@jest/globals';
import type { ApprovalRequest } from '../../../src/domain/approval.js';
import type { AuditEntry } from '../../../src/domain/audit.js';
import type { Note } from '../../../src/domain/note.js';
import type { DeletionPlan } from '../../../src/domain/plan.js';
import { actionTable } from '../../../src/usecases/actions.js';
import type { Outcome } from '../../../src/usecases/outcomes.js';
import { renderOutcome } from '../../../adapters/slack/blocks.js';
import { blockKitViolations, LIMITS } from '../../../adapters/slack/limits.js';
import { approvalCardMessage, planPreviewView, textView } from '../../../adapters/slack/views.js';

/**
 * The limit checker the integration tests rely on must itself catch violations, and the
 * renderers must stay inside the limits with the largest inputs the core allows (4000-character
 * bodies, 64-character ids, long filters, many requests).
 */
const at = new Date('2026-11-29T10:00:00Z');
const longWord = 'x'.repeat(64);
const bigNote = (i: number): Note => ({
  id: `n-${String(i).padStart(60, '0')}`,
  recordId: `acct-${longWord}`.slice(0, 64),
  body: `${'Long body with <!channel> & <@U1> '.repeat(120)}`.slice(0, 4000),
  tags: Array.from({ length: 30 }, (_, t) => `tag${t}${'y'.repeat(40)}`),
  authorId: `slack:U${'A'.repeat(20)}`,
  createdAt: at,
  updatedAt: at,
  deletedAt: i % 2 ? at : null,
  deletedBy: i % 2 ? 'slack:UADMIN1' : null,
  deleteReason: i % 2 ? 'r'.repeat(500) : null,
  deletionPlanId: null,
});
const notes = Array.from({ length: 10 }, (_, i) => bigNote(i));
const longFilter = Array.from({ length: 200 }, (_, i) => `text:"phrase number ${i}"`).join(' ');
const plan: DeletionPlan = {
  id: 'p-1', kind: 'delete', sourceId: null, requesterId: 'slack:UADMIN1', filter: {}, filterText: longFilter, noteIds: notes.map((n) => n.id), frozenAt: at,
  status: 'previewed', reason: null, approvalId: null, snapshotId: null, cursor: 0, deletedCount: 10, skippedCount: 3,
  createdAt: at, updatedAt: at, finishedAt: null,
};
const request = (i: number): ApprovalRequest => ({
  id: `a-${i}`, kind: 'bulk-plan', requesterId: 'slack:UADMIN1', targetId: 'p-1', summary: `bulk delete p-1: ${'s'.repeat(2_900)}`,
  reason: 'q'.repeat(1_000), noteCount: 9_999, status: 'approved', createdAt: at, expiresAt: at, decidedBy: 'slack:UADMIN2',
  decidedAt: at, decisionReason: null, origin: { platform: 'slack', channelId: 'C1' }, message: null,
});
// A long audit answer: more lines than any Slack message can hold.
const auditEntry = (seq: number): AuditEntry => ({
  seq, at, actorId: 'slack:UADMIN1', platform: 'slack', action: 'note.delete', targetIds: [`n-${seq}`, 'acct-1'],
  details: { body: 'line of audit output that goes on', reason: null }, prevHash: '0'.repeat(64), hash: '1'.repeat(64),
});

const worstCases: Outcome[] = [
  { kind: 'note-list', state: 'live', notes, filter: {}, filterText: longFilter, page: 2, seen: 20, previous: `1,b${'z'.repeat(11)},${'n'.repeat(64)}`, next: `3,a${'z'.repeat(11)},${'n'.repeat(64)}`, role: 'admin' },
  { kind: 'note-list', state: 'deleted', notes, filter: {}, filterText: 'tag:x', page: 1, seen: 10, previous: null, next: '2,ak3x9z0a,n-abc123', role: 'admin' },
  { kind: 'note', note: notes[0], role: 'admin' },
  { kind: 'note', note: notes[1], role: 'admin' },
  { kind: 'note-added', note: notes[0] },
  { kind: 'confirm-delete', confirmationId: 'c'.repeat(64), note: notes[0], expiresAt: at },
  { kind: 'confirm-plan', confirmationId: 'c1', plan, sample: notes.slice(0, 5), needsApproval: true, expiresAt: at },
  { kind: 'note-deleted', note: notes[1] },
  { kind: 'plan-executed', plan },
  { kind: 'approval-requested', request: request(1) },
  { kind: 'approval-list', requests: Array.from({ length: 60 }, (_, i) => request(i)) },
  { kind: 'help', actions: Object.values(actionTable), role: 'admin' },
  { kind: 'audit-entries', query: { kind: 'recent' }, notes: [], entries: Array.from({ length: 2_000 }, (_, i) => auditEntry(i)) },
];

describe('Slack: Block Kit limits', () => {
  test('the checker flags each kind of overflow', () => {
    const button = (text: string, value: string) => ({ type: 'button', action_id: 'a', text: { type: 'plain_text', text }, value });
    const problems = blockKitViolations('message', {
      text: 'x',
      blocks: [
        ...Array.from({ length: 51 }, () => ({ type: 'divider' })),
        { type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3_001) } },
        { type: 'actions', elements: [button('y'.repeat(76), 'ok'), button('ok', 'z'.repeat(2_001))] },
      ],
    });
    expect(problems).toEqual([
      'blocks: 53 > 50',
      'blocks[51].text: 3001 > 3000',
      'blocks[52].elements[0].text: 76 > 75',
      'blocks[52].elements[1].value: 2001 > 2000',
      'blocks[52]: action_ids repeat within one block',
    ]);
    const modal = blockKitViolations('modal', { type: 'modal', title: { type: 'plain_text', text: 't'.repeat(25) }, blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) });
    expect(modal).toEqual(['blocks: 101 > 100', 'title: 25 > 24']);
  });

  test.each(worstCases.map((o) => [o.kind, o] as const))('the largest %s message stays inside every limit', (_kind, outcome) => {
    const message = renderOutcome(outcome, at);
    expect(blockKitViolations('message', message)).toEqual([]);
    expect(message.blocks.length).toBeGreaterThan(0);
  });

  test('the largest plan preview, result view, approval card and decided card stay inside every limit', () => {
    const preview = planPreviewView({ kind: 'confirm-plan', confirmationId: 'c'.repeat(64), plan, sample: notes.slice(0, 5), needsApproval: true, expiresAt: at }, {
      ch: 'C0SALES',
      r: `https://hooks.slack.com/commands/T0/${'1'.repeat(200)}`,
    }, at);
    expect(blockKitViolations('modal', preview)).toEqual([]);
    expect(blockKitViolations('modal', textView('Bulk delete', 'e'.repeat(20_000)))).toEqual([]);
    expect(blockKitViolations('message', approvalCardMessage({ ...request(1), status: 'pending', decidedBy: null, decidedAt: null }, at))).toEqual([]);
    expect(blockKitViolations('message', approvalCardMessage(request(1), at, undefined, 'o'.repeat(3_000)))).toEqual([]);
  });

  test('a filter too long for a page button gets a typed hint instead of a broken button', () => {
    const hugeFilter = 'w'.repeat(LIMITS.buttonValue);
    const message = renderOutcome({ kind: 'note-list', state: 'live', notes: notes.slice(0, 1), filter: {}, filterText: hugeFilter, page: 1, seen: 10, previous: null, next: '2,ak3x9z0a,n-abc123', role: 'member' }, at);
    expect(JSON.stringify(message.blocks)).not.toContain('notes.page.next');
    expect(JSON.stringify(message.blocks)).toContain('page:<n>');
  });
});
