import type { BackupSummary } from '../../../src/ports/backups.js';
import type { Outcome } from '../../../src/usecases/outcomes.js';
import { countsText, kindOfPlanText, scopeLabel, secondsText, sizeText, verifiedText } from '../backupText.js';
import { untilText } from '../format.js';
import { problemText } from '../problemText.js';
import type { Translator } from '../i18n/index.js';
import type { Fact, Tone, ViewBlock } from '../view.js';
import type { Built, ViewContext } from './context.js';

/** The `backup` command's answers: the list, a backup written, a verdict, the restore question and its report. */

export type BackupOutcome = Extract<
  Outcome,
  { kind: 'backup-list' | 'backup-created' | 'backup-verified' | 'confirm-backup-restore' | 'backup-restored' }
>;

/** Ids of restored notes shown in the answer; the audit entry keeps the full list. */
const SHOWN_IDS = 10;

const verifiedTone = (backup: BackupSummary): Tone => (backup.verification?.ok ? 'good' : backup.verification ? 'attention' : 'neutral');

export function backupView(outcome: BackupOutcome, ctx: ViewContext): Built {
  const { tr } = ctx;
  const { t } = tr;
  switch (outcome.kind) {
    case 'backup-list':
      return backupListView(outcome.backups, tr);
    case 'backup-created': {
      const b = outcome.backup;
      // No buttons: the file was verified as it was written, and this message is the record of that.
      return {
        title: t('card.backupWritten', { id: b.id }),
        tone: verifiedTone(b),
        blocks: [
          { type: 'facts', facts: [...backupFacts(b, tr), { label: t('card.fact.duration'), value: secondsText(b.durationMs, tr) }] },
          { type: 'text', text: verifiedText(b, tr), tone: verifiedTone(b) },
          { type: 'text', text: `sha256 ${b.sha256}`, style: 'subtle' },
        ],
      };
    }
    case 'backup-verified': {
      const v = outcome.verdict;
      return {
        title: t(v.ok ? 'card.backupIntact' : 'card.backupBroken', { id: v.backupId }),
        tone: v.ok ? 'good' : 'attention',
        blocks: [
          { type: 'text', text: v.ok ? t('card.backupIntactText') : t('card.backupBrokenText', { problem: problemText(v.problem, tr) }), tone: v.ok ? 'good' : 'attention' },
          {
            type: 'facts',
            facts: [
              { label: 'sha256', value: t(v.sha256Matches ? 'card.sha256Matches' : 'card.sha256Differs') },
              { label: t('card.fact.manifestSays'), value: countsText(v.expectedCounts, tr) },
              { label: t('card.fact.fileHolds'), value: countsText(v.foundCounts, tr) },
            ],
          },
        ],
      };
    }
    case 'confirm-backup-restore': {
      const { backup, counts, confirmationId } = outcome;
      const scope = scopeLabel(outcome.scope, tr);
      const label = t('card.restoreCount', { count: counts.restorable });
      return {
        title: t('card.restoreQuestion', { scope, id: backup.id }),
        tone: 'warning',
        blocks: [
          {
            type: 'facts',
            facts: [
              { label: t('card.fact.backup'), value: t('format.parenthetical', { text: backup.id, detail: kindOfPlanText(backup, tr) }) },
              { label: t('card.fact.taken'), value: tr.minute(backup.startedAt) },
              { label: t('card.fact.scope'), value: scope },
              { label: t('card.fact.inScope'), value: t('list.notes', { count: counts.inScope }) },
              { label: t('card.fact.comeBack'), value: t('card.comeBack', { count: counts.restorable }) },
              { label: t('card.fact.leftAlone'), value: t('card.leftAlone', { count: counts.skipped }) },
            ],
          },
          { type: 'text', text: t('card.neverOverwritten', { until: untilText(outcome.expiresAt, ctx.now, tr) }), style: 'subtle' },
        ],
        // Restoring adds notes back and removes nothing: the button is not styled as destructive.
        actions: [
          {
            label,
            intent: { do: 'confirm', confirmationId },
            style: 'primary',
            confirm: { title: t('card.restoreDialogTitle'), text: t('card.restoreDialogText', { count: counts.restorable, scope, id: backup.id }), yes: label, no: t('card.cancel') },
          },
          { label: t('card.cancel'), intent: { do: 'cancel', confirmationId } },
        ],
      };
    }
    case 'backup-restored': {
      const r = outcome.report;
      const shown = r.restoredIds.slice(0, SHOWN_IDS);
      const more = r.restored > shown.length ? ` ${t('format.more', { count: r.restored - shown.length })}` : '';
      const blocks: ViewBlock[] = [
        {
          type: 'facts',
          facts: [
            { label: t('card.fact.scope'), value: scopeLabel(r.scope, tr) },
            { label: t('card.fact.restored'), value: String(r.restored) },
            { label: t('card.fact.skippedLive'), value: String(r.skippedLive) },
            { label: t('card.fact.skippedDeleted'), value: String(r.skippedStillDeleted) },
          ],
        },
      ];
      if (shown.length) blocks.push({ type: 'text', text: `${shown.join(' ')}${more}`, style: 'subtle' });
      return { title: t('card.restoredHeading', { count: r.restored, id: r.backupId }), tone: 'good', blocks };
    }
  }
}

function backupFacts(b: BackupSummary, tr: Translator): Fact[] {
  const { t } = tr;
  return [
    { label: t('card.fact.kind'), value: kindOfPlanText(b, tr) },
    { label: t('card.fact.taken'), value: tr.minute(b.startedAt) },
    { label: t('card.fact.holds'), value: countsText(b.counts, tr) },
    { label: t('card.fact.size'), value: sizeText(b.bytes) },
  ];
}

/**
 * Newest first, each with Verify. Every backup is in the view; a platform shows as many as its
 * message holds and says how many it left out (the plain `backup list` text has them all).
 */
function backupListView(backups: BackupSummary[], tr: Translator): Built {
  const { t } = tr;
  if (backups.length === 0) return { title: t('backup.none'), tone: 'muted', actions: [{ label: t('card.backUpNow'), intent: { do: 'backup-now' } }] };
  const blocks: ViewBlock[] = backups.map((b) => ({
    type: 'item',
    key: b.id,
    heading: [{ id: b.id }, ` · ${kindOfPlanText(b, tr)} · ${tr.minute(b.startedAt)}`],
    detail: `${countsText(b.counts, tr)} · ${sizeText(b.bytes)} · ${verifiedText(b, tr)}`,
    // On a list: the verdict comes as a new message and the list is read again (its status changes).
    actions: [{ label: t('card.verify'), intent: { do: 'verify-backup', backupId: b.id }, refresh: 'backup list' }],
  }));
  blocks.push({ type: 'text', text: t('card.restoreHint'), style: 'subtle' });
  return { title: t('card.backupsHeading', { count: backups.length }), tone: 'neutral', blocks };
}
