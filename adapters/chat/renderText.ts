import { isLocale } from '../../src/domain/locale.js';
import { isRole } from '../../src/domain/roles.js';
import type { ChannelLocaleChoice } from '../../src/usecases/language.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import { crmAuditErrorText, renderCrmOutcome } from '../crm/renderCrm.js';
import { renderBackupOutcome } from './backupText.js';
import { renderIngestText } from './renderIngest.js';
import { chainProblemText } from './problemText.js';
import { jobListText, startedText, stoppingText } from './progressText.js';
import { followedBy, listCount, noteLine, padToColumn, pageLabel, tagsText } from './format.js';
import { english, type Translator } from './i18n/index.js';
import { approvalSubject, roleName, statusWord } from './words.js';

/** Where help's summaries start, in terminal columns (usages longer than this push theirs along). */
const HELP_SUMMARY_COLUMN = 58;

/**
 * Plain-text rendering of an outcome, in the reader's language: the console's output, and the
 * fallback text Slack and Teams show in notifications. Every note shown carries its id.
 */
export function renderText(outcome: Outcome, tr: Translator = english): string {
  const { t } = tr;
  switch (outcome.kind) {
    case 'help':
      return [
        t('help.heading', { role: roleName(outcome.role, tr) }),
        ...outcome.actions.map((a) => `  ${padToColumn(t(`actions.${a.name}.usage`), HELP_SUMMARY_COLUMN)} ${t(`actions.${a.name}.summary`)}`),
        t('help.filters'),
        t('help.language', { language: t(`language.${tr.locale}`) }),
      ].join('\n');
    case 'note-added': {
      const n = outcome.note;
      return n.tags.length ? t('note.addedTags', { id: n.id, recordId: n.recordId, tags: tagsText(n.tags) }) : t('note.added', { id: n.id, recordId: n.recordId });
    }
    case 'note': {
      const n = outcome.note;
      const by = { authorId: n.authorId, created: tr.minute(n.createdAt), updated: tr.minute(n.updatedAt) };
      const deleted = n.deletedAt ? { at: tr.minute(n.deletedAt), by: n.deletedBy ?? '?', reason: n.deleteReason ?? '' } : null;
      return [
        t(n.deletedAt ? 'note.headingDeleted' : 'note.heading', { id: n.id, recordId: n.recordId }),
        `  ${t(n.updatedAt > n.createdAt ? 'note.byUpdated' : 'note.by', by)}`,
        n.tags.length ? `  ${t('note.tags', { tags: tagsText(n.tags) })}` : null,
        deleted ? `  ${t(n.deleteReason ? 'note.deletedReason' : 'note.deleted', deleted)}` : null,
        '',
        n.body,
      ]
        .filter((line) => line !== null)
        .join('\n');
    }
    case 'note-list':
      return noteListText(outcome, tr);
    case 'confirm-delete':
      return `${t('confirm.deleteNote', { id: outcome.note.id, recordId: outcome.note.recordId })}\n  ${noteLine(outcome.note, 100, tr)}`;
    case 'confirm-plan': {
      const { plan } = outcome;
      const count = plan.noteIds.length;
      const more = count - outcome.sample.length;
      return [
        // Ticked notes have no filter to match: "the 2 selected notes", not "2 notes match 2 selected notes".
        plan.filterText ? t('confirm.planHead', { planId: plan.id, count, filter: plan.filterText }) : t('confirm.planHeadSelected', { planId: plan.id, count }),
        ...outcome.sample.map((n) => `  ${noteLine(n, 100, tr)}`),
        more > 0 ? `  ${t('format.more', { count: more })}` : null,
        outcome.needsApproval ? t('confirm.aboveThreshold') : null,
        t('confirm.exactly', { count }),
      ]
        .filter((line) => line !== null)
        .join('\n');
    }
    case 'note-deleted':
      return t('note.deletedDone', { id: outcome.note.id, recordId: outcome.note.recordId });
    case 'plan-executed': {
      const p = outcome.plan;
      const done = t(p.skippedCount ? 'plan.doneSkipped' : 'plan.done', { planId: p.id, count: p.deletedCount, skipped: p.skippedCount });
      return followedBy(done, t('plan.undoHint', { planId: p.id }), tr);
    }
    case 'approval-requested': {
      const r = outcome.request;
      return t('approval.requested', { id: r.id, subject: approvalSubject(r, tr), expires: tr.minute(r.expiresAt) });
    }
    case 'approval-decided': {
      const r = outcome.request;
      const decided = { id: r.id, status: statusWord(r.status, tr), by: r.decidedBy ?? '?', reason: r.decisionReason ?? '' };
      const head = t(r.decisionReason ? 'approval.decidedReason' : 'approval.decided', decided);
      return outcome.result ? `${head}\n${renderText(outcome.result, tr)}` : head;
    }
    case 'approval-list':
      if (outcome.requests.length === 0) return t('approval.none');
      return [
        t('format.heading', { text: t('approval.pending', { count: outcome.requests.length }) }),
        ...outcome.requests.map(
          (r) => `  ${t('approval.listLine', { id: r.id, subject: approvalSubject(r, tr), requesterId: r.requesterId, expires: tr.minute(r.expiresAt) })}`,
        ),
        `  ${t('approval.listHint')}`,
      ].join('\n');
    case 'cancelled':
      return cancelledText(outcome.action, tr);
    case 'note-restored':
      return t('note.restored', { id: outcome.note.id, recordId: outcome.note.recordId });
    case 'plan-undone':
      return t('plan.undone', { planId: outcome.plan.id, count: outcome.restored });
    case 'role-list':
      return [
        t('roles.admins', {
          admins: tr.join(outcome.admins.map((a) => (a.grantedBy ? a.actorId : t('roles.bootstrap', { actorId: a.actorId })))) || t('format.none'),
        }),
        ...outcome.others.map(
          (g) =>
            `  ${t(g.grantedBy ? 'roles.grantLineBy' : 'roles.grantLine', { actorId: g.actorId, role: roleName(g.role, tr), by: g.grantedBy ?? '', on: g.grantedAt ? tr.day(g.grantedAt) : '' })}`,
        ),
        t('roles.everyoneElse', { role: roleName(outcome.defaultRole, tr) }),
      ].join('\n');
    case 'role-changed':
      // Granting someone the role they already hold changes nothing; say so rather than "now admin (was admin)".
      return outcome.previous === outcome.role
        ? t('roles.unchanged', { actorId: outcome.actorId, role: t(`roleA.${outcome.role}`) })
        : t('roles.changed', { actorId: outcome.actorId, role: roleName(outcome.role, tr), previous: roleName(outcome.previous, tr) });
    case 'audit-entries':
      return auditText(outcome, tr);
    case 'audit-verified': {
      const v = outcome.verdict;
      return v.ok
        ? t('audit.intact', { count: v.checked })
        : t('audit.broken', { at: v.brokenAt ?? '?', problem: chainProblemText(v.problem, tr), checked: v.checked });
    }
    case 'backup-list':
    case 'backup-created':
    case 'backup-verified':
    case 'confirm-backup-restore':
    case 'backup-restored':
      return renderBackupOutcome(outcome, tr);
    case 'language':
      return languageText(outcome, tr);
    case 'channel-language':
      return channelLanguageText(outcome, tr);
    case 'crm-status':
    case 'crm-synced':
      return renderCrmOutcome(outcome, tr);
    case 'import-done':
    case 'token-list':
    case 'token-created':
    case 'token-revoked':
      return renderIngestText(outcome, tr);
    case 'message':
      return outcome.text;
    case 'operation-started':
      return startedText(outcome.operation, tr);
    case 'job-list':
      return jobListText(outcome.operations, outcome.now, tr);
    case 'job-stopping':
      return stoppingText(outcome.operation, tr);
  }
}

function noteListText(outcome: Extract<Outcome, { kind: 'note-list' }>, tr: Translator): string {
  const { t } = tr;
  const live = outcome.state === 'live';
  const filter = outcome.filterText;
  if (outcome.seen === 0) {
    if (!filter) return t(live ? 'list.noneLive' : 'list.noneDeleted');
    return t(live ? 'list.noneLiveMatching' : 'list.noneDeletedMatching', { filter });
  }
  const matching = filter ? t('list.matching', { filter }) : '';
  const lines = [t('format.heading', { text: `${listCount(outcome, tr)}${matching}${pageLabel(outcome, tr)}` })];
  lines.push(...outcome.notes.map((n) => `  ${noteLine(n, 100, tr)}`));
  const base = `${live ? 'list' : 'trash'}${filter ? ` ${filter}` : ''}`;
  const nav = [
    outcome.previous ? t('list.previous', { command: `${base} page:${outcome.previous}` }) : null,
    outcome.next ? t('list.next', { command: `${base} page:${outcome.next}` }) : null,
  ].filter(Boolean);
  if (nav.length) lines.push(`  ${t('list.nav', { links: nav.join(t('list.navSeparator')) })}`);
  if (!live) lines.push(`  ${t('list.restoreHint')}`);
  return lines.join('\n');
}

function cancelledText(action: Extract<Outcome, { kind: 'cancelled' }>['action'], tr: Translator): string {
  switch (action.type) {
    case 'run-plan':
      return tr.t('cancelled.plan', { planId: action.planId });
    case 'delete-note':
      return tr.t('cancelled.note', { noteId: action.noteId });
    case 'restore-backup':
      return tr.t('cancelled.backup', { backupId: action.backupId });
  }
}

function auditText(outcome: Extract<Outcome, { kind: 'audit-entries' }>, tr: Translator): string {
  const { t } = tr;
  const q = outcome.query;
  const subject =
    q.kind === 'recent'
      ? t('audit.subjectRecent')
      : q.kind === 'note'
        ? t('audit.subjectNote', { noteId: q.noteId })
        : q.kind === 'actor'
          ? t('audit.subjectActor', { actorId: q.actorId })
          : t('audit.subjectSince', { day: tr.day(q.since) });
  const lines = [t('audit.heading', { subject })];
  for (const note of outcome.notes) lines.push(`  ${t('audit.noteLine', { line: noteLine(note, 200, tr) })}`);
  if (outcome.entries.length === 0) lines.push(`  ${t('audit.nothing')}`);
  for (const e of outcome.entries) {
    // Action names, detail keys and values are the log's own data, shown as recorded.
    const detail = auditDetail(e.details, tr);
    const more = e.targetIds.length > 3 ? t('audit.moreTargets', { count: e.targetIds.length - 3 }) : '';
    const targets = `${e.targetIds.slice(0, 3).join(' ')}${more}`;
    lines.push(`  #${e.seq} ${tr.minute(e.at)} ${e.actorId} ${t(`audit.action.${e.action}`)} ${targets}${detail ? t('audit.detail', { detail }) : ''}`);
  }
  return lines.join('\n');
}

const DETAIL_FIELDS = [
  'body',
  'reason',
  'filter',
  'deleted',
  'skipped',
  'restored',
  'role',
  'previous',
  'requesterId',
  'subject',
  'summary',
  // What the CRM outbox sent (crm.send, crm.giveUp).
  'source',
  'change',
  'result',
  'attempt',
  'crmIds',
  'error',
  // A channel's language setting (channel.lang).
  'locale',
  'previousLocale',
] as const;
const CRM_CHANGES = ['delete', 'restore', 'recreate'] as const;
const CRM_RESULTS = ['done', 'partial', 'retry', 'failed'] as const;

/** The details people look for, labelled in the reader's language; values are the log's data. */
function auditDetail(details: Record<string, unknown>, tr: Translator): string {
  const parts: string[] = [];
  for (const key of DETAIL_FIELDS) {
    const value = details[key];
    if (value === null || value === undefined || value === '') continue;
    const text = detailValue(key, value, tr);
    parts.push(tr.t('format.label', { label: tr.t(`audit.field.${key}`), value: text.length > 80 ? `${text.slice(0, 79)}…` : text }));
  }
  return parts.join(tr.t('format.detailSeparator'));
}

function detailValue(key: string, value: unknown, tr: Translator): string {
  if ((key === 'role' || key === 'previous') && typeof value === 'string' && isRole(value)) return roleName(value, tr);
  if (key === 'change' && CRM_CHANGES.includes(value as never)) return tr.t(`audit.crmChange.${value as (typeof CRM_CHANGES)[number]}`);
  if (key === 'result' && CRM_RESULTS.includes(value as never)) return tr.t(`audit.crmResult.${value as (typeof CRM_RESULTS)[number]}`);
  if (key === 'crmIds' && Array.isArray(value)) return value.join(' ');
  if (key === 'error' && Array.isArray(value)) return crmAuditErrorText(value, tr) ?? '';
  // A channel's language as recorded: a locale code, or 'default' when it had none of its own.
  if (key === 'locale' || key === 'previousLocale') return isLocale(value) ? tr.t(`language.${value}`) : tr.t('lang.channel.noneOwn');
  if (key === 'subject' && typeof value === 'object' && value !== null) {
    const subject = value as { recordId?: string; excerpt?: string; filterText?: string };
    if (subject.recordId !== undefined) return tr.t('audit.recordExcerpt', { recordId: subject.recordId, excerpt: subject.excerpt ?? '' });
    if (subject.filterText !== undefined) return subject.filterText;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function languageText(outcome: Extract<Outcome, { kind: 'language' }>, tr: Translator): string {
  if (outcome.changed) return tr.t('lang.set');
  const own = tr.t('lang.shown', { language: tr.t(`language.${outcome.locale}`), source: tr.t(`lang.source.${outcome.source}`) });
  // Asked in a channel: the language everyone there reads the bot's posts in, which may differ.
  return outcome.channel ? `${own}\n${channelShown(outcome.channel, tr)}` : own;
}

function channelShown(channel: ChannelLocaleChoice, tr: Translator): string {
  return tr.t('lang.channel.shown', { language: tr.t(`language.${channel.locale}`), source: tr.t(`lang.channel.source.${channel.source}`) });
}

function channelLanguageText(outcome: Extract<Outcome, { kind: 'channel-language' }>, tr: Translator): string {
  const language = tr.t(`language.${outcome.locale}`);
  if (!outcome.changed) return channelShown(outcome, tr);
  return tr.t(outcome.source === 'channel' ? 'lang.channel.set' : 'lang.channel.cleared', { language });
}

export { renderErrorText } from './words.js';
