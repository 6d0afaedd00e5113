/**
 * Part of the English catalog (index.ts puts the parts together). The command table (usage and
 * summary, shown by help), help itself and the language commands.
 */

export const actions = {
  help: { usage: 'help [command]', summary: 'show the commands you may use' },
  add: { usage: 'add <recordId> <text...>', summary: 'add a note to a CRM record; #hashtags become tags' },
  list: { usage: 'list [filter] [page:<n>]', summary: 'list notes, newest first, 10 a page' },
  show: { usage: 'show <noteId>', summary: 'show one note in full' },
  delete: { usage: 'delete <noteId> [reason...]', summary: 'delete a note (admins confirm; members request approval)' },
  'bulk-delete': { usage: 'bulk-delete <filter>', summary: 'preview, confirm and delete every note matching a filter' },
  'delete-selected': { usage: 'delete-selected <noteId> <noteId...>', summary: 'delete the notes ticked in a list' },
  trash: { usage: 'trash [filter] [page:<n>]', summary: 'list deleted notes that can still be restored' },
  restore: { usage: 'restore <noteId>', summary: 'bring back a deleted note' },
  undo: { usage: 'undo <planId>', summary: 'restore every note a bulk delete removed' },
  approvals: { usage: 'approvals', summary: 'list pending approval requests' },
  approve: { usage: 'approve <requestId>', summary: 'approve a pending delete request (not your own)' },
  reject: { usage: 'reject <requestId> [reason...]', summary: 'reject a pending delete request' },
  roles: { usage: 'roles [list | grant <actor> <role> | revoke <actor>]', summary: 'see and change who is viewer, member or admin' },
  audit: {
    usage: 'audit [note:<id> | actor:<actor> | since:<YYYY-MM-DD> | verify]',
    summary: 'trace who did what, and check the log is intact',
  },
  backup: {
    usage: 'backup [now | list | verify <backupId> | restore <backupId> [note:<id> | record:<id> | plan:<id>]]',
    summary: 'take, list, verify and restore backups',
  },
  lang: { usage: 'lang [en | zh-CN]', summary: 'show or set the language the bot speaks to you' },
  crm: { usage: 'crm [status | sync]', summary: "see the CRM connectors' state and outbox, or pull their changes now" },
  jobs: { usage: 'jobs', summary: 'running and recent long operations (bulk deletes, undos, restores, imports) with their progress' },
  'cancel-job': { usage: 'cancel <jobId>', summary: 'stop a running job between two batches; undo reverses what it did' },
  import: { usage: 'import <file>', summary: 'bring notes in from a Zoho, HubSpot or Salesforce export or NDJSON (console only; again updates, never duplicates)' },
  tokens: { usage: 'tokens [list | create <name> | revoke <name>]', summary: 'bearer tokens of the ingestion API (a new token is shown once)' },
  confirm: { usage: 'confirm <token>', summary: 'confirm a pending action' },
  cancel: { usage: 'cancel <token>', summary: 'cancel a pending action' },
  'lang-channel': {
    usage: 'lang channel [en | zh-CN | default]',
    summary: "show or set the language of the bot's posts in this channel (approval cards, digests, progress)",
  },
};

export const help = {
  heading: 'Commands for you ({{role}}):',
  title: 'Commands for you ({{role}})',
  filters:
    'Filters: record:<id> author:<@person> tag:<tag> before:<YYYY-MM-DD> after:<YYYY-MM-DD> text:"a phrase", bare words search the text.',
  language: 'Language: {{language}}. "lang zh-CN" switches to 简体中文, "lang en" back to English.',
};

export const lang = {
  shown: 'Your language: {{language}} ({{source}}). "lang en" or "lang zh-CN" changes it.',
  set: 'From now on I answer you in English.',
  source: {
    own: 'your own setting',
    platform: 'from your client\'s language setting',
    default: 'the default of this bot',
  },
  channel: {
    shown: "The bot's posts in this channel: {{language}} ({{source}}).",
    set: 'From now on the bot posts in this channel in {{language}}.',
    cleared: 'This channel has no language of its own any more: the bot posts here in {{language}}, the default for channels.',
    noneOwn: 'the default',
    source: {
      channel: 'set for this channel',
      default: 'the default for channel posts',
    },
  },
};
