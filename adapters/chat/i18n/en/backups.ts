/**
 * Part of the English catalog (index.ts puts the parts together). Backups (list, verify, restore) and
 * the digests the scheduled jobs post (backup, purge, role review).
 */

export const backup = {
  none: 'No backups yet. "backup now" takes one.',
  list_one: '{{count}} backup, newest first:',
  list_other: '{{count}} backups, newest first:',
  listHint: '"backup verify <backupId>" re-checks one; "backup restore <backupId> [note:<id> | record:<id> | plan:<id>]" brings notes back.',
  kind: { scheduled: 'scheduled', manual: 'manual', 'pre-delete': 'pre-delete' },
  ofPlan: '{{kind}} (plan {{planId}})',
  counts: { notes: '{{count}} notes', roles: '{{count}} roles', audit: '{{count}} audit', other: '{{count}} {{name}}' },
  empty: 'empty',
  notVerified: 'not verified',
  verified: 'verified {{at}}',
  verifyFailed: 'FAILED verification {{at}}: {{problem}}',
  unknownProblem: 'unknown problem',
  /**
   * What re-reading a backup (or a restore drill) found wrong: src/ports/backups.ts BackupProblem and
   * src/ports/jobState.ts DrillProblem. `detail` is the reader's own diagnostic, quoted as data.
   */
  problem: {
    missing: 'the data file is missing',
    unreadable: 'the file cannot be read to the end ("{{detail}}")',
    notJson: 'line {{line}} is not JSON',
    notRecord: 'line {{line}} is not a backup record',
    cutOff: 'line {{line}} is cut off',
    sha256Mismatch: 'sha256 does not match the manifest (file changed or truncated)',
    countMismatch: 'the manifest says {{expected}}, the file holds {{found}}',
    noBackup: 'there is no backup to drill',
    restoredCount: 'restored {{restored}}, the backup holds {{expected}}',
    restoredDiffers: 'restored {{collection}} differ from the backup',
    auditChainBroken: 'restored audit chain broken at #{{at}}: {{problem}}',
    other: 'problem "{{code}}"',
  },
  /** A collection's name inside a sentence. */
  collection: { notes: 'notes', roles: 'roles', audit: 'audit entries' },
  written: 'Backup {{id}} written: {{counts}}, {{size}}, {{duration}}, {{verified}}. sha256 {{sha256}}',
  intact: 'Backup {{id}} is intact: sha256 matches, {{counts}} as the manifest says.',
  broken: 'Backup {{id}} FAILED verification: {{problem}}. A restore from it will be refused.',
  scopeAll: 'all notes',
  confirmRestore: 'Restore {{scope}} from backup {{id}} ({{kind}}, {{taken}})?',
  confirmCounts_one:
    '{{count}} note in scope: {{restorable}} would come back (missing or deleted now), {{skipped}} would be left alone (live now, or deleted in the backup too).',
  confirmCounts_other:
    '{{count}} notes in scope: {{restorable}} would come back (missing or deleted now), {{skipped}} would be left alone (live now, or deleted in the backup too).',
  neverOverwritten: 'Live notes are never overwritten.',
  restored_one:
    'Restored {{count}} note from backup {{id}} ({{scope}}); skipped {{skipped}} ({{skippedLive}} live now, {{skippedStillDeleted}} deleted in the backup too).',
  restored_other:
    'Restored {{count}} notes from backup {{id}} ({{scope}}); skipped {{skipped}} ({{skippedLive}} live now, {{skippedStillDeleted}} deleted in the backup too).',
};

export const digest = {
  backupDone: 'Backup {{id}}: done and verified',
  backupUnverified: 'Backup {{id}}: written but NOT verified',
  counts: 'Counts: {{counts}}',
  change: 'Change: {{change}}',
  firstBackup: 'first backup: nothing to compare with',
  changeSince: '{{deltas}}, {{bytes}} bytes since {{previous}} ({{at}})',
  size: 'Size: {{size}}; duration {{duration}}',
  checksumOk: 'Checksum verified: sha256 {{sha256}}… and counts re-read from the file',
  checksumBad: 'Checksum NOT verified: {{problem}}',
  noVerification: 'no verification recorded',
  rotationRemoved_one: 'Rotation removed {{count}} backup: {{removed}}',
  rotationRemoved_other: 'Rotation removed {{count}} backups: {{removed}}',
  rotationNothing: 'Rotation removed nothing',
  /** A backup rotation removed, with why (src/ports/backups.ts RotationResult). */
  rotationItem: '{{id}} ({{reason}})',
  rotationReason: { 'beyond-keep': 'older than the newest {{keep}} scheduled backups', 'all-purged': 'every note in it has been purged' },
  drillFailed: 'Restore drill {{at}} FAILED: {{problem}}',
  drillFailedOn: 'Restore drill {{at}} FAILED on {{backupId}}: {{problem}}',
  drillOk: 'Restore drill {{at}}: {{backupId}} restored into a scratch database and compared — {{counts}} identical, audit chain intact ({{duration}})',
  failedTitle: 'Backup FAILED',
  reason: 'Reason: {{reason}}',
  retrying: 'Attempt {{attempt}}; retrying at {{at}}',
  noRetry: 'Attempt {{attempt}}; no more retries until the next scheduled run',
  nothingLost: 'Nothing is purged from the trash without a verified backup, so no note can be lost meanwhile.',
  purgeTitle_one: 'Trash purge: {{count}} note removed for good',
  purgeTitle_other: 'Trash purge: {{count}} notes removed for good',
  purgeExpired_one:
    '{{count}} note deleted more than {{days}} days ago; {{purged}} held by a verified backup and purged (each audited with its hash).',
  purgeExpired_other:
    '{{count}} notes deleted more than {{days}} days ago; {{purged}} held by a verified backup and purged (each audited with its hash).',
  purgeKept: '{{kept}} kept: no verified backup holds them yet. "backup now" then the next purge removes them.',
  purgeNoneKept: 'None kept for lack of a backup.',
  reviewTitle: 'Permission review: {{admins}}, {{members}} by grant',
  admins_one: '{{count}} admin',
  admins_other: '{{count}} admins',
  members_one: '{{count}} member',
  members_other: '{{count}} members',
  reviewAdmins: 'Admins: {{who}}',
  reviewMembers: 'Members: {{who}}',
  noneByGrant: 'none by grant',
  reviewViewers: 'Viewers: {{who}}',
  everyoneElse: 'Everyone else: {{role}}',
  grantedBy: '{{actorId}} (by {{by}})',
  grantedByAt: '{{actorId}} (by {{by}} {{at}})',
  changesSince: 'Role changes since {{since}}:',
  noChangesSince: 'No role changes since {{since}}.',
  /** The first review: there is no earlier one to count from. */
  changesSinceStart: 'All role changes:',
  noChangesSinceStart: 'No role changes yet.',
  roleChange: '#{{seq}} {{at}} {{actorId}} {{verb}} {{target}}: {{previous}} -> {{role}}',
  granted: 'granted',
  revoked: 'revoked',
  reviewAsk: 'Please check each admin still needs the role; "roles revoke <actor>" removes it.',
  jobNoNextRun: '{{name}} has no next run (schedule "{{schedule}}")',
  jobOverdue: '{{name}} is overdue: it was due {{at}} and has not started',
  jobDisabled: '{{name}} is disabled',
  jobsUnknown: 'jobs unknown: {{problem}}',
  jobProblems: 'Scheduled jobs that will not run on time ({{count}}):',
  crmFailed_one: 'CRM {{source}}: {{count}} change could not be sent (see "crm status")',
  crmFailed_other: 'CRM {{source}}: {{count}} changes could not be sent (see "crm status")',
  moreLines: '… and {{count}} more lines (the full digest is in the log)',
  needsAttention: 'Needs attention.',
};
