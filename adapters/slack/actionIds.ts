/**
 * The action_id of every button the bot sends, in one table: the view renderer puts them on
 * buttons (viewButtons.ts maps a view's intent to one) and actions.ts maps each back to a Command.
 * Kept apart from the renderers so renderer modules can share it without importing one another.
 */
export const ACTION = {
  deleteNote: 'note.delete',
  restoreNote: 'note.restore',
  undoNote: 'note.undo',
  undoPlan: 'plan.undo',
  confirmYes: 'confirm.yes',
  confirmNo: 'confirm.no',
  approve: 'approval.approve',
  reject: 'approval.reject',
  pagePrevious: 'notes.page.previous',
  pageNext: 'notes.page.next',
  select: 'notes.select',
  deleteSelected: 'notes.delete-selected',
  verifyBackup: 'backup.verify',
  backupNow: 'backup.now',
  cancelJob: 'job.cancel',
} as const;

/** The block holding a list's checkboxes: "Delete selected" reads the ticks from the click's state under this id. */
export const SELECT_BLOCK = 'notes.selection';
