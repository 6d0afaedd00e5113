import type { PageRequest, ViewAction } from '../chat/view.js';
import { ACTION } from './actionIds.js';
import { encodeButtonValue } from './buttonValue.js';
import { LIMITS } from './limits.js';
import { button, confirmDialog, type ButtonElement } from './mrkdwn.js';

/**
 * A view's button as a Block Kit button: which action_id and value stand for its intent. A value
 * carries all the click needs (a note id, a confirmation token, a request id, a page, and on a
 * list the command that re-reads it: buttonValue.ts), so a click never depends on memory in this
 * process; actions.ts sends every value back through the grammar.
 */
export function viewButton(action: ViewAction): ButtonElement | null {
  const target = actionTarget(action);
  if (!target || target.value.length > LIMITS.buttonValue) return null;
  const { confirm } = action;
  return button(action.label, target.actionId, encodeButtonValue(target.value, action.refresh), {
    ...(action.style ? { style: action.style } : {}),
    ...(confirm ? { confirm: confirmDialog(confirm.title, confirm.text, confirm.yes, confirm.no) } : {}),
  });
}

function actionTarget({ intent }: ViewAction): { actionId: string; value: string } | null {
  switch (intent.do) {
    case 'delete':
      return { actionId: ACTION.deleteNote, value: intent.noteId };
    case 'restore':
      return { actionId: ACTION.restoreNote, value: intent.noteId };
    case 'undo-delete':
      return { actionId: ACTION.undoNote, value: intent.noteId };
    case 'undo-plan':
      return { actionId: ACTION.undoPlan, value: intent.planId };
    case 'confirm':
      return { actionId: ACTION.confirmYes, value: intent.confirmationId };
    case 'cancel':
      return { actionId: ACTION.confirmNo, value: intent.confirmationId };
    case 'approve':
      return { actionId: ACTION.approve, value: intent.requestId };
    case 'reject':
      return { actionId: ACTION.reject, value: intent.requestId };
    case 'page':
      return { actionId: intent.direction === 'previous' ? ACTION.pagePrevious : ACTION.pageNext, value: encodePage(intent.page) };
    case 'delete-selected':
      // The ticks travel in the click's state (SELECT_BLOCK), not in the value.
      return { actionId: ACTION.deleteSelected, value: 'selected' };
    case 'verify-backup':
      return { actionId: ACTION.verifyBackup, value: intent.backupId };
    case 'backup-now':
      return { actionId: ACTION.backupNow, value: 'now' };
    case 'stop':
      return { actionId: ACTION.cancelJob, value: intent.operationId };
    default:
      return null;
  }
}

/** What a Next/Previous button carries (payloads.ts `pageValue` reads it back). */
export function encodePage(request: PageRequest): string {
  return JSON.stringify({ s: request.state, f: request.filterText, p: request.page });
}
