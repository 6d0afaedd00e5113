import type { NotesError } from '../../src/domain/errors.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import { renderCrmOutcome } from '../crm/renderCrm.js';
import { renderBackupOutcome } from './backupText.js';
import { renderIngestText } from './renderIngest.js';
import { day, listCount, minute, noteLine, pageLabel, plural } from './format.js';
import { jobListText, startedText, stoppingText } from './progressText.js';

/**
 * Plain-text rendering of an outcome: the console's output, and the fallback text Slack and
 * Teams show in notifications. Every note shown carries its id.
 */
export function renderText(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'help':
      return [
        `Commands for you (${outcome.role}):`,
        ...outcome.actions.map((a) => `  ${a.usage.padEnd(58)} ${a.summary}`),
        'Filters: record:<id> author:<@person> tag:<tag> before:<YYYY-MM-DD> after:<YYYY-MM-DD> text:"a phrase", bare words search the text.',
      ].join('\n');
    case 'note-added':
      return `Added note ${outcome.note.id} to ${outcome.note.recordId}${outcome.note.tags.length ? ` with tags ${outcome.note.tags.map((t) => `#${t}`).join(' ')}` : ''}.`;
    case 'note': {
      const n = outcome.note;
      return [
        `Note ${n.id} on ${n.recordId}${n.deletedAt ? ' — DELETED' : ''}`,
        `  by ${n.authorId}, ${minute(n.createdAt)}${n.updatedAt > n.createdAt ? `, updated ${minute(n.updatedAt)}` : ''}`,
        n.tags.length ? `  tags: ${n.tags.map((t) => `#${t}`).join(' ')}` : null,
        n.deletedAt ? `  deleted ${minute(n.deletedAt)} by ${n.deletedBy}${n.deleteReason ? ` (${n.deleteReason})` : ''}` : null,
        '',
        n.body,
      ]
        .filter((line) => line !== null)
        .join('\n');
    }
    case 'note-list': {
      const what = outcome.state === 'live' ? 'notes' : 'deleted notes';
      const filter = outcome.filterText ? ` matching ${outcome.filterText}` : '';
      if (outcome.seen === 0) return `No ${what}${filter}.`;
      const lines = [`${listCount(outcome, outcome.state === 'live' ? 'note' : 'deleted note')}${filter}${pageLabel(outcome)}:`];
      lines.push(...outcome.notes.map((n) => `  ${noteLine(n)}`));
      const base = `${outcome.state === 'live' ? 'list' : 'trash'}${outcome.filterText ? ` ${outcome.filterText}` : ''}`;
      const nav = [
        outcome.previous ? `previous: ${base} page:${outcome.previous}` : null,
        outcome.next ? `next: ${base} page:${outcome.next}` : null,
      ].filter(Boolean);
      if (nav.length) lines.push(`  (${nav.join(' · ')})`);
      if (outcome.state === 'deleted') lines.push('  "restore <noteId>" brings a note back.');
      return lines.join('\n');
    }
    case 'confirm-delete':
      return `Delete note ${outcome.note.id} on ${outcome.note.recordId}?\n  ${noteLine(outcome.note)}`;
    case 'confirm-plan': {
      const { plan } = outcome;
      const more = plan.noteIds.length - outcome.sample.length;
      return [
        `Bulk delete ${plan.id}: ${plural(plan.noteIds.length, 'note')} match ${plan.filterText}.`,
        ...outcome.sample.map((n) => `  ${noteLine(n)}`),
        more > 0 ? `  … and ${more} more` : null,
        outcome.needsApproval ? `More than the approval threshold: after you confirm, a second admin must approve.` : null,
        `Delete exactly these ${plural(plan.noteIds.length, 'note')}?`,
      ]
        .filter((line) => line !== null)
        .join('\n');
    }
    case 'note-deleted':
      return `Deleted note ${outcome.note.id} (${outcome.note.recordId}). Undo with: restore ${outcome.note.id}`;
    case 'plan-executed': {
      const p = outcome.plan;
      const skipped = p.skippedCount ? `, skipped ${p.skippedCount} (deleted or changed since the preview)` : '';
      return `Bulk delete ${p.id} done: deleted ${plural(p.deletedCount, 'note')}${skipped}. Undo with: undo ${p.id}`;
    }
    case 'approval-requested': {
      const r = outcome.request;
      return `Approval request ${r.id} sent: ${r.summary}. An admin other than you must approve it before ${minute(r.expiresAt)}.`;
    }
    case 'approval-decided': {
      const r = outcome.request;
      const head = `Request ${r.id} ${r.status} by ${r.decidedBy}${r.decisionReason ? ` (${r.decisionReason})` : ''}.`;
      return outcome.result ? `${head}\n${renderText(outcome.result)}` : head;
    }
    case 'approval-list':
      if (outcome.requests.length === 0) return 'No pending approval requests.';
      return [
        `${plural(outcome.requests.length, 'pending request')}:`,
        ...outcome.requests.map((r) => `  ${r.id}  ${r.summary}  — asked by ${r.requesterId}, expires ${minute(r.expiresAt)}`),
        '  "approve <requestId>" or "reject <requestId> [reason]".',
      ].join('\n');
    case 'cancelled':
      return outcome.what;
    case 'note-restored':
      return `Restored note ${outcome.note.id} on ${outcome.note.recordId}.`;
    case 'plan-undone':
      return `Undid bulk delete ${outcome.plan.id}: restored ${plural(outcome.restored, 'note')}.`;
    case 'role-list':
      return [
        `Admins: ${outcome.admins.map((a) => `${a.actorId}${a.grantedBy ? '' : ' (NOTES_ADMINS)'}`).join(', ') || 'none'}`,
        ...outcome.others.map((g) => `  ${g.actorId}: ${g.role}${g.grantedBy ? ` (set by ${g.grantedBy} on ${day(g.grantedAt!)})` : ''}`),
        `Everyone else: ${outcome.defaultRole}`,
      ].join('\n');
    case 'role-changed':
      return `${outcome.actorId} is now ${outcome.role} (was ${outcome.previous}).`;
    case 'audit-entries': {
      const lines = [`Audit — ${outcome.subject}:`];
      for (const note of outcome.notes) lines.push(`  note: ${noteLine(note, 200)}`);
      if (outcome.entries.length === 0) lines.push('  nothing recorded.');
      for (const e of outcome.entries) {
        const detail = auditDetail(e.details);
        lines.push(`  #${e.seq} ${minute(e.at)} ${e.actorId} ${e.action} ${e.targetIds.slice(0, 3).join(' ')}${e.targetIds.length > 3 ? ` (+${e.targetIds.length - 3})` : ''}${detail ? ` — ${detail}` : ''}`);
      }
      return lines.join('\n');
    }
    case 'audit-verified':
      return outcome.verdict.ok
        ? `Audit log intact: ${`${outcome.verdict.checked} entr${outcome.verdict.checked === 1 ? 'y' : 'ies'}`} checked, every hash and link matches.`
        : `AUDIT LOG BROKEN at entry #${outcome.verdict.brokenAt}: ${outcome.verdict.problem} (${outcome.verdict.checked} entries before it are intact).`;
    case 'backup-list':
    case 'backup-created':
    case 'backup-verified':
    case 'confirm-backup-restore':
    case 'backup-restored':
      return renderBackupOutcome(outcome);
    case 'crm-status':
    case 'crm-synced':
      return renderCrmOutcome(outcome);
    case 'import-done':
    case 'token-list':
    case 'token-created':
    case 'token-revoked':
      return renderIngestText(outcome);
    case 'message':
      return outcome.text;
    case 'operation-started':
      return startedText(outcome.operation);
    case 'job-list':
      return jobListText(outcome.operations, outcome.now);
    case 'job-stopping':
      return stoppingText(outcome.operation);
  }
}

function auditDetail(details: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of ['body', 'reason', 'filter', 'deleted', 'skipped', 'restored', 'role', 'previous', 'requesterId', 'summary']) {
    const value = details[key];
    if (value === null || value === undefined || value === '') continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    parts.push(`${key}: ${text.length > 80 ? `${text.slice(0, 79)}…` : text}`);
  }
  return parts.join('; ');
}

/** One line for a refused or failed command, with the usage under bad input. */
export function renderErrorText(error: NotesError): string {
  return error.usage ? `${error.message}\nUsage: ${error.usage}` : error.message;
}

export { day };
