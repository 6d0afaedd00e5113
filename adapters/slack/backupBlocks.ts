import type { BackupSummary, BackupVerdict, RestoreReport } from '../../src/ports/backups.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import { untilText } from '../chat/format.js';
import { countsText, scopeLabel, secondsText, sizeText, verifiedText } from '../chat/backupText.js';
import { english, type Translator } from '../chat/i18n/index.js';
import { ACTION } from './actionIds.js';
import { LIMITS } from './limits.js';
import { actions, button, confirmDialog, context, escapeMrkdwn, fields, section, type Block } from './mrkdwn.js';

export type BackupOutcome = Extract<
  Outcome,
  { kind: 'backup-list' | 'backup-created' | 'backup-verified' | 'confirm-backup-restore' | 'backup-restored' }
>;

/**
 * The `backup` command's outcomes as Block Kit, in the reader's language. Wording follows the
 * shared plain-text renderer (adapters/chat/backupText.ts) so Slack, Teams and the console say the
 * same thing; the restore confirmation uses the same confirm/cancel buttons as every other confirm step.
 */
export function backupBlocks(outcome: BackupOutcome, now: Date, tr: Translator = english): Block[] {
  switch (outcome.kind) {
    case 'backup-list':
      return backupListBlocks(outcome.backups, tr);
    case 'backup-created':
      return createdBlocks(outcome.backup, tr);
    case 'backup-verified':
      return verdictBlocks(outcome.verdict, tr);
    case 'confirm-backup-restore':
      return confirmRestoreBlocks(outcome, now, tr);
    case 'backup-restored':
      return restoredBlocks(outcome.report, tr);
  }
}

const code = (id: string) => `\`${escapeMrkdwn(id)}\``;

/** A labelled field: `*Size*\n1.4 MB`. */
const field = (label: string, value: string) => `*${label}*\n${value}`;

function verifiedBadge(backup: BackupSummary, tr: Translator): string {
  const v = backup.verification;
  const icon = !v ? ':grey_question:' : v.ok ? ':white_check_mark:' : ':x:';
  return `${icon} ${escapeMrkdwn(verifiedText(backup, tr))}`;
}

/** `manual`, or `pre-delete (plan \`p-1\`)`: the plan id in code like every id. */
function planKind(backup: BackupSummary, tr: Translator): string {
  const kind = tr.t(`backup.kind.${backup.kind}`);
  return backup.planId ? tr.t('backup.ofPlan', { kind, planId: code(backup.planId) }) : kind;
}

/** Header + one section per backup + a hint: the most a 50-block message holds is 47 backups. */
const LIST_ROOM = LIMITS.messageBlocks - 3;

function backupListBlocks(backups: BackupSummary[], tr: Translator): Block[] {
  const { t } = tr;
  if (backups.length === 0) return [section(t('slackBackup.none'))];
  const shown = backups.slice(0, LIST_ROOM);
  const blocks: Block[] = [section(t('slackBackup.heading', { count: backups.length }))];
  for (const b of shown) {
    blocks.push(
      section(
        `${code(b.id)} · *${planKind(b, tr)}* · ${tr.minute(b.startedAt)}\n${countsText(b.counts, tr)} · ${sizeText(b.bytes)} · ${verifiedBadge(b, tr)}`,
        button(t('card.verify'), ACTION.verifyBackup, b.id),
      ),
    );
  }
  if (backups.length > shown.length) blocks.push(context(t('slackBackup.notShown', { count: backups.length - shown.length })));
  blocks.push(context(t('slackBackup.restoreHint')));
  return blocks;
}

function createdBlocks(b: BackupSummary, tr: Translator): Block[] {
  const { t } = tr;
  return [
    section(t('slackBackup.written', { id: code(b.id) })),
    fields([
      field(t('slackBackup.fact.counts'), countsText(b.counts, tr)),
      field(t('card.fact.size'), sizeText(b.bytes)),
      field(t('card.fact.duration'), secondsText(b.durationMs, tr)),
      field(t('slackBackup.fact.checked'), verifiedBadge(b, tr)),
    ]),
    context(`sha256 ${b.sha256}`),
  ];
}

function verdictBlocks(v: BackupVerdict, tr: Translator): Block[] {
  const { t } = tr;
  if (v.ok) {
    return [section(t('slackBackup.intact', { id: code(v.backupId) })), fields([field(t('slackBackup.fact.found'), countsText(v.foundCounts, tr))])];
  }
  return [
    section(t('slackBackup.broken', { id: code(v.backupId), problem: escapeMrkdwn(v.problem ?? t('backup.unknownProblem')) })),
    fields([
      field(t('card.fact.manifestSays'), countsText(v.expectedCounts, tr)),
      field(t('card.fact.fileHolds'), countsText(v.foundCounts, tr)),
      field('sha256', t(v.sha256Matches ? 'card.sha256Matches' : 'card.sha256Differs')),
    ]),
    context(t('slackBackup.refused')),
  ];
}

function confirmRestoreBlocks(outcome: Extract<BackupOutcome, { kind: 'confirm-backup-restore' }>, now: Date, tr: Translator): Block[] {
  const { t } = tr;
  const { backup, counts, confirmationId } = outcome;
  const scope = scopeLabel(outcome.scope, tr);
  return [
    section(t('slackBackup.restoreQuestion', { scope: escapeMrkdwn(scope), id: code(backup.id) })),
    fields([
      field(t('card.fact.backup'), `${planKind(backup, tr)}, ${tr.minute(backup.startedAt)}`),
      field(t('card.fact.inScope'), t('list.notes', { count: counts.inScope })),
      field(t('slackBackup.fact.wouldComeBack'), t('card.comeBack', { count: counts.restorable })),
      field(t('card.fact.leftAlone'), t('card.leftAlone', { count: counts.skipped })),
    ]),
    context(t('slackBackup.expires', { until: untilText(outcome.expiresAt, now, tr) })),
    actions(undefined, [
      button(t('card.restore'), ACTION.confirmYes, confirmationId, {
        style: 'danger',
        confirm: confirmDialog(
          t('slackBackup.dialogTitle'),
          t('slackBackup.dialogText', { count: counts.restorable, scope, id: backup.id }),
          t('card.restore'),
          t('card.cancel'),
        ),
      }),
      button(t('card.cancel'), ACTION.confirmNo, confirmationId),
    ]),
  ];
}

/** Ids of restored notes shown in the reply; the audit entry keeps the full list. */
const SHOWN_IDS = 10;

function restoredBlocks(r: RestoreReport, tr: Translator): Block[] {
  const { t } = tr;
  const blocks: Block[] = [
    section(t('slackBackup.restored', { count: r.restored, id: code(r.backupId), scope: escapeMrkdwn(scopeLabel(r.scope, tr)) })),
    fields([field(t('card.fact.skippedLive'), String(r.skippedLive)), field(t('card.fact.skippedDeleted'), String(r.skippedStillDeleted))]),
  ];
  if (r.restoredIds.length > 0) {
    const more = r.restored > SHOWN_IDS ? ` ${t('format.more', { count: r.restored - SHOWN_IDS })}` : '';
    blocks.push(context(`${r.restoredIds.slice(0, SHOWN_IDS).map(code).join(' ')}${more}`));
  }
  return blocks;
}
