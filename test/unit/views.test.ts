import { describe, expect, test } from '@jest/globals';
import { translatorFor } from '../../adapters/chat/i18n/index.js';
import { parseCommand } from '../../adapters/chat/parseCommand.js';
import { renderText } from '../../adapters/chat/renderText.js';
import { actionsOf, commandLine, plainText, type Intent, type MessageView } from '../../adapters/chat/view.js';
import { withActors } from '../../adapters/chat/views/actors.js';
import { approvalCardView, outcomeView, progressView } from '../../adapters/chat/views/index.js';
import type { Role } from '../../src/domain/roles.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import { aDeletedNote, aNote, anApproval, aPlan, minutes, T0 } from '../contract/suites/builders.js';
import { anOperation } from '../contract/suites/operations.js';

const en = { tr: translatorFor('en'), now: T0 };
const zh = { tr: translatorFor('zh-CN'), now: T0 };
const intents = (view: MessageView) => actionsOf(view).map((a) => a.intent.do);

const list = (state: 'live' | 'deleted', role: Role, next: string | null = null): Outcome => ({
  kind: 'note-list',
  state,
  notes: state === 'live' ? [aNote('n1'), aNote('n2')] : [aDeletedNote('n3', T0)],
  filter: {},
  filterText: state === 'live' ? 'tag:renewal' : '',
  page: 1,
  seen: state === 'live' ? 2 : 1,
  previous: null,
  next,
  role,
});

describe('every intent is a command of the grammar', () => {
  const all: Intent[] = [
    { do: 'delete', noteId: 'n1' },
    { do: 'restore', noteId: 'n1' },
    { do: 'undo-delete', noteId: 'n1' },
    { do: 'undo-plan', planId: 'p-1' },
    { do: 'confirm', confirmationId: 'c-1a2b' },
    { do: 'cancel', confirmationId: 'c-1a2b' },
    { do: 'approve', requestId: 'r1' },
    { do: 'reject', requestId: 'r1' },
    { do: 'page', page: { state: 'deleted', filterText: 'tag:q3 author:slack:U1', page: '3' }, direction: 'next' },
    { do: 'delete-selected' },
    { do: 'verify-backup', backupId: 'b-20260110' },
    { do: 'backup-now' },
    { do: 'stop', operationId: 'p-1' },
  ];
  const expected: Record<Intent['do'], string> = {
    delete: 'delete',
    restore: 'restore',
    'undo-delete': 'restore',
    'undo-plan': 'undo',
    confirm: 'confirm',
    cancel: 'cancel',
    approve: 'approve',
    reject: 'reject',
    page: 'trash',
    'delete-selected': 'delete-selected',
    'verify-backup': 'backup',
    'backup-now': 'backup',
    stop: 'cancel-job',
  };
  test.each(all.map((intent) => [intent.do, intent] as const))('%s', (_, intent) => {
    // "Delete selected" sends the ticked ids after its command word.
    const line = intent.do === 'delete-selected' ? `${commandLine(intent)} n1 n2` : commandLine(intent);
    const command = parseCommand(line, { platform: 'slack' });
    expect(command.name).toBe(expected[intent.do]);
  });

  test('a page keeps the filter and the page token', () => {
    expect(commandLine({ do: 'page', page: { state: 'live', filterText: 'tag:x', page: 'p2' }, direction: 'next' })).toBe('list tag:x page:p2');
  });
});

describe('buttons by role are decided once, in the view', () => {
  test('a viewer is offered nothing on a list; a member Delete per note; an admin also the selection', () => {
    expect(intents(outcomeView(list('live', 'viewer'), en))).toEqual([]);
    expect(intents(outcomeView(list('live', 'member'), en))).toEqual(['delete', 'delete']);
    expect(intents(outcomeView(list('live', 'admin'), en))).toEqual(['delete', 'delete', 'delete-selected']);
  });

  test('the trash offers Restore to admins only', () => {
    expect(intents(outcomeView(list('deleted', 'member'), en))).toEqual([]);
    expect(intents(outcomeView(list('deleted', 'admin'), en))).toEqual(['restore']);
  });

  test("a list's buttons re-read the same page of the same list; paging keeps the filter", () => {
    const view = outcomeView(list('live', 'admin', 'next-token'), en);
    expect(view.blocks[0]).toMatchObject({ type: 'item', actions: [{ refresh: 'list tag:renewal page:1' }] });
    expect(view.actions.map((a) => commandLine(a.intent))).toEqual(['list tag:renewal page:next-token']);
  });
});

describe('views say what the plain text says, in the reader language', () => {
  const outcomes: Outcome[] = [
    list('live', 'admin'),
    { kind: 'note', note: aNote('n1'), role: 'admin' },
    { kind: 'confirm-delete', confirmationId: 'c1', note: aNote('n1'), expiresAt: minutes(5) },
    { kind: 'plan-executed', plan: aPlan('p-1', { deletedCount: 3 }) },
    { kind: 'audit-verified', verdict: { ok: true, checked: 12 } },
  ];

  test.each(outcomes.map((o) => [o.kind, o] as const))('%s carries the plain text and a title from it', (_, outcome) => {
    for (const ctx of [en, zh]) {
      const view = outcomeView(outcome, ctx);
      expect(view.text).toBe(renderText(outcome, ctx.tr));
      expect(view.title.length).toBeGreaterThan(0);
    }
  });

  test('a confirmation asks again in its dialog and counts its expiry from the injected clock', () => {
    const view = outcomeView({ kind: 'confirm-delete', confirmationId: 'c1', note: aNote('n1'), expiresAt: minutes(5) }, zh);
    expect(view.actions[0]).toMatchObject({ intent: { do: 'confirm' }, style: 'danger', confirm: { yes: '删除' } });
    expect(JSON.stringify(view.blocks)).toContain('5 分钟');
  });
});

describe('approval cards and progress', () => {
  test('pending: Approve and Reject; decided: no buttons, who decided', () => {
    const pending = anApproval('r1', { status: 'pending', expiresAt: minutes(60) });
    expect(intents(approvalCardView(pending, en))).toEqual(['approve', 'reject']);
    const decided = approvalCardView({ ...pending, status: 'approved', decidedBy: 'slack:UADMIN2', decidedAt: minutes(1) }, en);
    expect(intents(decided)).toEqual([]);
    expect(decided.blocks).toContainEqual(expect.objectContaining({ type: 'text', style: 'strong', text: expect.arrayContaining([{ actor: 'slack:UADMIN2' }]) }));
    // The plain text names the people as their ids.
    expect(decided.text).toContain('slack:UADMIN2');
  });

  test("a pending card says how long is left inside the catalog's sentence, in each language's punctuation", () => {
    const pending = anApproval('r1', { status: 'pending', requesterId: 'slack:UASKER', expiresAt: minutes(60) });
    const waitingLine = (view: MessageView) =>
      view.blocks.flatMap((block) => (block.type === 'text' && block.style === 'subtle' ? [plainText(block.text)] : [])).join('\n');
    expect(waitingLine(approvalCardView(pending, en))).toMatch(/^Waiting for an admin other than slack:UASKER; expires .+ \(in 60 minutes\)\.$/);
    expect(waitingLine(approvalCardView(pending, zh))).toMatch(/^等待 slack:UASKER 以外的管理员审批；.+ 过期（还剩 60 分钟）。$/);
  });

  test('the decided card shows the result in words, with no button for everyone in the channel to click', () => {
    const request = anApproval('r1', { status: 'approved', decidedBy: 'slack:UADMIN2', decidedAt: minutes(1) });
    const view = outcomeView({ kind: 'approval-decided', request, result: { kind: 'plan-executed', plan: aPlan('p-1', { deletedCount: 3 }) } }, en);
    expect(intents(view)).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain('undo p-1');
  });

  test('running: Stop, asked twice; a stopped bulk delete: Undo', () => {
    const running = anOperation('p-1', { done: 4_000, total: 10_000, startedAt: minutes(-1) });
    const view = progressView(running, en);
    expect(view.actions).toEqual([expect.objectContaining({ intent: { do: 'stop', operationId: 'p-1' }, confirm: expect.any(Object) })]);
    expect(intents(progressView({ ...running, status: 'cancelled', finishedAt: T0 }, en))).toEqual(['undo-plan']);
  });
});

describe('lists by very long filters stay within every platform', () => {
  const longFilter = `text:"${'x'.repeat(190)}" `.repeat(41).trim();
  const longList = (next: string | null): Outcome => ({ ...list('live', 'admin', next), filterText: longFilter } as Outcome);

  test('buttons do not carry a long list command to re-read it', () => {
    const view = outcomeView(longList(null), en);
    expect(actionsOf(view).filter((a) => a.refresh)).toEqual([]);
    expect(actionsOf(outcomeView(list('live', 'admin'), en)).every((a) => a.refresh === 'list tag:renewal page:1')).toBe(true);
  });

  test('a page command the grammar would refuse becomes a typed hint', () => {
    const view = outcomeView(longList('next-token'), zh);
    expect(view.actions.length).toBe(0);
    expect(view.blocks.at(-1)).toEqual({ type: 'text', text: '如需翻页，请在同一命令后加上 page:next-token。', style: 'subtle' });
  });
});

describe('people are actor runs, placed where the catalog sentence names them', () => {
  const item = (view: MessageView) => view.blocks.find((block) => block.type === 'item');

  test("a trash row's deleter, in English and in Chinese word order", () => {
    const trash = list('deleted', 'admin');
    expect(item(outcomeView(trash, en))).toMatchObject({ heading: expect.arrayContaining([{ actor: 'slack:U1' }, 'deleted 2026-01-10 by ', { actor: 'slack:UADMIN' }]) });
    // "{{by}} 于 {{on}} 删除": the person comes first, as the Chinese sentence has it.
    const heading = (item(outcomeView(trash, zh)) as { heading: unknown[] }).heading;
    expect(heading.slice(-2)).toEqual([{ actor: 'slack:UADMIN' }, expect.stringMatching(/^ 于 .* 删除$/)]);
  });

  test("the approvals list's requester, and a note's author and deleter as facts", () => {
    const requests = [anApproval('r1', { expiresAt: minutes(60) })];
    for (const ctx of [en, zh]) {
      const detail = (item(outcomeView({ kind: 'approval-list', requests }, ctx)) as { detail: unknown[] }).detail;
      expect(detail).toContainEqual({ actor: 'slack:UMEMBER' });
      expect(detail.filter((run) => typeof run === 'string').join('')).not.toContain('slack:');
    }
    const facts = outcomeView({ kind: 'note', note: aDeletedNote('n3', T0), role: 'admin' }, en).blocks.find((block) => block.type === 'facts');
    expect(JSON.stringify(facts)).toContain('[{"actor":"slack:U1"}]');
    expect(JSON.stringify(facts)).toContain('{"actor":"slack:UADMIN"}');
  });

  test("withActors keeps every other value literal, even one holding the helper's own marks", () => {
    const reason = '\uE000' + '0\uE000 slack:UEVIL';
    const runs = withActors(zh.tr, 'errors.approvalAlreadyDecided', { requestId: reason, status: 'approved', by: { actor: 'slack:UADMIN' } });
    expect(runs.filter((run) => typeof run === 'object')).toEqual([{ actor: 'slack:UADMIN' }]);
    expect(runs.filter((run) => typeof run === 'string').join('')).toContain(reason);
    // Nobody recorded: the fallback is text, not a person.
    expect(withActors(en.tr, 'card.deletedOnBy', { on: 'today', by: '?' })).toEqual(['deleted today by ?']);
  });
});
