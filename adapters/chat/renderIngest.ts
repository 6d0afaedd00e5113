import type { Outcome } from '../../src/usecases/outcomes.js';
import { minute } from './format.js';

type IngestOutcome = Extract<Outcome, { kind: 'import-done' | 'token-list' | 'token-created' | 'token-revoked' }>;

const n = (count: number) => count.toLocaleString('en-US');

/** Imports and API tokens as text (the console's output, Slack's and Teams' fallback). */
export function renderIngestText(outcome: IngestOutcome): string {
  switch (outcome.kind) {
    case 'import-done': {
      const r = outcome.report;
      const lines = [
        `Imported ${r.file} (${r.format}): ${n(r.rows)} rows — ${n(r.created)} new, ${n(r.updated)} updated, ${n(r.unchanged)} unchanged, ${n(r.inTrash)} left in the trash, ${n(r.skipped)} skipped.`,
        ...r.problems.map((p) => `  line ${p.line}: ${p.problem}`),
      ];
      if (r.skipped > r.problems.length) lines.push(`  … and ${n(r.skipped - r.problems.length)} more bad rows.`);
      return lines.join('\n');
    }
    case 'token-list':
      if (!outcome.tokens.length) return 'No API tokens. "tokens create <name>" makes one.';
      return ['API tokens (each acts as a member):', ...outcome.tokens.map((t) => `  ${t.name} — acts as ${t.actorId}, created ${minute(t.createdAt)} by ${t.createdBy}`)].join('\n');
    case 'token-created':
      return [
        `Token ${outcome.name} created; it acts as ${outcome.actorId} with the member role. Copy it now: it is stored hashed and never shown again.`,
        `  ${outcome.token}`,
        'Send it as "Authorization: Bearer <token>" to /api/v1/notes.',
      ].join('\n');
    case 'token-revoked':
      return `Token ${outcome.name} revoked: requests carrying it are refused from now on.`;
  }
}
