import { describe, expect, test } from '@jest/globals';
import { english, translatorFor } from '../../../adapters/chat/i18n/index.js';
import type { Intent, MessageView, ViewAction, ViewBlock } from '../../../adapters/chat/view.js';
import { ACTION, SELECT_BLOCK } from '../../../adapters/slack/actionIds.js';
import { renderOutcome } from '../../../adapters/slack/blocks.js';
import { blockKitViolations, LIMITS } from '../../../adapters/slack/limits.js';
import { viewButton } from '../../../adapters/slack/viewButtons.js';
import { richMrkdwn, slackBlocks, slackMessage } from '../../../adapters/slack/viewRenderer.js';
import { aDeletedNote, anApproval, minutes, T0 } from '../../contract/suites/builders.js';

type Json = Record<string, unknown>;
const HOSTILE = '<!channel> *bold* <@U999> <https://evil|x>';
const view = (blocks: ViewBlock[], actions: ViewAction[] = [], tone: MessageView['tone'] = 'neutral'): MessageView => ({ title: 'Title', tone, blocks, actions, text: 'Title' });
const render = (v: MessageView) => slackBlocks(v, english) as unknown as Json[];
const textOf = (block: Json) => String((block.text as Json | undefined)?.text ?? '');
/** Every mrkdwn string in the blocks: what Slack parses for mentions, links and formatting. */
const mrkdwn = (value: unknown): string[] =>
  Array.isArray(value) ? value.flatMap(mrkdwn) : value && typeof value === 'object' ? ((value as Json).type === 'mrkdwn' ? [String((value as Json).text)] : Object.values(value).flatMap(mrkdwn)) : [];

describe('Slack view renderer: every block type', () => {
  test('the title is bold with the tone’s emoji; text is a section, subtle a context, strong bold', () => {
    const blocks = render(
      view(
        [
          { type: 'text', text: 'plain words', tone: 'good' },
          { type: 'text', text: 'small print', style: 'subtle' },
          { type: 'text', text: ['Approved by ', { actor: 'slack:UADMIN2' }], style: 'strong', tone: 'attention' },
          { type: 'text', text: 'Approved by slack:UADMIN2', style: 'strong' },
        ],
        [],
        'warning',
      ),
    );
    expect(textOf(blocks[0])).toBe(':warning: *Title*');
    expect(textOf(blocks[1])).toBe(':white_check_mark: plain words');
    expect(blocks[2]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'small print' }] });
    // A person the view names (an actor run) is mentioned; the same id in a string is only text.
    expect(textOf(blocks[3])).toBe(':x: *Approved by <@UADMIN2>*');
    expect(textOf(blocks[4])).toBe('*Approved by slack:UADMIN2*');
  });

  test('an empty title is left out rather than shown as a stray "**"', () => {
    const blocks = render({ ...view([{ type: 'text', text: 'only this' }]), title: ' ' });
    expect(blocks.map(textOf)).toEqual(['only this']);
  });

  test('facts become fields, ten to a section; an actor run mentions, other values are literal', () => {
    const value = (i: number) => (i === 0 ? [{ actor: 'slack:UMEMBER1' }] : i === 1 ? HOSTILE : i === 2 ? 'slack:UMEMBER1' : i === 3 ? ['by ', { actor: 'teams:29:a<b>' }] : `v${i}`);
    const facts = Array.from({ length: 12 }, (_, i) => ({ label: `L${i}`, value: value(i) }));
    const blocks = render(view([{ type: 'facts', facts }]));
    const fields = blocks.slice(1).map((b) => (b.fields as Json[]).map((f) => String(f.text)));
    expect(fields.map((f) => f.length)).toEqual([10, 2]);
    expect(fields[0][0]).toBe('*L0*\n<@UMEMBER1>');
    expect(fields[0][2]).toBe('*L2*\nslack:UMEMBER1');
    // Someone on another platform is shown as their id, escaped.
    expect(fields[0][3]).toBe('*L3*\nby teams:29:a&lt;b&gt;');
    expect(fields[0][1]).not.toContain('<!channel>');
    expect(fields[0][1]).toContain('&lt;!channel&gt;');
    expect(fields[1][1]).toBe('*L11*\nv11');
  });

  test('a body is plain_text, shown exactly as written, even hostile text', () => {
    const blocks = render(view([{ type: 'body', text: HOSTILE }]));
    expect(blocks[1].text).toEqual({ type: 'plain_text', text: HOSTILE, emoji: false });
  });

  test('an item: id as code, actor as a mention, strong bold, text and detail escaped; one button beside it, more under it', () => {
    const del: ViewAction = { label: 'Delete', intent: { do: 'delete', noteId: 'n-1' }, style: 'danger' };
    const blocks = render(
      view([
        { type: 'item', key: 'n-1', heading: [{ id: 'n-1' }, ' · ', { strong: 'acct-1' }, ' · ', { actor: 'slack:UA1' }, ` ${HOSTILE}`], detail: `said slack:UA1 ${HOSTILE}`, actions: [del] },
        { type: 'item', key: 'r-1', heading: [{ id: 'r-1' }], detail: ['asked by ', { actor: 'slack:UB2' }, ` ${HOSTILE}`], actions: [{ label: 'Approve', intent: { do: 'approve', requestId: 'r-1' } }, { label: 'Reject', intent: { do: 'reject', requestId: 'r-1' } }] },
      ]),
    );
    const row = textOf(blocks[1]);
    expect(row.startsWith('`n-1` · *acct-1* · <@UA1> ')).toBe(true);
    // Only the actor run mentions; the same id inside people's text (the detail) stays text.
    expect(row.match(/<@UA1>/g)).toHaveLength(1);
    expect(row).not.toContain('<!channel>');
    expect(textOf(blocks[2])).toMatch(/^`r-1`\nasked by <@UB2> &lt;!channel&gt;/);
    expect(textOf(blocks[2])).not.toContain('<@U999>');
    expect((blocks[1].accessory as Json).action_id).toBe(ACTION.deleteNote);
    expect(blocks[2].accessory).toBeUndefined();
    expect(((blocks[3].elements as Json[]) ?? []).map((e) => e.action_id)).toEqual([ACTION.approve, ACTION.reject]);
  });

  test('a selection: checkboxes (at most 10, the rest counted) and its submit button in the block Delete selected reads', () => {
    const options = Array.from({ length: 12 }, (_, i) => ({ value: `n-${i}`, label: `n-${i} · ${'x'.repeat(100)}` }));
    const submit: ViewAction = { label: 'Delete selected', intent: { do: 'delete-selected' }, style: 'danger' };
    const blocks = render(view([{ type: 'selection', options, placeholder: 'Select', submit }]));
    expect(blocks[1].block_id).toBe(SELECT_BLOCK);
    const [boxes, button] = blocks[1].elements as Json[];
    expect(boxes.action_id).toBe(ACTION.select);
    expect((boxes.options as Json[]).map((o) => o.value)).toEqual(options.slice(0, 10).map((o) => o.value));
    expect(button.action_id).toBe(ACTION.deleteSelected);
    expect(mrkdwn(blocks[2])).toEqual(['… and 2 more.']);
    expect(blockKitViolations('message', { text: 't', blocks })).toEqual([]);
  });
});

describe('Slack view renderer: every intent is a button actions.ts understands', () => {
  const page = { state: 'live' as const, filterText: 'tag:x', page: '2' };
  const cases: Array<[Intent, string, string]> = [
    [{ do: 'delete', noteId: 'n-1' }, ACTION.deleteNote, 'n-1'],
    [{ do: 'restore', noteId: 'n-1' }, ACTION.restoreNote, 'n-1'],
    [{ do: 'undo-delete', noteId: 'n-1' }, ACTION.undoNote, 'n-1'],
    [{ do: 'undo-plan', planId: 'p-1' }, ACTION.undoPlan, 'p-1'],
    [{ do: 'confirm', confirmationId: 'c-1' }, ACTION.confirmYes, 'c-1'],
    [{ do: 'cancel', confirmationId: 'c-1' }, ACTION.confirmNo, 'c-1'],
    [{ do: 'approve', requestId: 'r-1' }, ACTION.approve, 'r-1'],
    [{ do: 'reject', requestId: 'r-1' }, ACTION.reject, 'r-1'],
    [{ do: 'page', page, direction: 'previous' }, ACTION.pagePrevious, '{"s":"live","f":"tag:x","p":"2"}'],
    [{ do: 'page', page, direction: 'next' }, ACTION.pageNext, '{"s":"live","f":"tag:x","p":"2"}'],
    [{ do: 'delete-selected' }, ACTION.deleteSelected, 'selected'],
    [{ do: 'verify-backup', backupId: 'b-1' }, ACTION.verifyBackup, 'b-1'],
    [{ do: 'backup-now' }, ACTION.backupNow, 'now'],
    [{ do: 'stop', operationId: 'p-1' }, ACTION.cancelJob, 'p-1'],
  ];

  test.each(cases)('%j', (intent, actionId, value) => {
    const button = viewButton({ label: 'Go', intent, style: 'primary' });
    expect(button).toMatchObject({ type: 'button', action_id: actionId, value, style: 'primary', text: { type: 'plain_text', text: 'Go' } });
  });

  test('a confirm becomes Slack’s dialog with the view’s words', () => {
    const confirm = { title: 'Please confirm', text: 'Delete n-1?', yes: 'Delete', no: 'Keep it' };
    const button = viewButton({ label: 'Delete', intent: { do: 'confirm', confirmationId: 'c-1' }, confirm }) as unknown as Json;
    expect(button.confirm).toMatchObject({ title: { text: 'Please confirm' }, text: { text: 'Delete n-1?' }, confirm: { text: 'Delete' }, deny: { text: 'Keep it' } });
  });

  test('a page request too long for a button value becomes the typed hint, not a broken button', () => {
    const long = { state: 'deleted' as const, filterText: 'w'.repeat(LIMITS.buttonValue), page: '2' };
    const blocks = render(view([], [{ label: 'Next', intent: { do: 'page', page: long, direction: 'next' } }]));
    expect(JSON.stringify(blocks)).not.toContain(ACTION.pageNext);
    expect(mrkdwn(blocks).join('\n')).toContain('trash … page:<n>');
  });
});

describe('Slack view renderer: what does not fit is cut and said', () => {
  const item = (i: number): ViewBlock => ({ type: 'item', key: `n-${i}`, heading: [{ id: `n-${i}` }], detail: HOSTILE.repeat(100), actions: [{ label: 'Delete', intent: { do: 'delete', noteId: `n-${i}` } }] });

  test('60 rows in a message: the rows that fit, a line saying how many were left out, then the hint and the buttons', () => {
    const hint: ViewBlock = { type: 'text', text: 'hint', style: 'subtle' };
    const next: ViewAction = { label: 'Next', intent: { do: 'page', page: { state: 'live', filterText: '', page: '2' }, direction: 'next' } };
    const message = slackMessage(view([...Array.from({ length: 60 }, (_, i) => item(i)), hint], [next]), english);
    expect(blockKitViolations('message', message)).toEqual([]);
    const blocks = message.blocks as unknown as Json[];
    expect(blocks).toHaveLength(LIMITS.messageBlocks);
    const rows = blocks.filter((b) => b.accessory).length;
    expect(mrkdwn(blocks)).toContain(`… and ${60 - rows} more.`);
    expect(rows).toBe(LIMITS.messageBlocks - 4); // title, the notice, the hint, the buttons
    expect(blocks.at(-1)?.type).toBe('actions');
    expect(mrkdwn(blocks.at(-2))).toEqual(['hint']);
  });

  test('a modal holds twice as many rows; a huge paragraph is split and ends with "…"', () => {
    const modal = slackBlocks(view(Array.from({ length: 120 }, (_, i) => item(i))), english, { surface: 'modal' });
    expect(blockKitViolations('modal', { type: 'modal', title: { type: 'plain_text', text: 't' }, blocks: modal })).toEqual([]);
    expect(modal).toHaveLength(LIMITS.modalBlocks);
    const huge = slackBlocks(view([{ type: 'text', text: Array.from({ length: 20_000 }, (_, i) => `line ${i} <&>`).join('\n') }]), english);
    expect(blockKitViolations('message', { text: 't', blocks: huge })).toEqual([]);
    expect(huge.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
    expect(mrkdwn(huge.at(-1)).join('')).toMatch(/…$/);
  });

  test('the notification text is the view’s text, escaped', () => {
    expect(slackMessage({ ...view([]), text: HOSTILE }, english).text).not.toContain('<!channel>');
  });
});

describe('Slack view renderer: people are mentioned where the view names them', () => {
  test('rich text cut to fit never cuts a mention or an escape in half', () => {
    const runs = ['x'.repeat(20), { actor: 'slack:UABCDEF12' }, ' <&> '.repeat(50)];
    for (let max = 1; max < 60; max++) {
      const text = richMrkdwn(runs, max);
      expect(text.length).toBeLessThanOrEqual(max);
      expect(text).not.toMatch(/<(?!@UABCDEF12>)|&(?!(amp|lt|gt);)/);
    }
    expect(richMrkdwn(runs, 40)).toBe(`${'x'.repeat(20)}<@UABCDEF12> &lt;…`);
    // A mention that does not fit whole is left out.
    expect(richMrkdwn(runs, 30)).toBe(`${'x'.repeat(20)}…`);
  });

  const trash = {
    kind: 'note-list' as const,
    state: 'deleted' as const,
    notes: [aDeletedNote('n3', T0, { deletedBy: 'slack:UDELETER1', authorId: 'slack:UAUTHOR1', body: 'ask slack:UEVIL1 <@UEVIL2>' })],
    filter: {},
    filterText: '',
    page: 1,
    seen: 1,
    previous: null,
    next: null,
    role: 'admin' as const,
  };
  const approvals = { kind: 'approval-list' as const, requests: [anApproval('r1', { requesterId: 'slack:UASKER1', expiresAt: minutes(60) })] };

  test.each(['en', 'zh-CN'] as const)("%s: a trash row's deleter and an approval's requester are mentions, not ids", (locale) => {
    const tr = translatorFor(locale);
    const row = mrkdwn(renderOutcome(trash, T0, tr).blocks).join('\n');
    expect(row).toContain('<@UDELETER1>');
    expect(row).toContain('<@UAUTHOR1>');
    expect(row).not.toMatch(/slack:U(DELETER|AUTHOR)1/);
    // The note's own text names people too: it stays text.
    expect(row).not.toContain('<@UEVIL');
    const asked = mrkdwn(renderOutcome(approvals, T0, tr).blocks).join('\n');
    expect(asked).toContain('<@UASKER1>');
    expect(asked).not.toContain('slack:UASKER1');
  });

  test('the notification text stays plain: people as their ids', () => {
    expect(renderOutcome(approvals, T0, english).text).toContain('slack:UASKER1');
  });
});
