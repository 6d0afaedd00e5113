/**
 * Part of the English catalog (index.ts puts the parts together). Long operations (jobs) while they
 * run and when they end.
 */

/** Long operations (jobs): progress messages on every platform, `jobs`, and what the requester is told. */
export const progress = {
  kind: { 'bulk-delete': 'Bulk delete', undo: 'Undo', 'backup-restore': 'Restore from backup', backup: 'Backup', import: 'Import' },
  /** The kind inside a sentence ("Your bulk delete p-1 finished"). */
  kindInline: { 'bulk-delete': 'bulk delete', undo: 'undo', 'backup-restore': 'restore from backup', backup: 'backup', import: 'import' },
  title: '{{kind}} {{id}}',
  yourTitle: 'Your {{kind}} {{id}}',
  status: { running: 'running', done: 'done', cancelled: 'cancelled', failed: 'failed' },
  soFar: '{{handled, number}} so far',
  fraction: '{{handled, number}} of {{total, number}} ({{percent}}%)',
  rate: '{{rate, number}} notes/s',
  timeLeft: 'about {{duration}} left',
  separator: ' · ',
  seconds: '{{s}} s',
  minutesSeconds: '{{m}} min {{s}} s',
  hoursMinutes: '{{h}} h {{m}} min',
  running: '{{title}} running: {{progress}}.',
  stopHint: '"cancel {{id}}" stops it.',
  started: '{{title}} started in the background. Its progress is shown as it runs; "jobs" lists it.',
  startedCount_one: '{{title}} started in the background ({{count, number}} note). Its progress is shown as it runs; "jobs" lists it.',
  startedCount_other: '{{title}} started in the background ({{count, number}} notes). Its progress is shown as it runs; "jobs" lists it.',
  did: {
    'bulk-delete': '{{count, number}} deleted',
    undo: '{{count, number}} restored',
    'backup-restore': '{{count, number}} restored',
    backup: '{{count, number}} exported',
    import: '{{count, number}} imported',
  },
  skipped: '{{did}}, {{count, number}} skipped (changed or handled by someone else meanwhile)',
  finished: '{{title}} finished in {{duration}}: {{counts}}.',
  finishedThen: '{{title}} finished in {{duration}}.',
  stoppedBy: '{{title}} stopped by {{by}} in {{duration}}: {{counts}}; {{left, number}} not reached.',
  importStopped: '{{title}} stopped by {{by}} after {{rows, number}} of {{total, number}} rows in {{duration}}.',
  anAdmin: 'an admin',
  failed: '{{title}} failed ({{failure}}) after {{counts}}. What it did stays done and audited; the log has the details.',
  /** Why it failed: the error code the job stopped with (src/usecases/operations.ts); `other` names a code not listed. */
  failure: {
    Internal: 'an unexpected error',
    Unavailable: 'a service it needs was unavailable',
    BackupInvalid: 'the backup does not verify',
    BackupNotFound: 'the backup was not found',
    NotPermitted: 'not permitted',
    PlanNotFound: 'the plan was not found',
    NoteNotFound: 'a note was not found',
    JobNotFound: 'the job was not found',
    BadInput: 'bad input',
    InputTooLong: 'a text over its length limit',
    other: 'error {{code}}',
  },
  /** Two sentences one after the other. */
  then: '{{first}} {{second}}',
  stopping: '{{title}} will stop after the batch it is on; its message shows the exact counts, and undo reverses what it did.',
  jobsNone: 'No running or recent jobs.',
  jobsHeading: 'Jobs (running first, then the most recent):',
  jobLine: '{{id}}  {{kind}}  {{status}}  {{progress}}  by {{by}}, started {{at}}',
  jobsHint: '"cancel <jobId>" stops a running one between two batches.',
  stop: 'Stop',
  stopTitle: 'Stop this job?',
  stopText: 'It stops after the batch it is on; what it did so far stays, and can be undone.',
  stopConfirm: 'Stop it',
  jobRunning: 'Job {{id}} running · {{percent}}%',
  jobEnded: { running: 'Job {{id}} running', done: 'Job {{id}} finished', cancelled: 'Job {{id}} stopped', failed: 'Job {{id}} failed' },
  /** The requester named in a shared conversation, before what they are told. */
  toldRequester: '{{requester}}: {{notice}}',
  jobEndedNotice: '{{requester}}: your job {{id}} has ended.',
};
