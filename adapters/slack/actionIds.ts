/**
 * The action_id of every button the bot sends, in one table: the renderers put them on buttons
 * and actions.ts maps each back to a Command. Kept apart from the renderers so renderer modules
 * can share it without importing one another.
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
  cancelJob: 'job.cancel',
} as const;
