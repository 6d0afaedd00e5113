import type { ApprovalRequest } from '../../src/domain/approval.js';
import { excerpt, type Note } from '../../src/domain/note.js';
import type { Role } from '../../src/domain/roles.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import { canSelectNotes, noteButtonsFor } from '../chat/buttons.js';
import { listCount, pageLabel, untilText } from '../chat/format.js';
import type { Translator } from '../chat/i18n/index.js';
import { renderText } from '../chat/renderText.js';
import { approvalSubject, planFilterLabel, roleName } from '../chat/words.js';
import { button, buttonRow, card, facts, row, selectForm, subtle, text, type CardElement, type FeishuCard } from './cardKit.js';
import { fitCard } from './limits.js';
/** Rendering context: the reader's language and the time questions expire against. */
export interface RenderContext {
  tr: Translator;
  now: Date;
}

/**
 * Outcome -> card JSON 2.0, one renderer per outcome kind that has buttons or is said in the
 * reader's language; every other kind falls back to the shared plain-text rendering, so all
 * platforms say the same. Every card passes `fitCard`, so none exceeds Feishu's limits.
 */
export function renderOutcomeCard(outcome: Outcome, ctx: RenderContext): FeishuCard {
  return fitCard(cardFor(outcome, ctx), cutNote(ctx.tr));
}

/** What a card cut to fit says in place of what it left out. */
export const cutNote = (tr: Translator) => (count: number) => tr.t('feishu.cutItems', { count });

function cardFor(outcome: Outcome, ctx: RenderContext): FeishuCard {
  const { tr, now } = ctx;
  const { t } = tr;
  switch (outcome.kind) {
    case 'note-list':
      return noteListCard(outcome, tr);
    case 'note':
      return noteCard(outcome.note, outcome.role, tr);
    case 'note-added':
      return card(t('note.added', { id: outcome.note.id, recordId: outcome.note.recordId }), noteDetails(outcome.note, tr), { colour: 'green' });
    case 'help':
      return card(t('help.title', { role: roleName(outcome.role, tr) }), [
        ...outcome.actions.map((a) => text(t(`actions.${a.name}.usage`))),
        subtle(t('help.filters')),
      ]);
    case 'confirm-delete':
      return card(
        t('feishu.deleteNoteQuestion', { id: outcome.note.id }),
        [
          ...noteDetails(outcome.note, tr),
          subtle(t('card.toTrash', { until: untilText(outcome.expiresAt, now, tr) })),
          buttonRow([
            button(
              t('card.delete'),
              { cmd: `confirm ${outcome.confirmationId}` },
              { type: 'danger', confirm: { title: t('feishu.confirmTitle'), text: t('feishu.confirmDeleteDialog', { id: outcome.note.id }) } },
            ),
            button(t('card.cancel'), { cmd: `cancel ${outcome.confirmationId}` }),
          ]),
        ],
        { colour: 'orange' },
      );
    case 'confirm-plan': {
      const { plan, sample } = outcome;
      const count = plan.noteIds.length;
      const more = count - sample.length;
      return card(
        t('card.planHead', { planId: plan.id, count, filter: planFilterLabel(plan, tr) }),
        [
          ...sample.flatMap((note) => noteSummary(note, tr)),
          ...(more > 0 ? [subtle(t('format.more', { count: more }))] : []),
          ...(outcome.needsApproval ? [text(t('card.aboveThreshold'), { text_color: 'orange' })] : []),
          subtle(t('card.exactlyThese', { until: untilText(outcome.expiresAt, now, tr) })),
          buttonRow([
            button(
              t('card.deleteCount', { count }),
              { cmd: `confirm ${outcome.confirmationId}` },
              { type: 'danger', confirm: { title: t('feishu.confirmTitle'), text: t('feishu.confirmBulkDialog', { count }) } },
            ),
            button(t('card.cancel'), { cmd: `cancel ${outcome.confirmationId}` }),
          ]),
        ],
        { colour: 'orange' },
      );
    }
    case 'note-deleted':
      return card(t('feishu.noteDeleted', { id: outcome.note.id, recordId: outcome.note.recordId }), [buttonRow([button(t('card.undo'), { cmd: `restore ${outcome.note.id}` })])], {
        colour: 'green',
      });
    case 'plan-executed': {
      const p = outcome.plan;
      const title = t(p.skippedCount ? 'plan.doneSkipped' : 'plan.done', { planId: p.id, count: p.deletedCount, skipped: p.skippedCount });
      return card(title, [buttonRow([button(t('card.undo'), { cmd: `undo ${p.id}` })])], { colour: 'green' });
    }
    case 'note-restored':
      return card(t('note.restored', { id: outcome.note.id, recordId: outcome.note.recordId }), [], { colour: 'green' });
    case 'plan-undone':
      return card(t('plan.undone', { planId: outcome.plan.id, count: outcome.restored }), [], { colour: 'green' });
    case 'cancelled':
      return card(t('feishu.cancelled'), [], { colour: 'grey' });
    case 'approval-requested':
      return card(t('feishu.approvalRequested', { id: outcome.request.id, expires: tr.minute(outcome.request.expiresAt) }), [text(approvalSubject(outcome.request, tr))], {
        colour: 'orange',
      });
    case 'approval-decided':
      return approvalCard(outcome.request, tr, outcome.result ? renderOutcomeCard(outcome.result, ctx) : undefined);
    case 'approval-list':
      return outcome.requests.length === 0
        ? card(t('approval.none'), [], { colour: 'grey' })
        : card(
            t('approval.pending', { count: outcome.requests.length }),
            outcome.requests.flatMap((r) => [
              text(`${r.id} · ${approvalSubject(r, tr)}`),
              subtle(`${t('card.fact.askedBy')}: ${r.requesterId} · ${tr.minute(r.expiresAt)}`),
              buttonRow(decisionButtons(r.id, tr)),
            ]),
          );
    case 'role-changed':
      return card(t('roles.changed', { actorId: outcome.actorId, role: roleName(outcome.role, tr), previous: roleName(outcome.previous, tr) }), [], { colour: 'green' });
    default:
      return textCard(renderText(outcome, tr));
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
function noteListCard(outcome: NoteListOutcome, tr: Translator): FeishuCard {
  const { t } = tr;
  const live = outcome.state === 'live';
  const filter = outcome.filterText;
  if (outcome.seen === 0) {
    const none = filter ? t(live ? 'list.noneLiveMatching' : 'list.noneDeletedMatching', { filter }) : t(live ? 'list.noneLive' : 'list.noneDeleted');
    return card(none, [], { colour: 'grey' });
  }
  const title = `${listCount(outcome, tr)}${filter ? t('list.matching', { filter }) : ''}${pageLabel(outcome, tr)}`;
  const base = `${live ? 'list' : 'trash'}${outcome.filterText ? ` ${outcome.filterText}` : ''}`;
  const view = `${base} page:${outcome.page}`;
  // Who sees which button is the shared rule (adapters/chat/buttons.ts), not this renderer's.
  const elements: CardElement[] = outcome.notes.map((note) => {
    const offer = noteButtonsFor(note, outcome.role);
    const buttons: CardElement[] = [];
    if (offer.delete) buttons.push(button(t('card.delete'), { cmd: `delete ${note.id}`, view }, { type: 'danger' }));
    if (offer.restore) buttons.push(button(t('card.restore'), { cmd: `restore ${note.id}`, view }));
    return row(noteSummary(note, tr), buttons);
  });
  if (canSelectNotes(outcome.state, outcome.role)) {
    const options = outcome.notes.map((note) => ({ label: `${note.id} · ${excerpt(note.body, 40)}`, value: note.id }));
    const deleteSelected = button(t('card.deleteSelected'), { cmd: 'delete-selected', view }, { type: 'danger', submit: { name: 'delete_selected' } });
    elements.push(selectForm(options, t('feishu.selectPlaceholder'), deleteSelected));
  }
  const paging: CardElement[] = [];
  if (outcome.previous) paging.push(button(t('card.previous'), { cmd: `${base} page:${outcome.previous}` }));
  if (outcome.next) paging.push(button(t('card.next'), { cmd: `${base} page:${outcome.next}` }));
  if (paging.length) elements.push(buttonRow(paging));
  return card(title, elements, { colour: live ? 'blue' : 'grey' });
}

function noteCard(note: Note, role: Role, tr: Translator): FeishuCard {
  const { t } = tr;
  const offer = noteButtonsFor(note, role);
  const buttons: CardElement[] = [];
  if (offer.delete) buttons.push(button(t('card.delete'), { cmd: `delete ${note.id}` }, { type: 'danger' }));
  if (offer.restore) buttons.push(button(t('card.restore'), { cmd: `restore ${note.id}` }));
  const title = t(note.deletedAt ? 'card.noteHeadingDeleted' : 'card.noteHeading', { id: note.id });
  return card(title, [...noteDetails(note, tr), ...(buttons.length ? [buttonRow(buttons)] : [])]);
}

/** Id first: people type it back into `show`, `restore` and `delete`. */
function noteSummary(note: Note, tr: Translator): CardElement[] {
  const { t } = tr;
  const tags = note.tags.length ? ` · ${note.tags.map((tag) => `#${tag}`).join(' ')}` : '';
  const deleted = note.deletedAt ? ` · ${t('card.deletedOnBy', { on: tr.day(note.deletedAt), by: note.deletedBy ?? '' })}` : '';
  const line = t('feishu.noteLine', { recordId: note.recordId, authorId: note.authorId, day: tr.day(note.createdAt) });
  return [text(`${note.id} · ${line}${tags}${deleted}`), subtle(excerpt(note.body, 200))];
}

function noteDetails(note: Note, tr: Translator): CardElement[] {
  const { t } = tr;
  return [
    ...facts([
      ['ID', note.id],
      [t('card.fact.record'), note.recordId],
      [t('card.fact.author'), note.authorId],
      [t('card.fact.created'), tr.minute(note.createdAt)],
      [t('card.fact.tags'), note.tags.map((tag) => `#${tag}`).join(' ')],
      [t('card.fact.deleted'), note.deletedAt ? `${tr.minute(note.deletedAt)} · ${note.deletedBy ?? ''}` : null],
      [t('feishu.reason'), note.deleteReason],
    ]),
    text(excerpt(note.body, 2000)),
  ];
}

const decisionButtons = (requestId: string, tr: Translator): CardElement[] => [
  button(tr.t('card.approve'), { cmd: `approve ${requestId}` }, { type: 'primary' }),
  button(tr.t('card.reject'), { cmd: `reject ${requestId}` }, { type: 'danger' }),
];

/**
 * The approval card in the approval chat: Approve / Reject while pending; once decided it is
 * updated in place (for everyone: JSON 2.0 cards are shared) to say who decided, when, and what
 * happened (the result's own card, without its buttons: undo belongs to the decider's answer).
 */
export function approvalCard(request: ApprovalRequest, tr: Translator, result?: FeishuCard): FeishuCard {
  const { t } = tr;
  const pending = request.status === 'pending';
  const statusTitle = t(`card.statusTitle.${request.status}`);
  const decided = `${t('card.decided', { status: statusTitle, by: request.decidedBy ?? '' })}${request.decidedAt ? t('card.decidedAt', { at: tr.minute(request.decidedAt) }) : ''}`;
  const status = pending ? t('card.waiting', { requesterId: request.requesterId, expires: tr.minute(request.expiresAt) }) : decided;
  const resultLines = result ? [result.header?.title.content ?? '', ...result.body.elements.filter((e) => e.tag === 'div')] : [];
  return card(
    pending ? t('card.approvalNeeded') : `${t('card.fact.request')} ${request.id} · ${statusTitle}`,
    [
      text(approvalSubject(request, tr)),
      ...facts([
        [t('card.fact.request'), request.id],
        [t('card.fact.askedBy'), request.requesterId],
        [t('card.fact.notes'), String(request.noteCount)],
        [t('feishu.reason'), request.reason],
      ]),
      text(status, { text_color: pending ? 'default' : request.status === 'approved' ? 'green' : 'red' }),
      ...(request.decisionReason ? [subtle(`${t('feishu.reason')}: ${request.decisionReason}`)] : []),
      ...resultLines.map((line) => (typeof line === 'string' ? text(line) : line)),
      ...(pending ? [buttonRow(decisionButtons(request.id, tr))] : []),
    ],
    { colour: pending ? 'orange' : request.status === 'approved' ? 'green' : 'red' },
  );
}
