import type { ApprovalRequest } from '../../src/domain/approval.js';
import { excerpt, type Note } from '../../src/domain/note.js';
import type { Role } from '../../src/domain/roles.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import { canSelectNotes, noteButtonsFor } from '../chat/buttons.js';
import { listCount, pageLabel, tagsText, untilText } from '../chat/format.js';
import { renderText } from '../chat/renderText.js';
import { english, type Translator } from '../chat/i18n/index.js';
import { approvalSubject, planFilterLabel, roleName, statusWord } from '../chat/words.js';
import { backupOutcomeCard } from './backupCards.js';
import {
  actionSet,
  card,
  confirmButtons,
  container,
  execute,
  facts,
  heading,
  lines,
  selectToggle,
  subtle,
  text,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
} from './cardKit.js';

/**
 * Outcome -> Adaptive Card in the reader's language, one renderer per outcome kind that has
 * buttons; every other kind (and kinds added later) falls back to the shared plain-text rendering,
 * so all platforms say the same.
 */
export function renderOutcomeCard(outcome: Outcome, now: Date, tr: Translator = english): AdaptiveCard {
  const { t } = tr;
  switch (outcome.kind) {
    case 'note-list':
      return noteListCard(outcome, tr);
    case 'note':
      return noteCard(outcome.note, outcome.role, tr);
    case 'help':
      return card([
        heading(t('help.title', { role: roleName(outcome.role, tr) })),
        ...outcome.actions.map((a) => text([{ text: t(`actions.${a.name}.usage`), bold: true }, { text: `  ${t(`actions.${a.name}.summary`)}` }], { spacing: 'Small' })),
        subtle(t('help.filters')),
        subtle(t('help.language', { language: t(`language.${tr.locale}`) })),
      ]);
    case 'confirm-delete':
      return card(
        [heading(t('card.deleteThisNote')), ...noteDetails(outcome.note, tr), subtle(t('card.toTrash', { until: untilText(outcome.expiresAt, now, tr) }))],
        confirmButtons(outcome.confirmationId, t('card.delete'), t('card.cancel')),
      );
    case 'confirm-plan': {
      const { plan, sample } = outcome;
      const count = plan.noteIds.length;
      const more = count - sample.length;
      return card(
        [
          heading(t('card.planHead', { planId: plan.id, count, filter: planFilterLabel(plan, tr) })),
          ...sample.map((note) => container(noteSummary(note, tr))),
          ...(more > 0 ? [subtle(t('format.more', { count: more }))] : []),
          ...(outcome.needsApproval ? [text(t('card.aboveThreshold'), { color: 'Warning' })] : []),
          subtle(t('card.exactlyThese', { until: untilText(outcome.expiresAt, now, tr) })),
        ],
        confirmButtons(outcome.confirmationId, t('card.deleteCount', { count }), t('card.cancel')),
      );
    }
    case 'note-deleted':
      return card(lines(renderText(outcome, tr)), [execute(t('card.undo'), { cmd: `restore ${outcome.note.id}` })]);
    case 'plan-executed':
      return card(lines(renderText(outcome, tr)), [execute(t('card.undo'), { cmd: `undo ${outcome.plan.id}` })]);
    case 'approval-decided':
      return approvalCard(outcome.request, outcome.result ? renderText(outcome.result, tr) : undefined, tr);
    case 'approval-list':
      return card(
        outcome.requests.length === 0
          ? [text(t('approval.none'))]
          : [
              heading(t('approval.pending', { count: outcome.requests.length })),
              ...outcome.requests.map((r) =>
                container([
                  text([{ text: r.id, bold: true }, { text: ` ${approvalSubject(r, tr)}` }]),
                  subtle(t('card.askedBy', { requesterId: r.requesterId, expires: tr.minute(r.expiresAt) })),
                  actionSet(decisionButtons(r.id, tr)),
                ]),
              ),
            ],
      );
    case 'backup-list':
    case 'backup-created':
    case 'backup-verified':
    case 'confirm-backup-restore':
    case 'backup-restored':
      return backupOutcomeCard(outcome, now, tr);
    default:
      return card(lines(renderText(outcome, tr)));
  }
}

type NoteListOutcome = Extract<Outcome, { kind: 'note-list' }>;

/** One container per note with its own button, toggles for "Delete selected", and paging. */
function noteListCard(outcome: NoteListOutcome, tr: Translator): AdaptiveCard {
  const { t } = tr;
  const live = outcome.state === 'live';
  const filter = outcome.filterText;
  if (outcome.seen === 0) {
    return card([text(filter ? t(live ? 'list.noneLiveMatching' : 'list.noneDeletedMatching', { filter }) : t(live ? 'list.noneLive' : 'list.noneDeleted'))]);
  }
  const base = `${live ? 'list' : 'trash'}${filter ? ` ${filter}` : ''}`;
  const view = `${base} page:${outcome.page}`;
  const canSelect = canSelectNotes(outcome.state, outcome.role);
  const body: CardElement[] = [heading(`${listCount(outcome, tr)}${filter ? t('list.matching', { filter }) : ''}${pageLabel(outcome, tr)}`)];
  for (const note of outcome.notes) {
    const items = noteSummary(note, tr);
    const offer = noteButtonsFor(note, outcome.role);
    if (canSelect) items.push(selectToggle(note.id, t('card.select', { id: note.id })));
    if (offer.delete) items.push(actionSet([execute(t('card.delete'), { cmd: `delete ${note.id}`, view }, 'destructive')]));
    if (offer.restore) items.push(actionSet([execute(t('card.restore'), { cmd: `restore ${note.id}`, view })]));
    body.push(container(items));
  }
  const actions: CardAction[] = [];
  if (canSelect) actions.push(execute(t('card.deleteSelected'), { cmd: 'delete-selected', view }, 'destructive'));
  if (outcome.previous) actions.push(execute(t('card.previous'), { cmd: `${base} page:${outcome.previous}` }));
  if (outcome.next) actions.push(execute(t('card.next'), { cmd: `${base} page:${outcome.next}` }));
  return card(body, actions);
}

function noteCard(note: Note, role: Role, tr: Translator): AdaptiveCard {
  const offer = noteButtonsFor(note, role);
  const actions: CardAction[] = [];
  if (offer.delete) actions.push(execute(tr.t('card.delete'), { cmd: `delete ${note.id}` }, 'destructive'));
  if (offer.restore) actions.push(execute(tr.t('card.restore'), { cmd: `restore ${note.id}` }));
  return card([heading(tr.t(note.deletedAt ? 'card.noteHeadingDeleted' : 'card.noteHeading', { id: note.id })), ...noteDetails(note, tr)], actions);
}

/** Id first: people type it back into `show`, `restore` and `delete`. */
function noteSummary(note: Note, tr: Translator): CardElement[] {
  const tags = note.tags.length ? ` · ${tagsText(note.tags)}` : '';
  const deleted = note.deletedAt ? ` · ${tr.t('card.deletedOnBy', { on: tr.day(note.deletedAt), by: note.deletedBy ?? '?' })}` : '';
  return [
    text([{ text: note.id, bold: true }, { text: ` · ${note.recordId} · ${note.authorId} · ${tr.day(note.createdAt)}${tags}${deleted}` }]),
    subtle(excerpt(note.body, 200)),
  ];
}

function noteDetails(note: Note, tr: Translator): CardElement[] {
  const { t } = tr;
  return [
    facts([
      [t('card.fact.note'), note.id],
      [t('card.fact.record'), note.recordId],
      [t('card.fact.author'), note.authorId],
      [t('card.fact.created'), tr.minute(note.createdAt)],
      [t('card.fact.tags'), tagsText(note.tags)],
      [t('card.fact.deleted'), note.deletedAt ? t('card.atBy', { at: tr.minute(note.deletedAt), by: note.deletedBy ?? '?' }) : null],
    ]),
    // People's words go in literal text blocks, not in a FactSet, whose values Teams parses.
    ...(note.deleteReason ? [subtle(t('note.reason', { reason: note.deleteReason }))] : []),
    text(excerpt(note.body, 2000)),
  ];
}

const decisionButtons = (requestId: string, tr: Translator): CardAction[] => [
  execute(tr.t('card.approve'), { cmd: `approve ${requestId}` }, 'positive'),
  execute(tr.t('card.reject'), { cmd: `reject ${requestId}` }, 'destructive'),
];

/**
 * The approval card in the approval conversation: Approve / Reject while pending; once decided it
 * is updated in place to say who decided, when, and what happened. In the channel's language.
 */
export function approvalCard(request: ApprovalRequest, resultText?: string, tr: Translator = english): AdaptiveCard {
  const { t } = tr;
  const pending = request.status === 'pending';
  const status = pending
    ? t('card.waiting', { requesterId: request.requesterId, expires: tr.minute(request.expiresAt) })
    : `${t('card.decided', { status: t(`card.statusTitle.${request.status}`), by: request.decidedBy ?? '?' })}${request.decidedAt ? t('card.decidedAt', { at: tr.minute(request.decidedAt) }) : ''}${request.decisionReason ? t('card.decidedReason', { reason: request.decisionReason }) : ''}.`;
  return card(
    [
      heading(pending ? t('card.approvalNeeded') : t('card.requestStatus', { id: request.id, status: statusWord(request.status, tr) })),
      text(approvalSubject(request, tr)),
      facts([
        [t('card.fact.request'), request.id],
        [t('card.fact.askedBy'), request.requesterId],
        [t('card.fact.notes'), String(request.noteCount)],
      ]),
      ...(request.reason ? [text(t('note.reason', { reason: request.reason }))] : []),
      text(status, { color: pending ? 'Default' : request.status === 'approved' ? 'Good' : 'Attention' }),
      ...(resultText ? lines(resultText) : []),
    ],
    pending ? decisionButtons(request.id, tr) : [],
  );
}
