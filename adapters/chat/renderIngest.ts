import type { ImportProblem } from '../../src/usecases/importNotes.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import { english, type Translator } from './i18n/index.js';
import { renderErrorText } from './words.js';

type IngestOutcome = Extract<Outcome, { kind: 'import-done' | 'token-list' | 'token-created' | 'token-revoked' }>;

/** Imports and API tokens as text (the console's output, Slack's and Teams' fallback), in the reader's language. */
export function renderIngestText(outcome: IngestOutcome, tr: Translator = english): string {
  const n = (count: number) => count.toLocaleString(tr.locale);
  switch (outcome.kind) {
    case 'import-done': {
      const r = outcome.report;
      const lines = [
        tr.t('ingest.imported', {
          file: r.file,
          format: r.format,
          rows: n(r.rows),
          created: n(r.created),
          updated: n(r.updated),
          unchanged: n(r.unchanged),
          inTrash: n(r.inTrash),
          skipped: n(r.skipped),
        }),
        ...r.problems.map((p) => `  ${tr.t('ingest.badLine', { line: p.line, problem: importProblemText(p, tr) })}`),
      ];
      if (r.skipped > r.problems.length) lines.push(`  ${tr.t('ingest.moreBadRows', { count: r.skipped - r.problems.length })}`);
      return lines.join('\n');
    }
    case 'token-list':
      if (!outcome.tokens.length) return tr.t('ingest.noTokens');
      return [
        tr.t('ingest.tokensHeading'),
        ...outcome.tokens.map((t) => `  ${tr.t('ingest.tokenLine', { name: t.name, actorId: t.actorId, created: tr.minute(t.createdAt), by: t.createdBy })}`),
      ].join('\n');
    case 'token-created':
      return [tr.t('ingest.tokenCreated', { name: outcome.name, actorId: outcome.actorId }), `  ${outcome.token}`, tr.t('ingest.tokenHowTo')].join('\n');
    case 'token-revoked':
      return tr.t('ingest.tokenRevoked', { name: outcome.name });
  }
}

/**
 * What was wrong with a row, in the reader's language: the parser's code or the note's limit the
 * row broke. A report stored before the codes holds an English sentence, shown as it was.
 */
export function importProblemText(p: ImportProblem, tr: Translator = english): string {
  if (p.error) return renderErrorText(p.error, tr);
  const problem = p.problem;
  if (problem === undefined) return tr.t('backup.unknownProblem');
  if (typeof problem === 'string') return problem;
  if (problem.code === 'deletedInSource') return tr.t('ingest.problem.deletedInSource', { source: tr.t(`ingest.crmName.${problem.params.source}`) });
  return tr.t(`ingest.problem.${problem.code}`, problem.params ?? {});
}
