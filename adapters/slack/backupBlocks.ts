import type { BackupSummary, BackupVerdict, RestoreReport } from '../../src/ports/backups.js';
import { scopeText } from '../../src/usecases/backups.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import { minute, plural, untilText } from '../chat/format.js';
import { countsText, sizeText, verifiedText } from '../chat/backupText.js';
import { ACTION } from './actionIds.js';
import { LIMITS } from './limits.js';
import { actions, button, confirmDialog, context, escapeMrkdwn, fields, section, type Block } from './mrkdwn.js';

export type BackupOutcome = Extract<
  Outcome,
  { kind: 'backup-list' | 'backup-created' | 'backup-verified' | 'confirm-backup-restore' | 'backup-restored' }
>;

/**
 * The `backup` command's outcomes as Block Kit. Wording follows the shared plain-text renderer
 * (adapters/chat/backupText.ts) so Slack, Teams and the console say the same thing; the
 * restore confirmation uses the same confirm/cancel buttons as every other confirm step.
 */
export function backupBlocks(outcome: BackupOutcome, now: Date): Block[] {
  switch (outcome.kind) {
    case 'backup-list':
      return backupListBlocks(outcome.backups);
    case 'backup-created':
      return createdBlocks(outcome.backup);
    case 'backup-verified':
      return verdictBlocks(outcome.verdict);
    case 'confirm-backup-restore':
      return confirmRestoreBlocks(outcome, now);
    case 'backup-restored':
      return restoredBlocks(outcome.report);
  }
}

const code = (id: string) => `\`${escapeMrkdwn(id)}\``;

function verifiedBadge(backup: BackupSummary): string {
  const v = backup.verification;
  const icon = !v ? ':grey_question:' : v.ok ? ':white_check_mark:' : ':x:';
  return `${icon} ${escapeMrkdwn(verifiedText(backup))}`;
}

function kindText(backup: BackupSummary): string {
  return backup.planId ? `${backup.kind} (plan ${code(backup.planId)})` : backup.kind;
}

/** Header + one section per backup + a hint: the most a 50-block message holds is 47 backups. */
const LIST_ROOM = LIMITS.messageBlocks - 3;

function backupListBlocks(backups: BackupSummary[]): Block[] {
  if (backups.length === 0) return [section('No backups yet. `/notes backup now` takes one.')];
  const shown = backups.slice(0, LIST_ROOM);
  const blocks: Block[] = [section(`*${plural(backups.length, 'backup')}*, newest first`)];
  for (const b of shown) {
    blocks.push(
      section(
        `${code(b.id)} · *${kindText(b)}* · ${minute(b.startedAt)}\n${countsText(b.counts)} · ${sizeText(b.bytes)} · ${verifiedBadge(b)}`,
        button('Verify', ACTION.verifyBackup, b.id),
      ),
    );
  }
  if (backups.length > shown.length) blocks.push(context(`${plural(backups.length - shown.length, 'older backup')} not shown.`));
  blocks.push(context('`/notes backup restore <backupId> [note:<id> | record:<id> | plan:<id>]` brings notes back, after a confirmation.'));
  return blocks;
}

function createdBlocks(b: BackupSummary): Block[] {
  return [
    section(`:floppy_disk: Backup ${code(b.id)} written.`),
    fields([
      `*Counts*\n${countsText(b.counts)}`,
      `*Size*\n${sizeText(b.bytes)}`,
      `*Duration*\n${(b.durationMs / 1000).toFixed(1)} s`,
      `*Checked*\n${verifiedBadge(b)}`,
    ]),
    context(`sha256 ${b.sha256}`),
  ];
}

function verdictBlocks(v: BackupVerdict): Block[] {
  if (v.ok) {
    return [
      section(`:white_check_mark: Backup ${code(v.backupId)} is intact: the sha256 matches and the file holds what the manifest says.`),
      fields([`*Found*\n${countsText(v.foundCounts)}`]),
    ];
  }
  return [
    section(`:x: *Backup ${code(v.backupId)} FAILED verification:* ${escapeMrkdwn(v.problem ?? 'unknown problem')}`),
    fields([
      `*Manifest says*\n${countsText(v.expectedCounts)}`,
      `*File holds*\n${countsText(v.foundCounts)}`,
      `*sha256*\n${v.sha256Matches ? 'matches' : 'does not match'}`,
    ]),
    context('A restore from this backup will be refused.'),
  ];
}

function confirmRestoreBlocks(outcome: Extract<BackupOutcome, { kind: 'confirm-backup-restore' }>, now: Date): Block[] {
  const { backup, counts, confirmationId } = outcome;
  const scope = scopeText(outcome.scope);
  return [
    section(`:warning: *Restore ${escapeMrkdwn(scope)} from backup ${code(backup.id)}?*`),
    fields([
      `*Backup*\n${kindText(backup)}, ${minute(backup.startedAt)}`,
      `*In scope*\n${plural(counts.inScope, 'note')}`,
      `*Would come back*\n${counts.restorable} (missing or deleted now)`,
      `*Left alone*\n${counts.skipped} (live now, or deleted in the backup too)`,
    ]),
    context(`Live notes are never overwritten. Only you can answer. This expires in ${untilText(outcome.expiresAt, now)}.`),
    actions(undefined, [
      button('Restore', ACTION.confirmYes, confirmationId, {
        style: 'danger',
        confirm: confirmDialog(
          'Restore from backup?',
          `Bring back ${plural(counts.restorable, 'note')} (${scope}) from backup ${backup.id}. Live notes are not overwritten.`,
          'Restore',
          'Cancel',
        ),
      }),
      button('Cancel', ACTION.confirmNo, confirmationId),
    ]),
  ];
}

/** Ids of restored notes shown in the reply; the audit entry keeps the full list. */
const SHOWN_IDS = 10;

function restoredBlocks(r: RestoreReport): Block[] {
  const blocks: Block[] = [
    section(`:white_check_mark: Restored *${plural(r.restored, 'note')}* from backup ${code(r.backupId)} (${escapeMrkdwn(scopeText(r.scope))}).`),
    fields([`*Skipped, live now*\n${r.skippedLive}`, `*Skipped, deleted in the backup too*\n${r.skippedStillDeleted}`]),
  ];
  if (r.restoredIds.length > 0) {
    const more = r.restored > SHOWN_IDS ? ` … and ${r.restored - SHOWN_IDS} more` : '';
    blocks.push(context(`${r.restoredIds.slice(0, SHOWN_IDS).map(code).join(' ')}${more}`));
  }
  return blocks;
}
