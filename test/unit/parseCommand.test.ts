import { isNotesError } from '../../src/domain/errors.js';
import { parseCommand } from '../../adapters/chat/parseCommand.js';
import { slackMentions } from '../../adapters/slack/mentions.js';
import { said, usageShown } from '../support/said.js';

// Slack's adapter hands the grammar its mention decoder (adapters/slack/mentions.ts).
const slack = slackMentions;
const teams = { platform: 'teams' as const };
const consoleCtx = { platform: 'console' as const };
const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

describe('command grammar', () => {
  test.each([
    ['/notes help', { name: 'help' }],
    ['', { name: 'help' }],
    ['notes help delete', { name: 'help', topic: 'delete' }],
    ['add acct-42 Called about renewal #followup', { name: 'add', recordId: 'acct-42', body: 'Called about renewal #followup' }],
    ['show n-abc123', { name: 'show', noteId: 'n-abc123' }],
    ['delete n-abc123', { name: 'delete', noteId: 'n-abc123', reason: null }],
    ['delete n-abc123 duplicate entry', { name: 'delete', noteId: 'n-abc123', reason: 'duplicate entry' }],
    ['restore n-abc123', { name: 'restore', noteId: 'n-abc123' }],
    ['undo p-abc123', { name: 'undo', planId: 'p-abc123' }],
    ['jobs', { name: 'jobs' }],
    ['cancel p-abc123', { name: 'cancel-job', jobId: 'p-abc123' }],
    ['cancel j-abc123', { name: 'cancel-job', jobId: 'j-abc123' }],
    ['cancel c-Zx_9-token', { name: 'cancel', confirmationId: 'c-Zx_9-token' }],
    ['approvals', { name: 'approvals' }],
    ['approve r-abc123', { name: 'approve', requestId: 'r-abc123' }],
    ['reject r-abc123 not these', { name: 'reject', requestId: 'r-abc123', reason: 'not these' }],
    ['roles', { name: 'roles', change: { kind: 'list' } }],
    ['roles list', { name: 'roles', change: { kind: 'list' } }],
    ['roles grant <@U42ABC> admin', { name: 'roles', change: { kind: 'grant', actorId: 'slack:U42ABC', role: 'admin' } }],
    ['roles revoke slack:U42ABC', { name: 'roles', change: { kind: 'revoke', actorId: 'slack:U42ABC' } }],
    ['audit', { name: 'audit', request: { kind: 'recent' } }],
    ['audit note:n-abc123', { name: 'audit', request: { kind: 'note', noteId: 'n-abc123' } }],
    ['audit actor:<@U9>', { name: 'audit', request: { kind: 'actor', actorId: 'slack:U9' } }],
    ['audit since:2026-01-31', { name: 'audit', request: { kind: 'since', since: day('2026-01-31') } }],
    ['audit verify', { name: 'audit', request: { kind: 'verify' } }],
    ['import exports/zoho notes.csv', { name: 'import', file: 'exports/zoho notes.csv' }],
    ['import "exports/hubspot notes.csv"', { name: 'import', file: 'exports/hubspot notes.csv' }],
    ['tokens', { name: 'tokens', change: { kind: 'list' } }],
    ['tokens list', { name: 'tokens', change: { kind: 'list' } }],
    ['tokens create crm-sync', { name: 'tokens', change: { kind: 'create', name: 'crm-sync' } }],
    ['tokens revoke crm-sync', { name: 'tokens', change: { kind: 'revoke', name: 'crm-sync' } }],
  ])('%s', (text, expected) => {
    expect(parseCommand(text, slack)).toEqual(expected);
  });

  test('every filter token, combined with AND', () => {
    const command = parseCommand(
      'list record:acct-42 author:<@U1ABC> tag:#FollowUp before:2026-03-01 after:2026-01-31 text:"renewal call" pricing page:3',
      slack,
    );
    expect(command).toEqual({
      name: 'list',
      page: { page: 3 },
      filterText: 'record:acct-42 author:slack:U1ABC tag:#FollowUp before:2026-03-01 after:2026-01-31 text:"renewal call" pricing',
      filter: {
        recordId: 'acct-42',
        authorId: 'slack:U1ABC',
        tags: ['followup'],
        before: day('2026-03-01'),
        after: day('2026-02-01'),
        text: ['renewal call', 'pricing'],
      },
    });
  });

  test('@name is read as an actor of the typing platform', () => {
    expect(parseCommand('list author:@alice', consoleCtx)).toMatchObject({ filter: { authorId: 'console:alice' } });
  });

  test("Slack's <@U…> markup is a person only where Slack's adapter reads it, and only where a person is expected", () => {
    expect(parseCommand('roles grant <@U42ABC|vera> viewer', slack)).toMatchObject({ change: { actorId: 'slack:U42ABC' } });
    expect(() => parseCommand('roles grant <@U42ABC> admin', teams)).toThrow(/notPerson/);
    expect(() => parseCommand('list author:<@U42ABC>', consoleCtx)).toThrow(/notPerson/);
    // In a note's text the mention stays as typed, so Slack still shows it as one.
    expect(parseCommand('add acct-1 ask <@U42ABC> about it', slack)).toMatchObject({ body: 'ask <@U42ABC> about it' });
    expect(parseCommand('list <@U42ABC>', slack)).toMatchObject({ filter: { text: ['<@U42ABC>'] } });
  });

  test('smart quotes from chat clients count as quotes', () => {
    expect(parseCommand('bulk-delete text:\u201Cold import\u201D', slack)).toMatchObject({ filter: { text: ['old import'] } });
  });

  test.each([
    ['frobnicate', 'UnknownCommand', /Unknown command "frobnicate"/, undefined],
    ['constructor', 'UnknownCommand', /Unknown command/, undefined],
    ['add acct-42', 'BadInput', /needs a record id and the note text/, 'add <recordId> <text...>'],
    ['show', 'BadInput', /show needs a note id/, 'show <noteId>'],
    ['list before:2026-02-30', 'BadInput', /YYYY-MM-DD, got "2026-02-30"/, 'list [filter] [page:<n>]'],
    ['list colour:red', 'BadInput', /Unknown filter "colour:"/, 'list [filter] [page:<n>]'],
    ['list after:2026-03-01 before:2026-03-01', 'BadInput', /after: must be earlier than before:/, 'list [filter] [page:<n>]'],
    ['list page:0', 'BadInput', /page number/, 'list [filter] [page:<n>]'],
    ['bulk-delete tag:x page:2', 'BadInput', /page: only goes with list and trash/, 'bulk-delete <filter>'],
    ['roles grant slack:U1 boss', 'BadInput', /viewer, member or admin/, 'roles [list | grant <actor> <role> | revoke <actor>]'],
    ['roles grant nobody! admin', 'BadInput', /is not a person/, 'roles [list | grant <actor> <role> | revoke <actor>]'],
    ['audit since:yesterday', 'BadInput', /YYYY-MM-DD/, 'audit [note:<id> | actor:<actor> | since:<YYYY-MM-DD> | verify]'],
    ['help nothing', 'BadInput', /There is no command "nothing"/, 'help [command]'],
    ['jobs all', 'BadInput', /jobs takes no arguments/, 'jobs'],
    ['cancel', 'BadInput', /cancel needs a job id/, 'cancel <jobId>'],
    ['cancel n-abc123', 'BadInput', /"n-abc123" is not a job id/, 'cancel <jobId>'],
    ['cancel p-1 p-2', 'BadInput', /cancel takes one id/, 'cancel <jobId>'],
    ['import', 'BadInput', /import needs the path of an export file/, 'import <file>'],
    ['tokens create', 'BadInput', /needs one token name/, 'tokens [list | create <name> | revoke <name>]'],
    ['tokens create Bad_Name', 'BadInput', /is not a token name/, 'tokens [list | create <name> | revoke <name>]'],
    ['tokens rotate x', 'BadInput', /is not a tokens command/, 'tokens [list | create <name> | revoke <name>]'],
  ])('%s is refused with a one-line reason and the usage', (text, code, message, usage) => {
    let caught: unknown;
    try {
      parseCommand(text, slack);
    } catch (error) {
      caught = error;
    }
    expect(isNotesError(caught)).toBe(true);
    if (!isNotesError(caught)) return;
    expect(caught.code).toBe(code);
    expect(said(caught)).toMatch(message);
    expect(said(caught)).not.toContain('\n');
    expect(usageShown(caught)).toBe(usage);
  });
});
