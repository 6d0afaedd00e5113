import type { ApprovalRequest } from '../../src/domain/approval.js';
import { excerpt, type Note } from '../../src/domain/note.js';
import type { Role } from '../../src/domain/roles.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import { canSelectNotes, noteButtonsFor } from '../chat/buttons.js';
import { day, listCount, minute, pageLabel, plural, untilText } from '../chat/format.js';
import { renderText } from '../chat/renderText.js';
import { english } from '../chat/i18n/index.js';
import { approvalSubject } from '../chat/words.js';
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
 * Outcome -> Adaptive Card, one renderer per outcome kind that has buttons; every other kind (and
 * kinds added later) falls back to the shared plain-text rendering, so all platforms say the same.
 */
export function renderOutcomeCard(outcome: Outcome, now: Date = new Date()): AdaptiveCard {
  switch (outcome.kind) {
    case 'note-list':
      return noteListCard(outcome);
    case 'note':
      return noteCard(outcome.note, outcome.role);
    case 'help':
      return card([
        heading(`Commands for you (${outcome.role})`),
        ...outcome.actions.map((a) => text([{ text: english.t(`actions.${a.name}.usage`), bold: true }, { text: `  ${english.t(`actions.${a.name}.summary`)}` }], { spacing: 'Small' })),
        subtle('Filters: record:<id> author:<person> tag:<tag> before:<YYYY-MM-DD> after:<YYYY-MM-DD> text:"a phrase"; bare words search the text.'),
      ]);
    case 'confirm-delete':
      return card(
        [
          heading('Delete this note?'),
          ...noteDetails(outcome.note),
          subtle(`The note goes to the trash and can be restored. This question expires in ${untilText(outcome.expiresAt, now)}.`),
        ],
        confirmButtons(outcome.confirmationId, 'Delete'),
      );
    case 'confirm-plan': {
      const { plan, sample } = outcome;
      const more = plan.noteIds.length - sample.length;
      return card(
        [
          heading(`Bulk delete ${plan.id}: ${plural(plan.noteIds.length, 'note')} match ${plan.filterText}`),
          ...sample.map((note) => container(noteSummary(note))),
          ...(more > 0 ? [subtle(`… and ${more} more`)] : []),
          ...(outcome.needsApproval ? [text('This is above the approval threshold: after you confirm, a second admin must approve.', { color: 'Warning' })] : []),
          subtle(`Exactly these notes will be deleted; notes added later are not touched. Expires in ${untilText(outcome.expiresAt, now)}.`),
        ],
        confirmButtons(outcome.confirmationId, `Delete ${plural(plan.noteIds.length, 'note')}`),
      );
    }
    case 'note-deleted':
      return card(lines(renderText(outcome)), [execute('Undo', { cmd: `restore ${outcome.note.id}` })]);
    case 'plan-executed':
      return card(lines(renderText(outcome)), [execute('Undo', { cmd: `undo ${outcome.plan.id}` })]);
    case 'approval-decided':
      return approvalCard(outcome.request, outcome.result ? renderText(outcome.result) : undefined);
    case 'approval-list':
      return card(
        outcome.requests.length === 0
          ? [text('No pending approval requests.')]
          : [
              heading(`${plural(outcome.requests.length, 'pending request')}`),
              ...outcome.requests.map((r) =>
                container([
                  text([{ text: r.id, bold: true }, { text: ` ${approvalSubject(r, english)}` }]),
                  subtle(`asked by ${r.requesterId}, expires ${minute(r.expiresAt)}`),
                  actionSet(decisionButtons(r.id)),
                ]),
              ),
            ],
      );
    case 'backup-list':
    case 'backup-created':
    case 'backup-verified':
    case 'confirm-backup-restore':
    case 'backup-restored':
      return backupOutcomeCard(outcome, now);
    default:
      return card(lines(renderText(outcome)));
  }
}

type NoteListOutcome = Extract<Outcome, { kind: 'note-list' }>;

/** One container per note with its own button, toggles for "Delete selected", and paging. */
function noteListCard(outcome: NoteListOutcome): AdaptiveCard {
  const live = outcome.state === 'live';
  const what = live ? 'note' : 'deleted note';
  const filter = outcome.filterText ? ` matching ${outcome.filterText}` : '';
  if (outcome.seen === 0) return card([text(`No ${what}s${filter}.`)]);
  const base = `${live ? 'list' : 'trash'}${outcome.filterText ? ` ${outcome.filterText}` : ''}`;
  const view = `${base} page:${outcome.page}`;
  const canSelect = canSelectNotes(outcome.state, outcome.role);
  const body: CardElement[] = [heading(`${listCount(outcome)}${filter}${pageLabel(outcome)}`)];
  for (const note of outcome.notes) {
    const items = noteSummary(note);
    const offer = noteButtonsFor(note, outcome.role);
    if (canSelect) items.push(selectToggle(note.id));
    if (offer.delete) items.push(actionSet([execute('Delete', { cmd: `delete ${note.id}`, view }, 'destructive')]));
    if (offer.restore) items.push(actionSet([execute('Restore', { cmd: `restore ${note.id}`, view })]));
    body.push(container(items));
  }
  const actions: CardAction[] = [];
  if (canSelect) actions.push(execute('Delete selected', { cmd: 'delete-selected', view }, 'destructive'));
  if (outcome.previous) actions.push(execute('Previous', { cmd: `${base} page:${outcome.previous}` }));
  if (outcome.next) actions.push(execute('Next', { cmd: `${base} page:${outcome.next}` }));
  return card(body, actions);
}

function noteCard(note: Note, role: Role): AdaptiveCard {
  const offer = noteButtonsFor(note, role);
  const actions: CardAction[] = [];
  if (offer.delete) actions.push(execute('Delete', { cmd: `delete ${note.id}` }, 'destructive'));
  if (offer.restore) actions.push(execute('Restore', { cmd: `restore ${note.id}` }));
  return card([heading(`Note ${note.id}${note.deletedAt ? ' — deleted' : ''}`), ...noteDetails(note)], actions);
}

/** Id first: people type it back into `show`, `restore` and `delete`. */
function noteSummary(note: Note): CardElement[] {
  const tags = note.tags.length ? ` · ${note.tags.map((t) => `#${t}`).join(' ')}` : '';
  const deleted = note.deletedAt ? ` · deleted ${day(note.deletedAt)} by ${note.deletedBy}` : '';
  return [
    text([{ text: note.id, bold: true }, { text: ` · ${note.recordId} · ${note.authorId} · ${day(note.createdAt)}${tags}${deleted}` }]),
    subtle(excerpt(note.body, 200)),
  ];
}

function noteDetails(note: Note): CardElement[] {
  return [
    facts([
      ['Note', note.id],
      ['Record', note.recordId],
      ['Author', note.authorId],
      ['Created', minute(note.createdAt)],
      ['Tags', note.tags.map((t) => `#${t}`).join(' ')],
      ['Deleted', note.deletedAt ? `${minute(note.deletedAt)} by ${note.deletedBy}` : null],
    ]),
    // People's words go in literal text blocks, not in a FactSet, whose values Teams parses.
    ...(note.deleteReason ? [subtle(`Reason: ${note.deleteReason}`)] : []),
    text(excerpt(note.body, 2000)),
  ];
}

const decisionButtons = (requestId: string): CardAction[] => [
  execute('Approve', { cmd: `approve ${requestId}` }, 'positive'),
  execute('Reject', { cmd: `reject ${requestId}` }, 'destructive'),
];

/**
 * The approval card in the approval conversation: Approve / Reject while pending; once decided it
 * is updated in place to say who decided, when, and what happened.
 */
export function approvalCard(request: ApprovalRequest, resultText?: string): AdaptiveCard {
  const pending = request.status === 'pending';
  const status = pending
    ? `Waiting for an admin other than ${request.requesterId}; expires ${minute(request.expiresAt)}.`
    : `${capitalize(request.status)} by ${request.decidedBy}${request.decidedAt ? ` at ${minute(request.decidedAt)}` : ''}${request.decisionReason ? ` — ${request.decisionReason}` : ''}.`;
  return card(
    [
      heading(pending ? 'Approval needed' : `Request ${request.id} ${request.status}`),
      text(approvalSubject(request, english)),
      facts([
        ['Request', request.id],
        ['Asked by', request.requesterId],
        ['Notes', String(request.noteCount)],
      ]),
      ...(request.reason ? [text(`Reason: ${request.reason}`)] : []),
      text(status, { color: pending ? 'Default' : request.status === 'approved' ? 'Good' : 'Attention' }),
      ...(resultText ? lines(resultText) : []),
    ],
    pending ? decisionButtons(request.id) : [],
  );
}

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
