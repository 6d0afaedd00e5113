/**
 * Part of the English catalog (index.ts puts the parts together). Notes coming in from outside: file
 * imports, API tokens and the CRM connectors.
 */

export const ingest = {
  imported:
    'Imported {{file}} ({{format}}): {{rows}} rows — {{created}} new, {{updated}} updated, {{unchanged}} unchanged, {{inTrash}} left in the trash, {{skipped}} skipped.',
  badLine: 'line {{line}}: {{problem}}',
  moreBadRows_one: '… and {{count}} more bad row.',
  moreBadRows_other: '… and {{count}} more bad rows.',
  noTokens: 'No API tokens. "tokens create <name>" makes one.',
  tokensHeading: 'API tokens (each acts as a member):',
  tokenLine: '{{name}} — acts as {{actorId}}, created {{created}} by {{by}}',
  tokenCreated: 'Token {{name}} created; it acts as {{actorId}} with the member role. Copy it now: it is stored hashed and never shown again.',
  tokenHowTo: 'Send it as "Authorization: Bearer <token>" to /api/v1/notes.',
  tokenRevoked: 'Token {{name}} revoked: requests carrying it are refused from now on.',
  // Why a row of an export became no note (src/ports/imports.ts RowProblem): one sentence each.
  problem: {
    notJson: 'the line is not JSON.',
    notObject: 'the line holds no note object.',
    missingField: 'the field {{field}} is missing.',
    emptyField: 'the field {{field}} is empty.',
    badField: 'the field {{field}} has a value of the wrong kind.',
    emptyColumn: 'the {{column}} column is empty.',
    noAssociation: 'the note is associated with no company, deal, contact or ticket.',
    deletedInSource: 'the note is deleted in {{source}}.',
    deletedInExport: 'the note is deleted in the export.',
    noId: 'the note has neither an id nor a source and externalId.',
  },
  crmName: { zoho: 'Zoho', hubspot: 'HubSpot', salesforce: 'Salesforce' },
};

/** `crm status` and `crm sync`. */
export const crm = {
  // English shows the connector's own id, as its jobs and logs name it (crm:outbox:zoho).
  source: { zoho: 'zoho', hubspot: 'hubspot' },
  notes_one: '{{count, number}} note',
  notes_other: '{{count, number}} notes',
  pages_one: '{{count, number}} page',
  pages_other: '{{count, number}} pages',
  attempts_one: '{{count}} attempt',
  attempts_other: '{{count}} attempts',
  pulled: '{{source}}: pulled {{notes}} ({{added, number}} new, {{updated, number}} updated, {{unchanged, number}} unchanged) in {{pages}}.',
  stopped: '{{source}}: sync stopped after {{notes}}: {{problem}}. The next run goes on from where it stopped.',
  lastSync: 'last sync {{at}}',
  lastSyncFailed: 'last sync {{at}} FAILED ({{problem}})',
  neverSynced: 'never synced',
  changesSince: 'changes since {{since}}',
  changesSincePage: 'changes since {{since}}, page {{page}}',
  theBeginning: 'the beginning',
  fromTheBeginning: 'from the beginning',
  connector: '{{source}}: {{last}}; next pull: {{cursor}}.',
  outbox: 'outbox: {{pending, number}} pending, {{sending, number}} sending, {{failed, number}} failed.',
  change: { delete: 'delete', restore: 'restore' },
  failure: 'failed: {{change}} of note {{noteId}} after {{attempts}}: {{error}}',
  // What went wrong talking to a CRM (src/ports/crm.ts CrmProblem); {{crm}} is a crm.source name.
  // The vendor's code and message come in {{detail}} as they came. No final stop: these sit inside other sentences.
  problem: {
    refused: '{{crm}} refused the request (HTTP {{status}}): {{detail}}',
    authRefused: '{{crm}} refused the credentials in {{setting}} (HTTP {{status}}): {{detail}}',
    unreachable: '{{crm}} could not be reached ({{detail}})',
    serverError: '{{crm}} had a fault on its side (HTTP {{status}}); it is tried again later',
    rateLimited: '{{crm}} asked to slow down: retry after {{seconds}} s',
    notInRecycleBin: 'note {{id}} is no longer in the {{crm}} recycle bin ({{detail}})',
    noAnswer: '{{crm}} gave no answer for this note',
    unexpected: 'an unexpected error ({{detail}}); details are in the log',
    noDetail: 'no reason given',
  },
};
