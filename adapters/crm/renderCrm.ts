import type { Outcome } from '../../src/usecases/outcomes.js';
import { minute, plural } from '../chat/format.js';

type CrmOutcome = Extract<Outcome, { kind: 'crm-status' | 'crm-synced' }>;

/** `crm status` and `crm sync` as text: the console's output and the Slack and Teams fallback. */
export function renderCrmOutcome(outcome: CrmOutcome): string {
  if (outcome.kind === 'crm-synced') {
    return outcome.reports
      .map((r) =>
        r.ok
          ? `${r.source}: pulled ${plural(r.pulled, 'note')} (${r.added} new, ${r.updated} updated, ${r.unchanged} unchanged) in ${plural(r.pages, 'page')}.`
          : `${r.source}: sync stopped after ${plural(r.pulled, 'note')}: ${r.problem ?? 'unknown problem'}. The next run goes on from where it stopped.`,
      )
      .join('\n');
  }
  const lines: string[] = [];
  for (const c of outcome.connectors) {
    const last = c.lastSyncAt ? `last sync ${minute(c.lastSyncAt)}${c.lastSyncResult && !c.lastSyncResult.ok ? ` FAILED (${c.lastSyncResult.problem ?? 'unknown'})` : ''}` : 'never synced';
    const cursor = c.cursor ? `changes since ${c.cursor.since ?? 'the beginning'}${c.cursor.page ? `, page ${c.cursor.page}` : ''}` : 'from the beginning';
    lines.push(`${c.source}: ${last}; next pull: ${cursor}.`);
    lines.push(`  outbox: ${c.outbox.pending} pending, ${c.outbox.sending} sending, ${c.outbox.failed} failed.`);
    for (const f of c.failures) lines.push(`  failed: ${f.change} of note ${f.noteId} after ${plural(f.attempts, 'attempt')}: ${f.error}`);
  }
  return lines.join('\n');
}
