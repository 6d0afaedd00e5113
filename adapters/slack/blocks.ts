import type { Note } from '../../src/domain/note.js';
import { excerpt } from '../../src/domain/note.js';
import type { Role } from '../../src/domain/roles.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import { canSelectNotes, noteButtonsFor } from '../chat/buttons.js';
import { listCount, pageLabel, untilText } from '../chat/format.js';
import { renderText } from '../chat/renderText.js';
import { english, type Translator } from '../chat/i18n/index.js';
import { approvalSubject } from '../chat/words.js';
import { ACTION } from './actionIds.js';
import { backupBlocks } from './backupBlocks.js';
import { LIMITS } from './limits.js';
import {
  actions,
  actorLabel,
  button,
  clip,
  confirmDialog,
  context,
  escapeMrkdwn,
  escapeUserText,
  fallbackText,
  plainContext,
  preformatted,
  section,
  sections,
  type Block,
} from './mrkdwn.js';

/**
 * Outcome -> Block Kit message. Every message also carries `text` (from the shared plain-text
 * renderer, escaped: Slack parses it) for notifications and screen readers. User text is escaped
 * in every mrkdwn field or put in plain_text, which Slack shows literally. Buttons carry what the click needs (a note id,
 * a confirmation token, a request id, a page) so a click never depends on memory in this process.
 */
export { ACTION } from './actionIds.js';

export const SELECT_BLOCK = 'notes.selection';

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** What a Next/Previous button carries: enough to re-run the list for another page. */
export interface PageRequest {
  state: 'live' | 'deleted';
  filterText: string;
  /** A `page:` token value (src/domain/paging.ts). */
  page: string;
}

/** `now` is the injected clock's time: expiry texts count from it, never from the wall clock. */
export function renderOutcome(outcome: Outcome, now: Date, tr: Translator = english): SlackMessage {
  const text = renderText(outcome, tr);
  return { text: fallbackText(text), blocks: renderBlocks(outcome, text, now, tr) };
}

function renderBlocks(outcome: Outcome, text: string, now: Date, tr: Translator): Block[] {
  const { t } = tr;
  switch (outcome.kind) {
    case 'note-list':
      return noteListBlocks(outcome, tr);
    case 'note':
      return noteBlocks(outcome.note, outcome.role, tr);
    case 'note-added':
      return [section(t('slack.added', { id: outcome.note.id, recordId: escapeMrkdwn(outcome.note.recordId) })), noteSection(outcome.note, tr)];
    case 'confirm-delete':
      return confirmDeleteBlocks(outcome.note, outcome.confirmationId, outcome.expiresAt, now, tr);
    case 'confirm-plan':
      // Normally shown in a modal; this is the fallback when no modal could be opened.
      return [
        ...preformatted(text, 10),
        actions(undefined, [
          button(t(outcome.needsApproval ? 'card.requestApproval' : 'card.deleteThem'), ACTION.confirmYes, outcome.confirmationId, { style: 'danger' }),
          button(t('card.cancel'), ACTION.confirmNo, outcome.confirmationId),
        ]),
      ];
    case 'note-deleted':
      return [
        section(
          t('slack.deletedDone', { id: outcome.note.id, recordId: escapeMrkdwn(outcome.note.recordId) }),
          button(t('card.undo'), ACTION.undoNote, outcome.note.id),
        ),
      ];
    case 'plan-executed': {
      const p = outcome.plan;
      return [
        section(
          t(p.skippedCount ? 'slack.planDoneSkipped' : 'slack.planDone', { planId: p.id, count: p.deletedCount, skipped: p.skippedCount }),
          button(t('card.undo'), ACTION.undoPlan, p.id),
        ),
      ];
    }
    case 'approval-requested':
      return [section(`:hourglass_flowing_sand: ${escapeUserText(text)}`)];
    case 'approval-list':
      return approvalListBlocks(outcome.requests, tr);
    case 'note-restored':
    case 'plan-undone':
    case 'cancelled':
    case 'role-changed':
    case 'language':
    case 'channel-language':
      return [section(`:white_check_mark: ${escapeUserText(text)}`)];
    case 'backup-list':
    case 'backup-created':
    case 'backup-verified':
    case 'confirm-backup-restore':
    case 'backup-restored':
      return backupBlocks(outcome, now, tr);
    default:
      // Kinds without a Slack-specific layout (help, roles, audit, ones added later).
      return preformatted(text, LIMITS.messageBlocks);
  }
}

function noteMeta(note: Note, tr: Translator): string {
  const tags = note.tags.length ? `  ${note.tags.map((t) => `#${escapeUserText(t)}`).join(' ')}` : '';
  const deleted = note.deletedAt ? `  ${tr.t('slack.deletedMeta', { on: tr.day(note.deletedAt), by: actorLabel(note.deletedBy) })}` : '';
  return `\`${note.id}\` · *${escapeMrkdwn(note.recordId)}* · ${actorLabel(note.authorId)} · ${tr.day(note.createdAt)}${tags}${deleted}`;
}

function noteSection(note: Note, tr: Translator, accessory?: ReturnType<typeof button>) {
  return section(`${noteMeta(note, tr)}\n>${escapeUserText(excerpt(note.body, 280))}`, accessory);
}

function noteBlocks(note: Note, role: Role, tr: Translator): Block[] {
  const { t } = tr;
  const offer = noteButtonsFor(note, role);
  // The whole note in plain_text: shown (and copied) exactly as written.
  const blocks: Block[] = [section(noteMeta(note, tr)), ...sections(note.body, 3, true)];
  if (note.deleteReason) blocks.push(plainContext(t('note.reason', { reason: note.deleteReason })));
  if (offer.delete) blocks.push(actions(undefined, [button(t('card.delete'), ACTION.deleteNote, note.id, { style: 'danger' })]));
  else if (offer.restore) blocks.push(actions(undefined, [button(t('card.restore'), ACTION.restoreNote, note.id, { style: 'primary' })]));
  return blocks;
}

export function confirmDeleteBlocks(note: Note, confirmationId: string, expiresAt: Date, now: Date, tr: Translator = english): Block[] {
  const { t } = tr;
  const dialogText = t('slack.confirmText', { id: note.id, recordId: note.recordId, excerpt: excerpt(note.body, 120) });
  return [
    section(t('slack.confirmDelete')),
    noteSection(note, tr),
    context(t('slack.onlyYou', { until: untilText(expiresAt, now, tr) })),
    actions(undefined, [
      button(t('card.delete'), ACTION.confirmYes, confirmationId, {
        style: 'danger',
        confirm: confirmDialog(t('slack.confirmTitle'), dialogText, t('card.delete'), t('slack.keepIt')),
      }),
      button(t('card.cancel'), ACTION.confirmNo, confirmationId),
    ]),
  ];
}

type NoteListOutcome = Extract<Outcome, { kind: 'note-list' }>;

function noteListBlocks(outcome: NoteListOutcome, tr: Translator): Block[] {
  const { t } = tr;
  const live = outcome.state === 'live';
  const shownFilter = outcome.filterText ? escapeUserText(clip(outcome.filterText, 500)) : '';
  if (outcome.seen === 0) {
    const none = shownFilter ? t(live ? 'list.noneLiveMatching' : 'list.noneDeletedMatching', { filter: `\`${shownFilter}\`` }) : t(live ? 'list.noneLive' : 'list.noneDeleted');
    return [section(none)];
  }
  const matching = shownFilter ? t('slack.matching', { filter: shownFilter }) : '';
  const blocks: Block[] = [section(`*${listCount(outcome, tr)}*${matching}${pageLabel(outcome, tr)}`)];
  for (const note of outcome.notes) {
    const offer = noteButtonsFor(note, outcome.role);
    const accessory = offer.delete
      ? button(t('card.delete'), ACTION.deleteNote, note.id, { style: 'danger' })
      : offer.restore
        ? button(t('card.restore'), ACTION.restoreNote, note.id, { style: 'primary' })
        : undefined;
    blocks.push(noteSection(note, tr, accessory));
  }
  if (canSelectNotes(outcome.state, outcome.role) && outcome.notes.length > 0) {
    blocks.push(
      actions(SELECT_BLOCK, [
        {
          type: 'checkboxes',
          action_id: ACTION.select,
          options: outcome.notes.slice(0, LIMITS.checkboxOptions).map((n) => ({
            text: { type: 'plain_text', text: clip(`${n.id} · ${n.recordId}`, LIMITS.optionText) },
            value: n.id,
          })),
        },
        button(t('card.deleteSelected'), ACTION.deleteSelected, 'selected', { style: 'danger' }),
      ]),
    );
  }
  const pager = pageButtons(outcome, tr);
  if (pager.length) blocks.push(actions(undefined, pager));
  else if (outcome.previous || outcome.next) blocks.push(context(t('slack.typePages', { command: live ? 'list' : 'trash' })));
  if (!live) blocks.push(context(t('slack.trashHint')));
  return blocks.slice(0, LIMITS.messageBlocks);
}

function pageButtons(outcome: NoteListOutcome, tr: Translator): ReturnType<typeof button>[] {
  const at = (page: string) => encodePage({ state: outcome.state, filterText: outcome.filterText, page });
  const buttons: ReturnType<typeof button>[] = [];
  // A filter too long for a button value gets the typed hint instead of a broken button.
  if ([outcome.previous, outcome.next].some((page) => page && at(page).length > LIMITS.buttonValue)) return buttons;
  if (outcome.previous) buttons.push(button(`◀ ${tr.t('card.previous')}`, ACTION.pagePrevious, at(outcome.previous)));
  if (outcome.next) buttons.push(button(`${tr.t('card.next')} ▶`, ACTION.pageNext, at(outcome.next)));
  return buttons;
}

export function encodePage(request: PageRequest): string {
  return JSON.stringify({ s: request.state, f: request.filterText, p: request.page });
}

function approvalListBlocks(requests: Extract<Outcome, { kind: 'approval-list' }>['requests'], tr: Translator): Block[] {
  const { t } = tr;
  if (requests.length === 0) return [section(t('approval.none'))];
  const blocks: Block[] = [section(`*${t('approval.pending', { count: requests.length })}*`)];
  // Two blocks per request; keep room for the header.
  for (const r of requests.slice(0, Math.floor((LIMITS.messageBlocks - 2) / 2))) {
    blocks.push(section(t('slack.approvalLine', { id: r.id, subject: escapeUserText(approvalSubject(r, tr)), requester: actorLabel(r.requesterId), expires: tr.day(r.expiresAt) })));
    blocks.push(approvalButtons(r.id, tr));
  }
  if (requests.length * 2 + 1 > LIMITS.messageBlocks) blocks.push(context(t('slack.moreRequests')));
  return blocks;
}

export function approvalButtons(requestId: string, tr: Translator = english) {
  return actions(`approval:${requestId}`, [
    button(tr.t('card.approve'), ACTION.approve, requestId, { style: 'primary' }),
    button(tr.t('card.reject'), ACTION.reject, requestId, { style: 'danger' }),
  ]);
}
