import type { ApprovalRequest } from '../../src/domain/approval.js';
import { excerpt, type Note } from '../../src/domain/note.js';
import type { Role } from '../../src/domain/roles.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import { canSelectNotes, noteButtonsFor } from '../chat/buttons.js';
import { day, minute } from '../chat/format.js';
import { translatorFor } from '../chat/i18n/index.js';
import { renderText } from '../chat/renderText.js';
import { approvalSubject } from '../chat/words.js';
import { button, buttonRow, card, facts, row, selectForm, subtle, text, type CardElement, type FeishuCard } from './cardKit.js';
import { fitCard } from './limits.js';
import type { FeishuStrings } from './strings.js';

/** Rendering context: the reader's words and the time questions expire against. */
export interface RenderContext {
  t: FeishuStrings;
  now: Date;
}

/**
 * Outcome -> card JSON 2.0, one renderer per outcome kind that has buttons or is said in the
 * reader's language; every other kind falls back to the shared plain-text rendering, so all
 * platforms say the same. Every card passes `fitCard`, so none exceeds Feishu's limits.
 */
export function renderOutcomeCard(outcome: Outcome, ctx: RenderContext): FeishuCard {
  return fitCard(cardFor(outcome, ctx), ctx.t.cutItems);
}

function cardFor(outcome: Outcome, ctx: RenderContext): FeishuCard {
  const { t, now } = ctx;
  const minutesLeft = (expiresAt: Date) => Math.max(0, Math.round((expiresAt.getTime() - now.getTime()) / 60_000));
  switch (outcome.kind) {
    case 'note-list':
      return noteListCard(outcome, t);
    case 'note':
      return noteCard(outcome.note, outcome.role, t);
    case 'note-added':
      return card(t.noteAdded(outcome.note.id, outcome.note.recordId), noteDetails(outcome.note), { colour: 'green' });
    case 'help':
      return card(t.commandsFor(outcome.role), [
        ...outcome.actions.map((a) => text(translatorFor(t.locale).t(`actions.${a.name}.usage`))),
        subtle('record:<id> author:<@person> tag:<tag> before:<YYYY-MM-DD> after:<YYYY-MM-DD> text:"..."'),
      ]);
    case 'confirm-delete':
      return card(
        t.deleteNoteQuestion(outcome.note.id),
        [
          ...noteDetails(outcome.note),
          subtle(t.deleteNoteHint(minutesLeft(outcome.expiresAt))),
          buttonRow([
            button(
              t.delete,
              { cmd: `confirm ${outcome.confirmationId}` },
              { type: 'danger', confirm: { title: t.confirmTitle, text: t.confirmDeleteDialog(outcome.note.id) } },
            ),
            button(t.cancel, { cmd: `cancel ${outcome.confirmationId}` }),
          ]),
        ],
        { colour: 'orange' },
      );
    case 'confirm-plan': {
      const { plan, sample } = outcome;
      const count = plan.noteIds.length;
      const more = count - sample.length;
      return card(
        t.bulkTitle(plan.id, count, plan.filterText),
        [
          ...sample.flatMap((note) => noteSummary(note, t)),
          ...(more > 0 ? [subtle(t.andMore(more))] : []),
          ...(outcome.needsApproval ? [text(t.needsApproval, { text_color: 'orange' })] : []),
          subtle(t.bulkHint(minutesLeft(outcome.expiresAt))),
          buttonRow([
            button(
              t.confirmBulkButton(count),
              { cmd: `confirm ${outcome.confirmationId}` },
              { type: 'danger', confirm: { title: t.confirmTitle, text: t.confirmBulkDialog(count) } },
            ),
            button(t.cancel, { cmd: `cancel ${outcome.confirmationId}` }),
          ]),
        ],
        { colour: 'orange' },
      );
    }
    case 'note-deleted':
      return card(t.noteDeleted(outcome.note.id, outcome.note.recordId), [buttonRow([button(t.undo, { cmd: `restore ${outcome.note.id}` })])], {
        colour: 'green',
      });
    case 'plan-executed': {
      const p = outcome.plan;
      return card(t.planExecuted(p.id, p.deletedCount, p.skippedCount), [buttonRow([button(t.undo, { cmd: `undo ${p.id}` })])], { colour: 'green' });
    }
    case 'note-restored':
      return card(t.noteRestored(outcome.note.id, outcome.note.recordId), [], { colour: 'green' });
    case 'plan-undone':
      return card(t.planUndone(outcome.plan.id, outcome.restored), [], { colour: 'green' });
    case 'cancelled':
      return card(t.cancelled, [], { colour: 'grey' });
    case 'approval-requested':
      return card(t.approvalRequested(outcome.request.id, minute(outcome.request.expiresAt)), [text(approvalSubject(outcome.request, translatorFor(t.locale)))], { colour: 'orange' });
    case 'approval-decided':
      return approvalCard(outcome.request, t, outcome.result ? renderOutcomeCard(outcome.result, ctx) : undefined);
    case 'approval-list':
      return outcome.requests.length === 0
        ? card(t.noPendingRequests, [], { colour: 'grey' })
        : card(
            t.pendingRequests(outcome.requests.length),
            outcome.requests.flatMap((r) => [
              text(`${r.id} · ${approvalSubject(r, translatorFor(t.locale))}`),
              subtle(`${t.askedBy}: ${r.requesterId} · ${minute(r.expiresAt)}`),
              buttonRow(decisionButtons(r.id, t)),
            ]),
          );
    case 'role-changed':
      return card(t.roleChanged(outcome.actorId, outcome.role, outcome.previous), [], { colour: 'green' });
    default:
      return textCard(renderText(outcome, translatorFor(t.locale)));
  }
}

/** A refusal or failure: its first line the (red) title, the rest under it. */
export function errorCard(message: string): FeishuCard {
  const [title = '', ...rest] = message.split('\n');
  return card(title, rest.map((line, i) => (i === 0 ? text(line) : subtle(line))), { colour: 'red' });
}

/**
 * Plain text as a card: the first line is the title, then a paragraph per line, so a text too
 * long for one card (a long audit trail) loses whole lines at its end, and says so.
 */
export function textCard(value: string, colour: 'blue' | 'red' = 'blue'): FeishuCard {
  const [title = '', ...rest] = value.split('\n');
  return card(title, rest.map((line) => text(line)), { colour });
}

type NoteListOutcome = Extract<Outcome, { kind: 'note-list' }>;

/** A row per note with its own Delete or Restore button, a multi-select for "Delete selected", paging. */
function noteListCard(outcome: NoteListOutcome, t: FeishuStrings): FeishuCard {
  const live = outcome.state === 'live';
  const last = !outcome.next;
  if (outcome.seen === 0) return card(live ? t.noNotes(outcome.filterText) : t.noDeletedNotes(outcome.filterText), [], { colour: 'grey' });
  const count = live ? t.notes(outcome.seen, !last) : t.deletedNotes(outcome.seen, !last);
  const title = `${count}${t.matching(outcome.filterText)}${t.page(outcome.page, last)}`;
  const base = `${live ? 'list' : 'trash'}${outcome.filterText ? ` ${outcome.filterText}` : ''}`;
  const view = `${base} page:${outcome.page}`;
  // Who sees which button is the shared rule (adapters/chat/buttons.ts), not this renderer's.
  const elements: CardElement[] = outcome.notes.map((note) => {
    const offer = noteButtonsFor(note, outcome.role);
    const buttons: CardElement[] = [];
    if (offer.delete) buttons.push(button(t.delete, { cmd: `delete ${note.id}`, view }, { type: 'danger' }));
    if (offer.restore) buttons.push(button(t.restore, { cmd: `restore ${note.id}`, view }));
    return row(noteSummary(note, t), buttons);
  });
  if (canSelectNotes(outcome.state, outcome.role)) {
    const options = outcome.notes.map((note) => ({ label: `${note.id} · ${excerpt(note.body, 40)}`, value: note.id }));
    elements.push(selectForm(options, t.selectPlaceholder, button(t.deleteSelected, { cmd: 'delete-selected', view }, { type: 'danger', submit: { name: 'delete_selected' } })));
  }
  const paging: CardElement[] = [];
  if (outcome.previous) paging.push(button(t.previous, { cmd: `${base} page:${outcome.previous}` }));
  if (outcome.next) paging.push(button(t.next, { cmd: `${base} page:${outcome.next}` }));
  if (paging.length) elements.push(buttonRow(paging));
  return card(title, elements, { colour: live ? 'blue' : 'grey' });
}

function noteCard(note: Note, role: Role, t: FeishuStrings): FeishuCard {
  const offer = noteButtonsFor(note, role);
  const buttons: CardElement[] = [];
  if (offer.delete) buttons.push(button(t.delete, { cmd: `delete ${note.id}` }, { type: 'danger' }));
  if (offer.restore) buttons.push(button(t.restore, { cmd: `restore ${note.id}` }));
  return card(t.noteTitle(note.id, Boolean(note.deletedAt)), [...noteDetails(note), ...(buttons.length ? [buttonRow(buttons)] : [])]);
}

/** Id first: people type it back into `show`, `restore` and `delete`. */
function noteSummary(note: Note, t: FeishuStrings): CardElement[] {
  const tags = note.tags.length ? ` · ${note.tags.map((tag) => `#${tag}`).join(' ')}` : '';
  const deleted = note.deletedAt ? ` · ${t.deletedBy(day(note.deletedAt), note.deletedBy ?? '')}` : '';
  return [text(`${note.id} · ${t.noteLine(note.recordId, note.authorId, day(note.createdAt))}${tags}${deleted}`), subtle(excerpt(note.body, 200))];
}

function noteDetails(note: Note): CardElement[] {
  return [
    ...facts([
      ['ID', note.id],
      ['record', note.recordId],
      ['author', note.authorId],
      ['created', minute(note.createdAt)],
      ['tags', note.tags.map((tag) => `#${tag}`).join(' ')],
      ['deleted', note.deletedAt ? `${minute(note.deletedAt)} · ${note.deletedBy ?? ''}` : null],
      ['reason', note.deleteReason],
    ]),
    text(excerpt(note.body, 2000)),
  ];
}

const decisionButtons = (requestId: string, t: FeishuStrings): CardElement[] => [
  button(t.approve, { cmd: `approve ${requestId}` }, { type: 'primary' }),
  button(t.reject, { cmd: `reject ${requestId}` }, { type: 'danger' }),
];

/**
 * The approval card in the approval chat: Approve / Reject while pending; once decided it is
 * updated in place (for everyone: JSON 2.0 cards are shared) to say who decided, when, and what
 * happened (the result's own card, without its buttons: undo belongs to the decider's answer).
 */
export function approvalCard(request: ApprovalRequest, t: FeishuStrings, result?: FeishuCard): FeishuCard {
  const pending = request.status === 'pending';
  const status = pending
    ? t.approvalWaiting(request.requesterId, minute(request.expiresAt))
    : t.approvalDecided(t.status(request.status), request.decidedBy ?? '', request.decidedAt ? minute(request.decidedAt) : '');
  const resultLines = result ? [result.header?.title.content ?? '', ...result.body.elements.filter((e) => e.tag === 'div')] : [];
  return card(
    pending ? t.approvalNeeded : `${t.requestLabel} ${request.id} · ${t.status(request.status)}`,
    [
      text(approvalSubject(request, translatorFor(t.locale))),
      ...facts([
        [t.requestLabel, request.id],
        [t.askedBy, request.requesterId],
        [t.noteCount, String(request.noteCount)],
        [t.reason, request.reason],
      ]),
      text(status, { text_color: pending ? 'default' : request.status === 'approved' ? 'green' : 'red' }),
      ...(request.decisionReason ? [subtle(`${t.reason}: ${request.decisionReason}`)] : []),
      ...resultLines.map((line) => (typeof line === 'string' ? text(line) : line)),
      ...(pending ? [buttonRow(decisionButtons(request.id, t))] : []),
    ],
    { colour: pending ? 'orange' : request.status === 'approved' ? 'green' : 'red' },
  );
}
