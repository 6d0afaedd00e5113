import type { AuditInput } from '../../src/domain/audit.js';
import type { CrmProblem, CrmSource, PushResult } from '../../src/ports/crm.js';
import type { OutboxEntry } from '../../src/ports/crmOutbox.js';

/** The bot's own actor for what the outbox does on its own schedule. */
export const CRM_OUTBOX_ACTOR = 'system:crm-outbox';

/** What one entry of a batch came to, as the audit records it (language-neutral data). */
export type SendResult = 'done' | 'gone' | 'recreated' | 'retry' | 'failed';

export interface SentEntry {
  entry: OutboxEntry;
  result: SendResult;
  /** The CRM's new id of a re-created note. */
  newExternalId?: string;
  error?: CrmProblem;
}

/** The distinct problems of a batch, at most three: data the audit keeps, worded when shown. */
function problemsOf(sent: SentEntry[]): CrmProblem[] {
  const seen = new Map<string, CrmProblem>();
  for (const { error } of sent) if (error) seen.set(JSON.stringify(error), error);
  return [...seen.values()].slice(0, 3);
}

/** How a whole batch went: every entry done (`done`), none (`retry` / `failed`), or a mix (`partial`). */
function batchResult(sent: SentEntry[]): string {
  const landed = sent.filter((s) => s.result === 'done' || s.result === 'gone' || s.result === 'recreated').length;
  if (landed === sent.length) return 'done';
  if (landed > 0) return 'partial';
  return sent.some((s) => s.result === 'retry') ? 'retry' : 'failed';
}

const countOf = (sent: SentEntry[], result: SendResult) => sent.filter((s) => s.result === result).length;

/**
 * The audit entry of one batch sent to a CRM: its notes are the targets (so `audit note:<id>`
 * shows when the CRM heard of a delete), the details name the CRM ids, the attempt and what came
 * of it. Appended under the batch's key, so the sender and a drain reconciling after a crash
 * record it once between them.
 */
export function sendAuditEntry(source: CrmSource, sent: SentEntry[], reconciled: boolean): AuditInput {
  const first = sent[0].entry;
  const recreated = sent.filter((s) => s.result === 'recreated').map((s) => ({ noteId: s.entry.noteId, previousCrmId: s.entry.externalId, crmId: s.newExternalId }));
  return {
    actorId: CRM_OUTBOX_ACTOR,
    platform: 'system',
    action: 'crm.send',
    targetIds: sent.map((s) => s.entry.noteId),
    details: {
      source,
      change: recreated.length ? 'recreate' : first.change,
      crmIds: sent.map((s) => s.entry.externalId),
      attempt: Math.max(...sent.map((s) => s.entry.attempts)),
      result: batchResult(sent),
      outcomes: { done: countOf(sent, 'done'), gone: countOf(sent, 'gone'), recreated: recreated.length, retry: countOf(sent, 'retry'), failed: countOf(sent, 'failed') },
      ...(recreated.length ? { recreated } : {}),
      ...(problemsOf(sent).length ? { error: problemsOf(sent) } : {}),
      ...(reconciled ? { reconciled: true } : {}),
    },
  };
}

/** The audit entry of the entries of a batch that will not be sent again. */
export function giveUpAuditEntry(source: CrmSource, gaveUp: SentEntry[]): AuditInput {
  return {
    actorId: CRM_OUTBOX_ACTOR,
    platform: 'system',
    action: 'crm.giveUp',
    targetIds: gaveUp.map((s) => s.entry.noteId),
    details: {
      source,
      change: gaveUp[0].entry.change,
      crmIds: gaveUp.map((s) => s.entry.externalId),
      attempt: Math.max(...gaveUp.map((s) => s.entry.attempts)),
      result: 'failed',
      error: problemsOf(gaveUp),
    },
  };
}

/** The entry's result as the audit names it, from the connector's answer. */
export function sendResultOf(result: PushResult): SendResult {
  return result.outcome === 'failed' ? (result.retryable ? 'retry' : 'failed') : result.outcome;
}
