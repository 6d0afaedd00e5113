import type { CrmConnectorStatus, CrmProblem, CrmSyncReport } from '../../src/ports/crm.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import { english, type Translator } from '../chat/i18n/index.js';

type CrmOutcome = Extract<Outcome, { kind: 'crm-status' | 'crm-synced' }>;

/** `crm status` and `crm sync` as text in the reader's language: the console's output and the Slack and Teams fallback. */
export function renderCrmOutcome(outcome: CrmOutcome, tr: Translator = english): string {
  if (outcome.kind === 'crm-synced') return outcome.reports.map((r) => syncLine(r, tr)).join('\n');
  return outcome.connectors.flatMap((c) => statusLines(c, tr)).join('\n');
}

function syncLine(r: CrmSyncReport, tr: Translator): string {
  const { t } = tr;
  const source = t(`crm.source.${r.source}`);
  const notes = t('crm.notes', { count: r.pulled });
  if (!r.ok) return t('crm.stopped', { source, notes, problem: crmProblemText(r.problem, tr) });
  return t('crm.pulled', { source, notes, added: r.added, updated: r.updated, unchanged: r.unchanged, pages: t('crm.pages', { count: r.pages }) });
}

function statusLines(c: CrmConnectorStatus, tr: Translator): string[] {
  const { t } = tr;
  const failed = c.lastSyncResult && !c.lastSyncResult.ok;
  const last = !c.lastSyncAt
    ? t('crm.neverSynced')
    : failed
      ? t('crm.lastSyncFailed', { at: tr.minute(c.lastSyncAt), problem: crmProblemText(c.lastSyncResult?.problem, tr) })
      : t('crm.lastSync', { at: tr.minute(c.lastSyncAt) });
  // The cursor's `since` is the CRM's own timestamp, shown as stored.
  const since = c.cursor?.since ?? t('crm.theBeginning');
  const cursor = !c.cursor
    ? t('crm.fromTheBeginning')
    : c.cursor.page
      ? t('crm.changesSincePage', { since, page: c.cursor.page })
      : t('crm.changesSince', { since });
  return [
    t('crm.connector', { source: t(`crm.source.${c.source}`), last, cursor }),
    `  ${t('crm.outbox', { pending: c.outbox.pending, sending: c.outbox.sending, failed: c.outbox.failed })}`,
    ...c.failures.map(
      (f) => `  ${t('crm.failure', { change: t(`crm.change.${f.change}`), noteId: f.noteId, attempts: t('crm.attempts', { count: f.attempts }), error: crmProblemText(f.error, tr) })}`,
    ),
  ];
}

/**
 * What went wrong with a CRM, in the reader's language. The vendor's code and message are data,
 * quoted as they came; a problem stored before the codes is an English string, shown as it was.
 */
export function crmProblemText(problem: CrmProblem | string | null | undefined, tr: Translator = english): string {
  const { t } = tr;
  if (!problem) return t('backup.unknownProblem');
  if (typeof problem === 'string') return problem;
  const vendor = [problem.vendorCode, problem.vendorMessage ? `“${problem.vendorMessage}”` : ''].filter(Boolean).join(' ');
  return t(`crm.problem.${problem.code}`, {
    crm: t(`crm.source.${problem.crm}`),
    status: problem.status ?? '?',
    setting: problem.setting ?? '',
    seconds: problem.seconds ?? 0,
    id: problem.externalId ?? '',
    detail: vendor || problem.detail || t('crm.problem.noDetail'),
  });
}

/** An audit entry's `error` detail of a CRM send: problems (data) worded, or the string older entries hold. */
export function crmAuditErrorText(value: unknown, tr: Translator = english): string | null {
  if (!Array.isArray(value)) return null;
  const problems = value.filter((p): p is CrmProblem => typeof p === 'object' && p !== null && 'code' in p && 'crm' in p);
  return problems.map((p) => crmProblemText(p, tr)).join(' | ');
}
