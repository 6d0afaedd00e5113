import { randomBytes } from 'node:crypto';
import type { ApprovalRequest } from '../../src/domain/approval.js';
import type { NotesError } from '../../src/domain/errors.js';
import type { DeletionPlan } from '../../src/domain/plan.js';
import type { Role } from '../../src/domain/roles.js';
import type { ApprovalDecision } from '../../src/ports/system.js';
import { english, type Translator } from './i18n/index.js';
import { problemOfParams, problemText } from './problemText.js';

/**
 * Sentences several renderers share: an error in the reader's language, what an approval request
 * would delete, a plan's filter. Platform renderers escape what these return for their markup.
 */

/** Parameters whose values are words of the catalog (roles, statuses, kinds of id) or instants. */
const TERM_SECTIONS: Record<string, 'roleName' | 'roleA' | 'status' | 'doing' | 'what'> = {
  required: 'roleName',
  previous: 'roleName',
  role: 'roleA',
  status: 'status',
  doing: 'doing',
  what: 'what',
};

/** One line for a refused or failed command, with the usage line under bad input. */
export function renderErrorText(error: Pick<NotesError, 'key' | 'params' | 'usage'>, tr: Translator = english): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(error.params)) {
    const section = TERM_SECTIONS[name];
    if (section) params[name] = tr.t(`${section}.${value}` as never);
    else if (name === 'at' && typeof value === 'string') params[name] = tr.minute(new Date(value));
    else if (name === 'on' && typeof value === 'string') params[name] = tr.day(new Date(value));
    else params[name] = value;
  }
  // A backup's problem travels as its code and fields (adapters/backups/reader.ts problemParams).
  if ('problemCode' in error.params) params.problem = problemText(problemOfParams(error.params), tr);
  const message = tr.t(`errors.${error.key}`, params);
  return error.usage ? `${message}\n${tr.t('errors.usageLine', { usage: tr.t(`actions.${error.usage}.usage`) })}` : message;
}

/**
 * An unexpected failure as the reader sees it: the catalog's sentence around a short incident id
 * (and the error's code, when it has a symbolic one such as ECONNREFUSED). The error's own message
 * is English and may hold internals: it goes to the log under the same id, never to the reader.
 */
export function renderUnexpectedText(error: unknown, incident: string, tr: Translator): string {
  const code = (error as { code?: unknown } | null)?.code;
  const named = typeof code === 'string' && /^[A-Z][A-Z0-9_]{2,40}$/.test(code) ? `${code} ` : '';
  return tr.t('errors.unexpected', { problem: `${named}${incident}` });
}

/** A short id for one unexpected failure, quoted to the reader and logged with the detail (`e-3fa9c1`). */
export const incidentId = () => `e-${randomBytes(3).toString('hex')}`;

/** What a request would delete. Requests stored before the catalog kept an English sentence instead. */
export function approvalSubject(request: ApprovalRequest, tr: Translator): string {
  const subject = request.subject;
  if (!subject) return request.summary ?? request.targetId;
  if ('recordId' in subject) return tr.t('approval.subjectNote', { targetId: request.targetId, ...subject });
  return tr.t('approval.subjectPlan', { targetId: request.targetId, count: request.noteCount, filter: filterLabel(subject.filterText, request.noteCount, tr) });
}

/** A plan's filter as typed, or "N selected notes" for a plan over ticked notes (no filter text). */
export function filterLabel(filterText: string, noteCount: number, tr: Translator): string {
  return filterText || tr.t('confirm.selectedNotes', { count: noteCount });
}

export const planFilterLabel = (plan: DeletionPlan, tr: Translator) => filterLabel(plan.filterText, plan.noteIds.length, tr);

export const roleName = (role: Role | string, tr: Translator) => tr.t(`roleName.${role as Role}`);

/** How a decided request ended, with the rejecter's reason. */
export function decisionText(request: ApprovalRequest, decision: ApprovalDecision, tr: Translator): string {
  if (decision === 'rejected' && request.decisionReason) return tr.t('approval.outcome.rejectedReason', { reason: request.decisionReason });
  return tr.t(`approval.outcome.${decision}`);
}

/** An approval's or plan's status word, e.g. "approved". */
export const statusWord = (status: string, tr: Translator) => tr.t(`status.${status as ApprovalRequest['status']}`);
