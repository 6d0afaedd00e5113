import type { BackupSummary } from '../../src/ports/backups.js';
import { scopeText } from '../../src/usecases/backups.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import type { Digest } from '../chat/digestPublisher.js';
import { digestText } from '../chat/digestPublisher.js';
import { countsText, sizeText, verifiedText } from '../chat/backupText.js';
import { minute, plural, untilText } from '../chat/format.js';
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

/** The `backup` command's outcomes as cards; the words come from the shared backup renderer's helpers. */
export function backupOutcomeCard(outcome: BackupOutcome, now: Date): AdaptiveCard {
  switch (outcome.kind) {
    case 'backup-list':
      return backupListCard(outcome.backups);
    case 'backup-created': {
      const b = outcome.backup;
      const verified = b.verification?.ok === true;
      // No buttons: the file was verified as it was written, and this card is the record of that.
      return card([
        heading(`Backup ${b.id} written`),
        backupFacts(b, [['Duration', `${(b.durationMs / 1000).toFixed(1)} s`]]),
        text(verifiedText(b), { color: verified ? 'Good' : 'Attention' }),
        subtle(`sha256 ${b.sha256}`),
      ]);
    }
    case 'backup-verified': {
      const v = outcome.verdict;
      return card([
        container(
          [
            heading(v.ok ? `Backup ${v.backupId} is intact` : `Backup ${v.backupId} FAILED verification`),
            text(v.ok ? 'sha256 matches and the file holds what the manifest says.' : `${v.problem ?? 'unknown problem'}. A restore from it will be refused.`, {
              color: v.ok ? 'Good' : 'Attention',
            }),
            facts([
              ['sha256', v.sha256Matches ? 'matches' : 'does NOT match'],
              ['Manifest says', countsText(v.expectedCounts)],
              ['File holds', countsText(v.foundCounts)],
            ]),
          ],
          { style: v.ok ? 'good' : 'attention', separator: false },
        ),
      ]);
    }
    case 'confirm-backup-restore': {
      const { backup, counts } = outcome;
      return card(
        [
          heading(`Restore ${scopeText(outcome.scope)} from backup ${backup.id}?`),
          facts([
            ['Backup', `${backup.id} (${backup.kind}${backup.planId ? `, plan ${backup.planId}` : ''})`],
            ['Taken', minute(backup.startedAt)],
            ['Scope', scopeText(outcome.scope)],
            ['In scope', plural(counts.inScope, 'note')],
            ['Come back', `${counts.restorable} (missing or deleted now)`],
            ['Left alone', `${counts.skipped} (live now, or deleted in the backup too)`],
          ]),
          subtle(`Live notes are never overwritten. This question expires in ${untilText(outcome.expiresAt, now)}.`),
        ],
        // Restoring adds notes back and removes nothing, so the button is not styled as destructive.
        confirmButtons(outcome.confirmationId, `Restore ${plural(counts.restorable, 'note')}`, 'positive'),
      );
    }
    case 'backup-restored': {
      const r = outcome.report;
      const shown = r.restoredIds.slice(0, 10);
      return card([
        heading(`Restored ${plural(r.restored, 'note')} from backup ${r.backupId}`),
        facts([
          ['Scope', scopeText(r.scope)],
          ['Restored', String(r.restored)],
          ['Skipped, live now', String(r.skippedLive)],
          ['Skipped, deleted in the backup too', String(r.skippedStillDeleted)],
        ]),
        ...(shown.length ? [subtle(`${shown.join(' ')}${r.restored > shown.length ? ` … and ${r.restored - shown.length} more` : ''}`)] : []),
      ]);
    }
  }
}

function backupListCard(backups: BackupSummary[]): AdaptiveCard {
  if (backups.length === 0) return card([text('No backups yet. "backup now" takes one.')], [execute('Back up now', { cmd: 'backup now' })]);
  const shown = backups.slice(0, MAX_LISTED_BACKUPS);
  const body: CardElement[] = [heading(`${plural(backups.length, 'backup')}, newest first`)];
  for (const b of shown) {
    const failed = b.verification?.ok === false;
    body.push(
      container([
        text([{ text: b.id, bold: true }, { text: ` · ${b.kind}${b.planId ? ` (plan ${b.planId})` : ''} · ${minute(b.startedAt)}` }]),
        subtle(`${countsText(b.counts)} · ${sizeText(b.bytes)}`),
        text(verifiedText(b), { color: failed ? 'Attention' : b.verification?.ok ? 'Good' : 'Default', size: 'Small', spacing: 'None' }),
        // On a list: the verdict is posted as a new message and the list re-read (its status changes).
        actionSet([execute('Verify', { cmd: `backup verify ${b.id}`, view: 'backup list' })]),
      ]),
    );
  }
  if (backups.length > shown.length) body.push(subtle(`… and ${backups.length - shown.length} older; "backup verify <id>" works for any of them.`));
  body.push(subtle('"backup restore <backupId> [note:<id> | record:<id> | plan:<id>]" brings notes back, after a confirmation.'));
  return card(body);
}

function backupFacts(b: BackupSummary, extra: Array<[string, string]> = []): CardElement {
  return facts([
    ['Kind', `${b.kind}${b.planId ? ` (plan ${b.planId})` : ''}`],
    ['Taken', minute(b.startedAt)],
    ['Holds', countsText(b.counts)],
    ['Size', sizeText(b.bytes)],
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
  const kept = digest.lines.slice(0, MAX_DIGEST_LINES).map((line) => (line.length > MAX_DIGEST_LINE_CHARS ? `${line.slice(0, MAX_DIGEST_LINE_CHARS - 1)}…` : line));
  const cut = digest.lines.length - kept.length;
  const shown: Digest = { ...digest, lines: cut > 0 ? [...kept, `… and ${cut} more lines (the full digest is in the log)`] : kept };
  return card(
    [
      container([heading(shown.title), ...(shown.lines.length ? lines(shown.lines.join('\n')) : [])], {
        style: digest.ok ? 'default' : 'attention',
        separator: false,
      }),
      ...(digest.ok ? [] : [text('Needs attention.', { color: 'Attention', weight: 'Bolder' })]),
    ],
    [],
    digestText(shown),
  );
}
