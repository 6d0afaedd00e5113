import { excerpt, type Note } from '../../../src/domain/note.js';
import type { Role } from '../../../src/domain/roles.js';
import type { Outcome } from '../../../src/usecases/outcomes.js';
import { canSelectNotes, noteButtonsFor } from '../buttons.js';
import { listCount, pageLabel, tagsText, untilText } from '../format.js';
import type { Translator } from '../i18n/index.js';
import { INPUT_LIMITS } from '../../../src/domain/input.js';
import { commandLine, listCommand, type Fact, type Inline, type ViewAction, type ViewBlock } from '../view.js';
import { person, withActors } from './actors.js';
import { type Built, type ViewContext } from './context.js';

/** Notes: lists, one note, and the answers to adding, deleting and restoring them. */

type NoteListOutcome = Extract<Outcome, { kind: 'note-list' }>;

/**
 * A list's buttons carry the list's own command, to read it again after a click (`refresh`): up
 * to this length. A list by a longer filter is not re-read (the click's answer still comes), so a
 * page of ten notes cannot carry ten copies of an 8,000-character filter past a card's size limit.
 */
const REFRESH_MAX = 500;

/** Characters of a filter a title quotes. */
const FILTER_SHOWN = 300;

const shortened = (filter: string) => (filter.length <= FILTER_SHOWN ? filter : `${filter.slice(0, FILTER_SHOWN - 1)}…`);

/** Delete or Restore for one note, by the shared rule of who sees which (adapters/chat/buttons.ts). */
function noteActions(note: Note, role: Role, tr: Translator, refresh?: string): ViewAction[] {
  const offer = noteButtonsFor(note, role);
  const on = refresh ? { refresh } : {};
  if (offer.delete) return [{ label: tr.t('card.delete'), intent: { do: 'delete', noteId: note.id }, style: 'danger', ...on }];
  if (offer.restore) return [{ label: tr.t('card.restore'), intent: { do: 'restore', noteId: note.id }, style: 'primary', ...on }];
  return [];
}

/** A list row's heading: id first (people type it back into `show`, `delete`, `restore`), then record, author, day, tags. */
export function noteHeading(note: Note, tr: Translator): Inline[] {
  const runs: Inline[] = [{ id: note.id }, ' · ', { strong: note.recordId }, ' · ', { actor: note.authorId }, ` · ${tr.day(note.createdAt)}`];
  if (note.tags.length) runs.push(` · ${tagsText(note.tags)}`);
  if (note.deletedAt) runs.push(' · ', ...withActors(tr, 'card.deletedOnBy', { on: tr.day(note.deletedAt), by: person(note.deletedBy) }));
  return runs;
}

export const noteItem = (note: Note, tr: Translator, actions: ViewAction[] = []): ViewBlock => ({
  type: 'item',
  key: note.id,
  heading: noteHeading(note, tr),
  detail: excerpt(note.body, 200),
  actions,
});

/** Everything known about one note, its whole body last. */
export function noteDetails(note: Note, tr: Translator): ViewBlock[] {
  const { t } = tr;
  const facts: Fact[] = [
    { label: t('card.fact.note'), value: note.id },
    { label: t('card.fact.record'), value: note.recordId },
    { label: t('card.fact.author'), value: [{ actor: note.authorId }] },
    { label: t('card.fact.created'), value: tr.minute(note.createdAt) },
    { label: t('card.fact.tags'), value: tagsText(note.tags) },
    { label: t('card.fact.deleted'), value: note.deletedAt ? withActors(tr, 'card.atBy', { at: tr.minute(note.deletedAt), by: person(note.deletedBy) }) : '' },
    { label: t('card.reason'), value: note.deleteReason ?? '' },
  ].filter((fact) => fact.value !== '');
  return [{ type: 'facts', facts }, { type: 'body', text: note.body }];
}

export function noteListView(outcome: NoteListOutcome, { tr }: ViewContext): Built {
  const { t } = tr;
  const live = outcome.state === 'live';
  // The filter as the title quotes it: whoever asked knows it; the whole of an 8,000-character one would crowd out the notes.
  const filter = shortened(outcome.filterText);
  if (outcome.seen === 0) {
    const none = filter ? t(live ? 'list.noneLiveMatching' : 'list.noneDeletedMatching', { filter }) : t(live ? 'list.noneLive' : 'list.noneDeleted');
    return { title: none, tone: 'muted' };
  }
  const listed = listCommand(outcome, String(outcome.page));
  const here = listed.length <= REFRESH_MAX ? listed : undefined;
  const blocks: ViewBlock[] = outcome.notes.map((note) => noteItem(note, tr, noteActions(note, outcome.role, tr, here)));
  if (canSelectNotes(outcome.state, outcome.role) && outcome.notes.length > 0) {
    blocks.push({
      type: 'selection',
      options: outcome.notes.map((note) => ({ value: note.id, label: `${note.id} · ${note.recordId} · ${excerpt(note.body, 40)}` })),
      placeholder: t('card.selectPlaceholder'),
      submit: { label: t('card.deleteSelected'), intent: { do: 'delete-selected' }, style: 'danger', ...(here ? { refresh: here } : {}) },
    });
  }
  if (!live) blocks.push({ type: 'text', text: t('list.restoreHint'), style: 'subtle' });
  const pages = [outcome.previous && pageAction(outcome, outcome.previous, 'previous', tr), outcome.next && pageAction(outcome, outcome.next, 'next', tr)].filter(
    (action): action is ViewAction => Boolean(action),
  );
  // A page command longer than the grammar takes would be refused when clicked: the tokens are typed instead.
  const fits = pages.every((action) => commandLine(action.intent).length <= INPUT_LIMITS.command);
  if (!fits) {
    const tokens = [outcome.previous, outcome.next].filter((token): token is string => Boolean(token)).map((token) => `page:${token}`);
    blocks.push({ type: 'text', text: t('list.typePages', { pages: tr.join(tokens) }), style: 'subtle' });
  }
  const actions = fits ? pages : [];
  const title = `${listCount(outcome, tr)}${filter ? t('list.matching', { filter }) : ''}${pageLabel(outcome, tr)}`;
  return { title, tone: live ? 'neutral' : 'muted', blocks, actions };
}

function pageAction(outcome: NoteListOutcome, page: string, direction: 'previous' | 'next', tr: Translator): ViewAction {
  return {
    label: tr.t(direction === 'previous' ? 'card.previous' : 'card.next'),
    intent: { do: 'page', page: { state: outcome.state, filterText: outcome.filterText, page }, direction },
  };
}

export function noteView(note: Note, role: Role, { tr }: ViewContext): Built {
  const title = tr.t(note.deletedAt ? 'card.noteHeadingDeleted' : 'card.noteHeading', { id: note.id });
  return { title, tone: note.deletedAt ? 'muted' : 'neutral', blocks: noteDetails(note, tr), actions: noteActions(note, role, tr) };
}

export function noteAddedView(note: Note, { tr }: ViewContext): Built {
  const title = note.tags.length ? tr.t('note.addedTags', { id: note.id, recordId: note.recordId, tags: tagsText(note.tags) }) : tr.t('note.added', { id: note.id, recordId: note.recordId });
  return { title, tone: 'good', blocks: noteDetails(note, tr) };
}

export function confirmDeleteView(outcome: Extract<Outcome, { kind: 'confirm-delete' }>, { tr, now }: ViewContext): Built {
  const { t } = tr;
  const { note, confirmationId } = outcome;
  return {
    title: t('card.deleteThisNote'),
    tone: 'warning',
    blocks: [...noteDetails(note, tr), { type: 'text', text: t('card.toTrash', { until: untilText(outcome.expiresAt, now, tr) }), style: 'subtle' }],
    actions: [
      {
        label: t('card.delete'),
        intent: { do: 'confirm', confirmationId },
        style: 'danger',
        confirm: { title: t('card.confirmTitle'), text: t('card.confirmDeleteDialog', { id: note.id }), yes: t('card.delete'), no: t('card.keepIt') },
      },
      { label: t('card.cancel'), intent: { do: 'cancel', confirmationId } },
    ],
  };
}

export function confirmPlanView(outcome: Extract<Outcome, { kind: 'confirm-plan' }>, { tr, now }: ViewContext): Built {
  const { t } = tr;
  const { plan, sample, confirmationId } = outcome;
  const count = plan.noteIds.length;
  const more = count - sample.length;
  const blocks: ViewBlock[] = sample.map((note) => noteItem(note, tr));
  if (more > 0) blocks.push({ type: 'text', text: t('format.more', { count: more }), style: 'subtle' });
  if (outcome.needsApproval) blocks.push({ type: 'text', text: t('card.aboveThreshold'), tone: 'warning' });
  blocks.push({ type: 'text', text: t('card.exactlyThese', { until: untilText(outcome.expiresAt, now, tr) }), style: 'subtle' });
  const label = outcome.needsApproval ? t('card.requestApproval') : t('card.deleteCount', { count });
  return {
    title: plan.filterText ? t('card.planHead', { planId: plan.id, count, filter: shortened(plan.filterText) }) : t('card.planHeadSelected', { planId: plan.id, count }),
    tone: 'warning',
    blocks,
    actions: [
      {
        label,
        intent: { do: 'confirm', confirmationId },
        style: 'danger',
        confirm: { title: t('card.confirmTitle'), text: t('card.confirmBulkDialog', { count }), yes: label, no: t('card.keepIt') },
      },
      { label: t('card.cancel'), intent: { do: 'cancel', confirmationId } },
    ],
  };
}

export function noteDeletedView(note: Note, { tr }: ViewContext): Built {
  return {
    title: tr.t('note.deletedDone', { id: note.id, recordId: note.recordId }),
    tone: 'good',
    actions: [{ label: tr.t('card.undo'), intent: { do: 'undo-delete', noteId: note.id } }],
  };
}

export function planExecutedView(outcome: Extract<Outcome, { kind: 'plan-executed' }>, { tr }: ViewContext): Built {
  const { t } = tr;
  const p = outcome.plan;
  return {
    title: t(p.skippedCount ? 'plan.doneSkipped' : 'plan.done', { planId: p.id, count: p.deletedCount, skipped: p.skippedCount }),
    tone: 'good',
    blocks: [{ type: 'text', text: t('plan.undoHint', { planId: p.id }), style: 'subtle' }],
    actions: [{ label: t('card.undo'), intent: { do: 'undo-plan', planId: p.id } }],
  };
}
