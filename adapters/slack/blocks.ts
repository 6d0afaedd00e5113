import type { Note } from '../../src/domain/note.js';
import { excerpt } from '../../src/domain/note.js';
import type { Role } from '../../src/domain/roles.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import { canSelectNotes, noteButtonsFor } from '../chat/buttons.js';
import { day, listCount, pageLabel, plural, untilText } from '../chat/format.js';
import { renderText } from '../chat/renderText.js';
import { english } from '../chat/i18n/index.js';
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
export function renderOutcome(outcome: Outcome, now: Date): SlackMessage {
  const text = renderText(outcome);
  return { text: fallbackText(text), blocks: renderBlocks(outcome, text, now) };
}

function renderBlocks(outcome: Outcome, text: string, now: Date): Block[] {
  switch (outcome.kind) {
    case 'note-list':
      return noteListBlocks(outcome);
    case 'note':
      return noteBlocks(outcome.note, outcome.role);
    case 'note-added':
      return [section(`:memo: Added note \`${outcome.note.id}\` to *${escapeMrkdwn(outcome.note.recordId)}*.`), noteSection(outcome.note)];
    case 'confirm-delete':
      return confirmDeleteBlocks(outcome.note, outcome.confirmationId, outcome.expiresAt, now);
    case 'confirm-plan':
      // Normally shown in a modal; this is the fallback when no modal could be opened.
      return [
        ...preformatted(text, 10),
        actions(undefined, [
          button(outcome.needsApproval ? 'Request approval' : 'Delete them', ACTION.confirmYes, outcome.confirmationId, { style: 'danger' }),
          button('Cancel', ACTION.confirmNo, outcome.confirmationId),
        ]),
      ];
    case 'note-deleted':
      return [
        section(
          `:wastebasket: Deleted note \`${outcome.note.id}\` (${escapeMrkdwn(outcome.note.recordId)}).`,
          button('Undo', ACTION.undoNote, outcome.note.id),
        ),
      ];
    case 'plan-executed': {
      const p = outcome.plan;
      const skipped = p.skippedCount ? `, skipped ${p.skippedCount} (deleted or changed since the preview)` : '';
      return [
        section(
          `:wastebasket: Bulk delete \`${p.id}\` done: deleted ${plural(p.deletedCount, 'note')}${skipped}.`,
          button('Undo', ACTION.undoPlan, p.id),
        ),
      ];
    }
    case 'approval-requested':
      return [section(`:hourglass_flowing_sand: ${escapeUserText(text)}`)];
    case 'approval-list':
      return approvalListBlocks(outcome.requests);
    case 'note-restored':
    case 'plan-undone':
    case 'cancelled':
    case 'role-changed':
      return [section(`:white_check_mark: ${escapeUserText(text)}`)];
    case 'backup-list':
    case 'backup-created':
    case 'backup-verified':
    case 'confirm-backup-restore':
    case 'backup-restored':
      return backupBlocks(outcome, now);
    default:
      // Kinds without a Slack-specific layout (help, roles, audit, messages, ones added later).
      return preformatted(text, LIMITS.messageBlocks);
  }
}

function noteMeta(note: Note): string {
  const tags = note.tags.length ? `  ${note.tags.map((t) => `#${escapeUserText(t)}`).join(' ')}` : '';
  const deleted = note.deletedAt ? `  _deleted ${day(note.deletedAt)} by ${actorLabel(note.deletedBy)}_` : '';
  return `\`${note.id}\` · *${escapeMrkdwn(note.recordId)}* · ${actorLabel(note.authorId)} · ${day(note.createdAt)}${tags}${deleted}`;
}

function noteSection(note: Note, accessory?: ReturnType<typeof button>) {
  return section(`${noteMeta(note)}\n>${escapeUserText(excerpt(note.body, 280))}`, accessory);
}

function noteBlocks(note: Note, role: Role): Block[] {
  const offer = noteButtonsFor(note, role);
  // The whole note in plain_text: shown (and copied) exactly as written.
  const blocks: Block[] = [section(noteMeta(note)), ...sections(note.body, 3, true)];
  if (note.deleteReason) blocks.push(plainContext(`Reason: ${note.deleteReason}`));
  if (offer.delete) blocks.push(actions(undefined, [button('Delete', ACTION.deleteNote, note.id, { style: 'danger' })]));
  else if (offer.restore) blocks.push(actions(undefined, [button('Restore', ACTION.restoreNote, note.id, { style: 'primary' })]));
  return blocks;
}

export function confirmDeleteBlocks(note: Note, confirmationId: string, expiresAt: Date, now: Date): Block[] {
  return [
    section(':warning: *Delete this note?* It goes to the trash and can be restored until it is purged.'),
    noteSection(note),
    context(`Only you can answer. This expires in ${untilText(expiresAt, now)}.`),
    actions(undefined, [
      button('Delete', ACTION.confirmYes, confirmationId, {
        style: 'danger',
        confirm: confirmDialog('Delete note?', `Delete note ${note.id} on ${note.recordId}: "${excerpt(note.body, 120)}"`, 'Delete'),
      }),
      button('Cancel', ACTION.confirmNo, confirmationId),
    ]),
  ];
}

type NoteListOutcome = Extract<Outcome, { kind: 'note-list' }>;

function noteListBlocks(outcome: NoteListOutcome): Block[] {
  const live = outcome.state === 'live';
  const what = live ? 'note' : 'deleted note';
  const filter = outcome.filterText ? ` matching \`${escapeUserText(clip(outcome.filterText, 500))}\`` : '';
  if (outcome.seen === 0) return [section(`No ${what}s${filter}.`)];
  const blocks: Block[] = [section(`*${listCount(outcome)}*${filter}${pageLabel(outcome)}`)];
  for (const note of outcome.notes) {
    const offer = noteButtonsFor(note, outcome.role);
    const accessory = offer.delete
      ? button('Delete', ACTION.deleteNote, note.id, { style: 'danger' })
      : offer.restore
        ? button('Restore', ACTION.restoreNote, note.id, { style: 'primary' })
        : undefined;
    blocks.push(noteSection(note, accessory));
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
        button('Delete selected', ACTION.deleteSelected, 'selected', { style: 'danger' }),
      ]),
    );
  }
  const pager = pageButtons(outcome);
  if (pager.length) blocks.push(actions(undefined, pager));
  else if (outcome.previous || outcome.next) blocks.push(context(`Type \`${live ? 'list' : 'trash'} … page:<n>\` for other pages.`));
  if (!live) blocks.push(context('Restore brings a note back; `/notes restore <noteId>` does the same.'));
  return blocks.slice(0, LIMITS.messageBlocks);
}

function pageButtons(outcome: NoteListOutcome): ReturnType<typeof button>[] {
  const at = (page: string) => encodePage({ state: outcome.state, filterText: outcome.filterText, page });
  const buttons: ReturnType<typeof button>[] = [];
  // A filter too long for a button value gets the typed hint instead of a broken button.
  if ([outcome.previous, outcome.next].some((page) => page && at(page).length > LIMITS.buttonValue)) return buttons;
  if (outcome.previous) buttons.push(button('◀ Previous', ACTION.pagePrevious, at(outcome.previous)));
  if (outcome.next) buttons.push(button('Next ▶', ACTION.pageNext, at(outcome.next)));
  return buttons;
}

export function encodePage(request: PageRequest): string {
  return JSON.stringify({ s: request.state, f: request.filterText, p: request.page });
}

function approvalListBlocks(requests: Extract<Outcome, { kind: 'approval-list' }>['requests']): Block[] {
  if (requests.length === 0) return [section('No pending approval requests.')];
  const blocks: Block[] = [section(`*${plural(requests.length, 'pending request')}*`)];
  // Two blocks per request; keep room for the header.
  for (const r of requests.slice(0, Math.floor((LIMITS.messageBlocks - 2) / 2))) {
    blocks.push(section(`\`${r.id}\` ${escapeUserText(approvalSubject(r, english))}\nasked by ${actorLabel(r.requesterId)}, expires ${day(r.expiresAt)}`));
    blocks.push(approvalButtons(r.id));
  }
  if (requests.length * 2 + 1 > LIMITS.messageBlocks) blocks.push(context('More requests than fit here: `/notes approve <id>` works for any.'));
  return blocks;
}

export function approvalButtons(requestId: string) {
  return actions(`approval:${requestId}`, [
    button('Approve', ACTION.approve, requestId, { style: 'primary' }),
    button('Reject', ACTION.reject, requestId, { style: 'danger' }),
  ]);
}
