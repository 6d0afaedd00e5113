import type { Operation } from '../../../src/domain/operation.js';
import { finishedBackup } from '../jobResults.js';
import { endText, percent, runningText, undoable } from '../progressText.js';
import { renderText } from '../renderText.js';
import type { MessageView, Tone, ViewAction } from '../view.js';
import { backupView } from './backups.js';
import { complete, type ViewContext } from './context.js';

const toneOf = (op: Operation): Tone => (op.status === 'done' ? 'good' : op.status === 'running' ? 'neutral' : op.status === 'cancelled' ? 'warning' : 'attention');

/**
 * A long operation's progress message: while it runs, counts, rate, time left and Stop (asked
 * twice: it cannot be taken back); once ended, its result and, for a bulk delete, Undo. A
 * finished `backup now` shows the backup it wrote, like `backup now` answers when it is quick.
 */
export function progressView(op: Operation, ctx: ViewContext): MessageView {
  const { tr, now } = ctx;
  const { t } = tr;
  const backup = finishedBackup(op);
  if (backup) {
    const outcome = { kind: 'backup-created' as const, backup };
    return complete(backupView(outcome, ctx), renderText(outcome, tr));
  }
  if (op.status !== 'running') {
    const line = endText(op, tr);
    const undo: ViewAction[] = undoable(op) ? [{ label: t('card.undo'), intent: { do: 'undo-plan', planId: op.id } }] : [];
    return { title: t(`progress.jobEnded.${op.status}`, { id: op.id }), tone: toneOf(op), blocks: [{ type: 'text', text: line }], actions: undo, text: line };
  }
  const line = runningText(op, now, tr);
  const stop: ViewAction[] =
    op.result?.stoppable === false
      ? []
      : [
          {
            label: t('progress.stop'),
            intent: { do: 'stop', operationId: op.id },
            style: 'danger',
            confirm: { title: t('progress.stopTitle'), text: t('progress.stopText'), yes: t('progress.stopConfirm'), no: t('card.keepIt') },
          },
        ];
  return { title: t('progress.jobRunning', { id: op.id, percent: percent(op) }), tone: 'neutral', blocks: [{ type: 'text', text: line }], actions: stop, text: line };
}
