import type { Outcome } from '../../../src/usecases/outcomes.js';
import { renderText } from '../renderText.js';
import type { MessageView } from '../view.js';
import { approvalDecidedView, approvalListView, approvalRequestedView } from './approvals.js';
import { backupView } from './backups.js';
import { complete, textView, type Built, type ViewContext } from './context.js';
import {
  confirmDeleteView,
  confirmPlanView,
  noteAddedView,
  noteDeletedView,
  noteListView,
  noteView,
  planExecutedView,
} from './notes.js';

export { approvalCardView } from './approvals.js';
export { progressView } from './progress.js';
export { textView, type ViewContext } from './context.js';

/**
 * Outcome -> view, for every platform: the one place that decides what an answer says, in which
 * order, and which buttons it offers to whom. Kinds whose answer is text (audit pages, role lists,
 * CRM and import reports, jobs) become a text view of the shared plain-text rendering, so every
 * platform says exactly what the console says.
 */
export function outcomeView(outcome: Outcome, ctx: ViewContext): MessageView {
  const text = renderText(outcome, ctx.tr);
  if (outcome.kind === 'approval-decided') {
    // The card as it now stands; its plain text stays the decider's answer (what their click did).
    return { ...approvalDecidedView(outcome, ctx, outcome.result ? outcomeView(outcome.result, ctx) : null), text };
  }
  const built = structured(outcome, ctx);
  return built ? complete(built, text) : textView(text);
}

function structured(outcome: Outcome, ctx: ViewContext): Built | null {
  const { t } = ctx.tr;
  const done = (title: string): Built => ({ title, tone: 'good', blocks: text(renderText(outcome, ctx.tr), title) });
  switch (outcome.kind) {
    case 'help':
      return {
        title: t('help.title', { role: t(`roleName.${outcome.role}`) }),
        tone: 'neutral',
        blocks: [
          ...outcome.actions.map((a) => ({ type: 'item' as const, key: a.name, heading: [{ strong: t(`actions.${a.name}.usage`) }], detail: t(`actions.${a.name}.summary`), actions: [] })),
          { type: 'text', text: t('help.filters'), style: 'subtle' },
          { type: 'text', text: t('help.language', { language: t(`language.${ctx.tr.locale}`) }), style: 'subtle' },
        ],
      };
    case 'note-list':
      return noteListView(outcome, ctx);
    case 'note':
      return noteView(outcome.note, outcome.role, ctx);
    case 'note-added':
      return noteAddedView(outcome.note, ctx);
    case 'confirm-delete':
      return confirmDeleteView(outcome, ctx);
    case 'confirm-plan':
      return confirmPlanView(outcome, ctx);
    case 'note-deleted':
      return noteDeletedView(outcome.note, ctx);
    case 'plan-executed':
      return planExecutedView(outcome, ctx);
    case 'approval-requested':
      return approvalRequestedView(outcome.request, ctx);
    case 'approval-list':
      return approvalListView(outcome.requests, ctx);
    case 'cancelled':
      return { title: renderText(outcome, ctx.tr), tone: 'muted' };
    case 'note-restored':
    case 'plan-undone':
    case 'role-changed':
    case 'language':
    case 'channel-language': {
      const [title = ''] = renderText(outcome, ctx.tr).split('\n');
      return done(title);
    }
    case 'backup-list':
    case 'backup-created':
    case 'backup-verified':
    case 'confirm-backup-restore':
    case 'backup-restored':
      return backupView(outcome, ctx);
    default:
      return null;
  }
}

/** What follows a text's first line (already the title), as one paragraph, or nothing. */
function text(whole: string, title: string) {
  const rest = whole.startsWith(title) ? whole.slice(title.length).replace(/^\n/, '') : whole;
  return rest.trim() ? [{ type: 'text' as const, text: rest }] : [];
}

/** A refusal or failure: its first line the title, usage and detail under it. */
export const errorView = (message: string): MessageView => textView(message, 'attention');
