/**
 * Part of the English catalog (index.ts puts the parts together). Who may do what: approval requests,
 * roles and the audit log.
 */

export const approval = {
  subjectNote: 'note {{targetId}} on {{recordId}}: "{{excerpt}}"',
  subjectPlan_one: 'bulk delete {{targetId}}: {{count}} note matching {{filter}}',
  subjectPlan_other: 'bulk delete {{targetId}}: {{count}} notes matching {{filter}}',
  requested: 'Approval request {{id}} sent: {{subject}}. An admin other than you must approve it before {{expires}}.',
  decided: 'Request {{id}} {{status}} by {{by}}.',
  decidedReason: 'Request {{id}} {{status}} by {{by}} ({{reason}}).',
  none: 'No pending approval requests.',
  pending_one: '{{count}} pending request',
  pending_other: '{{count}} pending requests',
  listLine: '{{id}}  {{subject}}  — asked by {{requesterId}}, expires {{expires}}',
  listHint: '"approve <requestId>" or "reject <requestId> [reason]".',
  notifyRequested: '[approvals] {{requesterId}} asks: {{subject}} — "approve {{id}}" or "reject {{id}} [reason]" (another admin).',
  outcome: {
    approved: 'approved and carried out',
    rejected: 'rejected',
    rejectedReason: 'rejected: {{reason}}',
    expired: 'expired',
  },
  notifyDecided: '[approvals] request {{id}} {{status}} by {{by}}.',
};

export const roles = {
  admins: 'Admins: {{admins}}',
  bootstrap: '{{actorId}} (NOTES_ADMINS)',
  grantLine: '{{actorId}}: {{role}}',
  grantLineBy: '{{actorId}}: {{role}} (set by {{by}} on {{on}})',
  everyoneElse: 'Everyone else: {{role}}',
  changed: '{{actorId}} is now {{role}} (was {{previous}}).',
  unchanged: '{{actorId}} is already {{role}}; nothing changed.',
};

export const audit = {
  heading: 'Audit — {{subject}}:',
  // English shows the log's own names (people grep for them); other languages translate them.
  action: {
    note: { add: 'note.add', delete: 'note.delete', restore: 'note.restore', purge: 'note.purge' },
    plan: { create: 'plan.create', confirm: 'plan.confirm', cancel: 'plan.cancel', execute: 'plan.execute', undo: 'plan.undo' },
    approval: { request: 'approval.request', approve: 'approval.approve', reject: 'approval.reject', expire: 'approval.expire' },
    role: { grant: 'role.grant', revoke: 'role.revoke' },
    backup: { create: 'backup.create', verify: 'backup.verify', restore: 'backup.restore' },
    crm: { sync: 'crm.sync', send: 'crm.send', giveUp: 'crm.giveUp' },
    notes: { import: 'notes.import' },
    token: { create: 'token.create', revoke: 'token.revoke' },
    job: { cancel: 'job.cancel' },
    channel: { lang: 'channel.lang' },
  },
  field: {
    body: 'body',
    reason: 'reason',
    filter: 'filter',
    deleted: 'deleted',
    skipped: 'skipped',
    restored: 'restored',
    role: 'role',
    previous: 'previous',
    requesterId: 'requesterId',
    subject: 'subject',
    summary: 'summary',
    source: 'CRM',
    change: 'change',
    crmIds: 'CRM ids',
    attempt: 'attempt',
    result: 'result',
    error: 'error',
    locale: 'language',
    previousLocale: 'was',
  },
  // What the CRM outbox sent and how it ended (crm.send / crm.giveUp details).
  crmChange: { delete: 'delete', restore: 'restore', recreate: 're-create' },
  crmResult: { done: 'done', partial: 'partly done', retry: 'will retry', failed: 'gave up' },
  subjectRecent: 'latest changes',
  subjectNote: 'history of note {{noteId}}',
  subjectActor: 'changes by {{actorId}}',
  subjectSince: 'changes since {{day}}',
  noteLine: 'note: {{line}}',
  /** An audited note request's subject: the record and the note's opening words. */
  recordExcerpt: '{{recordId}}: "{{excerpt}}"',
  /** Targets past the first three, counted after them. */
  moreTargets: ' (+{{count}})',
  /** An entry's details, after its targets. */
  detail: ' — {{detail}}',
  nothing: 'nothing recorded.',
  intact_one: 'Audit log intact: {{count}} entry checked, every hash and link matches.',
  intact_other: 'Audit log intact: {{count}} entries checked, every hash and link matches.',
  broken: 'AUDIT LOG BROKEN at entry #{{at}}: {{problem}} ({{checked}} entries before it are intact).',
  /** What breaks the chain (src/domain/audit.ts ChainProblem). */
  problem: {
    sequenceJump: 'sequence jumps from {{from}} to {{to}}',
    linkMismatch: 'link to the previous entry does not match',
    hashMismatch: 'entry content does not match its hash',
  },
};
