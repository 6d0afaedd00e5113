import type { BackupSummary } from '../../src/ports/backups.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import type { Digest } from '../chat/digestPublisher.js';
import { digestText } from '../chat/digestPublisher.js';
import { countsText, kindOfPlanText, scopeLabel, secondsText, sizeText, verifiedText } from '../chat/backupText.js';
import { untilText } from '../chat/format.js';
import { english, translatorFor, type Translator } from '../chat/i18n/index.js';
import { actionSet, card, confirmButtons, container, execute, facts, heading, lines, subtle, text, type AdaptiveCard, type CardElement } from './cardKit.js';

export type BackupOutcome = Extract<
  Outcome,
  { kind: 'backup-list' | 'backup-created' | 'backup-verified' | 'confirm-backup-restore' | 'backup-restored' }
>;

/**
 * Teams shows at most ~28 KB of card; a backup row is ~0.7 KB, so a long history (many pre-delete
 * snapshots) is cut and the rest left to the plain `backup list` text in other front ends.
 */
export const MAX_LISTED_BACKUPS = 20;

/** The `backup` command's outcomes as cards, in the reader's language. */
export function backupOutcomeCard(outcome: BackupOutcome, now: Date, tr: Translator = english): AdaptiveCard {
  const { t } = tr;
  switch (outcome.kind) {
    case 'backup-list':
      return backupListCard(outcome.backups, tr);
    case 'backup-created': {
      const b = outcome.backup;
      const verified = b.verification?.ok === true;
      // No buttons: the file was verified as it was written, and this card is the record of that.
      return card([
        heading(t('card.backupWritten', { id: b.id })),
        backupFacts(b, tr, [[t('card.fact.duration'), secondsText(b.durationMs, tr)]]),
        text(verifiedText(b, tr), { color: verified ? 'Good' : 'Attention' }),
        subtle(`sha256 ${b.sha256}`),
      ]);
    }
    case 'backup-verified': {
      const v = outcome.verdict;
      return card([
        container(
          [
            heading(t(v.ok ? 'card.backupIntact' : 'card.backupBroken', { id: v.backupId })),
            text(v.ok ? t('card.backupIntactText') : t('card.backupBrokenText', { problem: v.problem ?? t('backup.unknownProblem') }), {
              color: v.ok ? 'Good' : 'Attention',
            }),
            facts([
              ['sha256', t(v.sha256Matches ? 'card.sha256Matches' : 'card.sha256Differs')],
              [t('card.fact.manifestSays'), countsText(v.expectedCounts, tr)],
              [t('card.fact.fileHolds'), countsText(v.foundCounts, tr)],
            ]),
          ],
          { style: v.ok ? 'good' : 'attention', separator: false },
        ),
      ]);
    }
    case 'confirm-backup-restore': {
      const { backup, counts } = outcome;
      const scope = scopeLabel(outcome.scope, tr);
      return card(
        [
          heading(t('card.restoreQuestion', { scope, id: backup.id })),
          facts([
            [t('card.fact.backup'), `${backup.id} (${kindOfPlanText(backup, tr)})`],
            [t('card.fact.taken'), tr.minute(backup.startedAt)],
            [t('card.fact.scope'), scope],
            [t('card.fact.inScope'), t('list.notes', { count: counts.inScope })],
            [t('card.fact.comeBack'), t('card.comeBack', { count: counts.restorable })],
            [t('card.fact.leftAlone'), t('card.leftAlone', { count: counts.skipped })],
          ]),
          subtle(t('card.neverOverwritten', { until: untilText(outcome.expiresAt, now, tr) })),
        ],
        // Restoring adds notes back and removes nothing, so the button is not styled as destructive.
        confirmButtons(outcome.confirmationId, t('card.restoreCount', { count: counts.restorable }), t('card.cancel'), 'positive'),
      );
    }
    case 'backup-restored': {
      const r = outcome.report;
      const shown = r.restoredIds.slice(0, 10);
      return card([
        heading(t('card.restoredHeading', { count: r.restored, id: r.backupId })),
        facts([
          [t('card.fact.scope'), scopeLabel(r.scope, tr)],
          [t('card.fact.restored'), String(r.restored)],
          [t('card.fact.skippedLive'), String(r.skippedLive)],
          [t('card.fact.skippedDeleted'), String(r.skippedStillDeleted)],
        ]),
        ...(shown.length ? [subtle(`${shown.join(' ')}${r.restored > shown.length ? ` ${t('format.more', { count: r.restored - shown.length })}` : ''}`)] : []),
      ]);
    }
  }
}

function backupListCard(backups: BackupSummary[], tr: Translator): AdaptiveCard {
  const { t } = tr;
  if (backups.length === 0) return card([text(t('backup.none'))], [execute(t('card.backUpNow'), { cmd: 'backup now' })]);
  const shown = backups.slice(0, MAX_LISTED_BACKUPS);
  const body: CardElement[] = [heading(t('card.backupsHeading', { count: backups.length }))];
  for (const b of shown) {
    const failed = b.verification?.ok === false;
    body.push(
      container([
        text([{ text: b.id, bold: true }, { text: ` · ${kindOfPlanText(b, tr)} · ${tr.minute(b.startedAt)}` }]),
        subtle(`${countsText(b.counts, tr)} · ${sizeText(b.bytes)}`),
        text(verifiedText(b, tr), { color: failed ? 'Attention' : b.verification?.ok ? 'Good' : 'Default', size: 'Small', spacing: 'None' }),
        // On a list: the verdict is posted as a new message and the list re-read (its status changes).
        actionSet([execute(t('card.verify'), { cmd: `backup verify ${b.id}`, view: 'backup list' })]),
      ]),
    );
  }
  if (backups.length > shown.length) body.push(subtle(t('card.olderBackups', { count: backups.length - shown.length })));
  body.push(subtle(t('card.restoreHint')));
  return card(body);
}

function backupFacts(b: BackupSummary, tr: Translator, extra: Array<[string, string]> = []): CardElement {
  const { t } = tr;
  return facts([
    [t('card.fact.kind'), kindOfPlanText(b, tr)],
    [t('card.fact.taken'), tr.minute(b.startedAt)],
    [t('card.fact.holds'), countsText(b.counts, tr)],
    [t('card.fact.size'), sizeText(b.bytes)],
    ...extra,
  ]);
}

/** A roles review lists every grant and change; Teams refuses cards above ~28 KB, so long digests are cut. */
export const MAX_DIGEST_LINES = 60;
const MAX_DIGEST_LINE_CHARS = 300;

/**
 * A job digest (backup, failure, purge, roles review) as a card: red container for a failure.
 * `fallbackText` carries the same words as plain text for previews and clients without cards.
 */
export function digestCard(digest: Digest): AdaptiveCard {
  const tr = translatorFor(digest.locale ?? 'en');
  const kept = digest.lines.slice(0, MAX_DIGEST_LINES).map((line) => (line.length > MAX_DIGEST_LINE_CHARS ? `${line.slice(0, MAX_DIGEST_LINE_CHARS - 1)}…` : line));
  const cut = digest.lines.length - kept.length;
  const shown: Digest = { ...digest, lines: cut > 0 ? [...kept, tr.t('digest.moreLines', { count: cut })] : kept };
  return card(
    [
      container([heading(shown.title), ...(shown.lines.length ? lines(shown.lines.join('\n')) : [])], {
        style: digest.ok ? 'default' : 'attention',
        separator: false,
      }),
      ...(digest.ok ? [] : [text(tr.t('digest.needsAttention'), { color: 'Attention', weight: 'Bolder' })]),
    ],
    [],
    digestText(shown),
  );
}
