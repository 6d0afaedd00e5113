/**
 * Part of the English catalog (index.ts puts the parts together). Notes and their lists, and the
 * confirm / cancel / finish of a delete or a bulk delete.
 */

export const note = {
  added: 'Added note {{id}} to {{recordId}}.',
  addedTags: 'Added note {{id}} to {{recordId}} with tags {{tags}}.',
  heading: 'Note {{id}} on {{recordId}}',
  headingDeleted: 'Note {{id}} on {{recordId}} — DELETED',
  by: 'by {{authorId}}, {{created}}',
  byUpdated: 'by {{authorId}}, {{created}}, updated {{updated}}',
  tags: 'tags: {{tags}}',
  deleted: 'deleted {{at}} by {{by}}',
  deletedReason: 'deleted {{at}} by {{by}} ({{reason}})',
  /** After a note's line: English leaves a space before it, Chinese full-width brackets need none. */
  lineDeleted: ' (deleted {{on}} by {{by}})',
  deletedDone: 'Deleted note {{id}} ({{recordId}}). Undo with: restore {{id}}',
  restored: 'Restored note {{id}} on {{recordId}}.',
  reason: 'Reason: {{reason}}',
};

export const list = {
  notes_one: '{{count}} note',
  notes_other: '{{count}} notes',
  notesMore: '{{count}}+ notes',
  deleted_one: '{{count}} deleted note',
  deleted_other: '{{count}} deleted notes',
  deletedMore: '{{count}}+ deleted notes',
  noneLive: 'No notes.',
  noneDeleted: 'No deleted notes.',
  noneLiveMatching: 'No notes matching {{filter}}.',
  noneDeletedMatching: 'No deleted notes matching {{filter}}.',
  matching: ' matching {{filter}}',
  page: ' — page {{page}}',
  pageOf: ' — page {{page}} of {{pages}}',
  previous: 'previous: {{command}}',
  next: 'next: {{command}}',
  /** A list's page links, after its notes. */
  nav: '({{links}})',
  navSeparator: ' · ',
  /** Page buttons of a list whose filter is too long to ride on a button. */
  typePages: 'For other pages, type the same command followed by {{pages}}.',
  restoreHint: '"restore <noteId>" brings a note back.',
};

export const confirm = {
  deleteNote: 'Delete note {{id}} on {{recordId}}?',
  prompt: 'Confirm? [y/N] ',
  planHeadSelected_one: 'Bulk delete {{planId}}: the {{count}} selected note.',
  planHeadSelected_other: 'Bulk delete {{planId}}: the {{count}} selected notes.',
  planHead_one: 'Bulk delete {{planId}}: {{count}} note match {{filter}}.',
  planHead_other: 'Bulk delete {{planId}}: {{count}} notes match {{filter}}.',
  selectedNotes_one: '{{count}} selected note',
  selectedNotes_other: '{{count}} selected notes',
  aboveThreshold: 'More than the approval threshold: after you confirm, a second admin must approve.',
  exactly_one: 'Delete exactly this {{count}} note?',
  exactly_other: 'Delete exactly these {{count}} notes?',
};

export const cancelled = {
  plan: 'Bulk delete {{planId}} cancelled; nothing was deleted.',
  note: 'Delete of note {{noteId}} cancelled; the note is unchanged.',
  backup: 'Restore from backup {{backupId}} cancelled; nothing changed.',
};

export const plan = {
  done_one: 'Bulk delete {{planId}} done: deleted {{count}} note.',
  done_other: 'Bulk delete {{planId}} done: deleted {{count}} notes.',
  doneSkipped_one: 'Bulk delete {{planId}} done: deleted {{count}} note, skipped {{skipped}} (deleted or changed since the preview).',
  doneSkipped_other: 'Bulk delete {{planId}} done: deleted {{count}} notes, skipped {{skipped}} (deleted or changed since the preview).',
  undoHint: 'Undo with: undo {{planId}}',
  undone_one: 'Undid bulk delete {{planId}}: restored {{count}} note.',
  undone_other: 'Undid bulk delete {{planId}}: restored {{count}} notes.',
};
