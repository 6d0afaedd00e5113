/**
 * Part of the English catalog (index.ts puts the parts together). Words other sentences are built
 * from: formats, language names, roles, statuses, the names of things.
 */

export const format = {
  minute: '{{year}}-{{month}}-{{day}} {{hour}}:{{minute}} UTC',
  day: '{{year}}-{{month}}-{{day}}',
  listSeparator: ', ',
  /** A value with a word about it: `b-1 (scheduled)`. */
  parenthetical: '{{text}} ({{detail}})',
  /** A labelled value in a run of details (an audit entry's). */
  label: '{{label}}: {{value}}',
  detailSeparator: '; ',
  heading: '{{text}}:',
  none: 'none',
  more: '… and {{count}} more',
  seconds: '{{value}} s',
  hours_one: '{{count}} hour',
  hours_other: '{{count}} hours',
  minutes_one: '{{count}} minute',
  minutes_other: '{{count}} minutes',
};

export const language = {
  en: 'English',
  'zh-CN': '简体中文',
};

export const roleName = { viewer: 'viewer', member: 'member', admin: 'admin' };

/** A role after "you are": English needs the article. */
export const roleA = { viewer: 'a viewer', member: 'a member', admin: 'an admin' };

export const status = {
  pending: 'pending',
  approved: 'approved',
  rejected: 'rejected',
  expired: 'expired',
  previewed: 'previewed',
  'awaiting-approval': 'awaiting approval',
  executing: 'executing',
  done: 'done',
  cancelled: 'cancelled',
  confirmed: 'confirmed',
  used: 'used',
};

export const doing = {
  decide: 'decide approval requests',
  carryOut: 'carry out this action',
  actAs: 'act as one',
  beGranted: 'be granted a role as one',
};

export const what = {
  noteId: 'note id',
  planId: 'plan id',
  requestId: 'request id',
  token: 'confirmation token',
  backupId: 'backup id',
  recordId: 'record id',
  note: 'note',
  reason: 'reason',
  command: 'command',
  searchPhrase: 'search phrase',
};
