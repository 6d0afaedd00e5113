import { badInput, NotesError } from '../../src/domain/errors.js';
import { checkCommandLength, RECORD_ID_PATTERN, stripControlChars } from '../../src/domain/input.js';
import { isRole } from '../../src/domain/roles.js';
import { TOKEN_NAME } from '../../src/domain/apiToken.js';
import { actionNames, usageOf, type ActionName } from '../../src/usecases/actions.js';
import type { AuditRequest } from '../../src/usecases/audit.js';
import type { BackupRequest } from '../../src/usecases/backups.js';
import type { Command } from '../../src/usecases/commands.js';
import { parseDay, parseFilter, toActorId, type MentionContext } from './parseFilter.js';
import { tokenize, unquote } from './tokenize.js';

/**
 * The command grammar of DESIGN.md section 5, shared by every front end. Text in, a typed
 * Command out, or a NotesError('BadInput') whose message says what was wrong plus the usage.
 */
export type SubcommandParser<C = Command> = (args: string[], ctx: MentionContext) => C;

const ID = /^[A-Za-z0-9_-]{1,64}$/;

function oneId(name: ActionName, what: string, args: string[]): string {
  if (args.length === 0) throw badInput(`${name} needs a ${what}.`, usageOf(name));
  if (!ID.test(args[0])) throw badInput(`"${args[0]}" is not a ${what}.`, usageOf(name));
  return args[0];
}

const restText = (args: string[]) => (args.length ? args.join(' ') : null);

function actorArg(word: string | undefined, ctx: MentionContext): string {
  if (!word) throw badInput('roles needs a person (an @mention or an id like slack:U123).', usageOf('roles'));
  const actor = toActorId(word, ctx);
  if (!actor) throw badInput(`"${word}" is not a person: use an @mention or an id like slack:U123.`, usageOf('roles'));
  return actor;
}

function parseAudit(args: string[], ctx: MentionContext): AuditRequest {
  if (args.length === 0) return { kind: 'recent' };
  if (args.length > 1) throw badInput('audit takes one of note:, actor:, since: or verify.', usageOf('audit'));
  const [word] = args;
  if (word === 'verify') return { kind: 'verify' };
  const [key, ...rest] = word.split(':');
  const value = rest.join(':');
  switch (key) {
    case 'note':
      if (!ID.test(value)) throw badInput(`"${value}" is not a note id.`, usageOf('audit'));
      return { kind: 'note', noteId: value };
    case 'actor': {
      const actorId = toActorId(value, ctx);
      if (!actorId) throw badInput(`"${value}" is not a person.`, usageOf('audit'));
      return { kind: 'actor', actorId };
    }
    case 'since':
      return { kind: 'since', since: parseDay(value, 'since:', usageOf('audit')) };
    default:
      throw badInput(`Unknown audit query "${word}".`, usageOf('audit'));
  }
}

function parseBackup(args: string[]): BackupRequest {
  const [sub = 'list', id, scopeWord, ...extra] = args;
  const usage = usageOf('backup');
  if (sub === 'now' || sub === 'list') {
    if (args.length > 1) throw badInput(`backup ${sub} takes no arguments.`, usage);
    return { kind: sub };
  }
  if (sub !== 'verify' && sub !== 'restore') throw badInput(`"backup ${sub}" is not a backup command.`, usage);
  if (!id) throw badInput(`backup ${sub} needs a backup id ("backup list" shows them).`, usage);
  if (!ID.test(id)) throw badInput(`"${id}" is not a backup id.`, usage);
  if (sub === 'verify') {
    if (scopeWord) throw badInput('backup verify takes only a backup id.', usage);
    return { kind: 'verify', backupId: id };
  }
  if (extra.length) throw badInput('backup restore takes at most one of note:, record: or plan:.', usage);
  if (!scopeWord) return { kind: 'restore', backupId: id, scope: { kind: 'all' } };
  const [key, ...rest] = scopeWord.split(':');
  const value = rest.join(':');
  if (key !== 'note' && key !== 'record' && key !== 'plan') throw badInput(`Unknown restore scope "${scopeWord}".`, usage);
  const valid = key === 'record' ? RECORD_ID_PATTERN.test(value) : ID.test(value);
  if (!valid) throw badInput(`"${value}" is not a ${key} id.`, usage);
  return { kind: 'restore', backupId: id, scope: { kind: key, id: value } };
}

export const subcommandParsers: Record<ActionName, SubcommandParser> = {
  help: (args) => {
    const topic = args[0]?.toLowerCase();
    if (topic && !(actionNames as readonly string[]).includes(topic)) throw badInput(`There is no command "${topic}".`, usageOf('help'));
    return { name: 'help', ...(topic ? { topic: topic as ActionName } : {}) };
  },
  add: (args) => {
    if (args.length < 2) throw badInput('add needs a record id and the note text.', usageOf('add'));
    return { name: 'add', recordId: args[0], body: args.slice(1).join(' ') };
  },
  list: (args, ctx) => ({ name: 'list', ...parseFilter(args, usageOf('list'), ctx, { paged: true }) }),
  trash: (args, ctx) => ({ name: 'trash', ...parseFilter(args, usageOf('trash'), ctx, { paged: true }) }),
  show: (args) => ({ name: 'show', noteId: oneId('show', 'note id', args) }),
  delete: (args) => ({ name: 'delete', noteId: oneId('delete', 'note id', args), reason: restText(args.slice(1)) }),
  'bulk-delete': (args, ctx) => {
    const { filter, filterText } = parseFilter(args, usageOf('bulk-delete'), ctx, { paged: false });
    return { name: 'bulk-delete', filter, filterText };
  },
  'delete-selected': (args) => {
    if (args.length === 0) throw badInput('No notes were selected.', usageOf('delete-selected'));
    const bad = args.find((a) => !ID.test(a));
    if (bad) throw badInput(`"${bad}" is not a note id.`, usageOf('delete-selected'));
    return { name: 'delete-selected', noteIds: args };
  },
  restore: (args) => ({ name: 'restore', noteId: oneId('restore', 'note id', args) }),
  undo: (args) => ({ name: 'undo', planId: oneId('undo', 'plan id', args) }),
  approvals: () => ({ name: 'approvals' }),
  approve: (args) => ({ name: 'approve', requestId: oneId('approve', 'request id', args) }),
  reject: (args) => ({ name: 'reject', requestId: oneId('reject', 'request id', args), reason: restText(args.slice(1)) }),
  roles: (args, ctx) => {
    const [sub = 'list', who, role, ...extra] = args;
    if (sub === 'list' && args.length <= 1) return { name: 'roles', change: { kind: 'list' } };
    if (sub === 'grant') {
      const actorId = actorArg(who, ctx);
      if (!role || !isRole(role) || extra.length) throw badInput('grant needs a role: viewer, member or admin.', usageOf('roles'));
      return { name: 'roles', change: { kind: 'grant', actorId, role } };
    }
    if (sub === 'revoke' && !role) return { name: 'roles', change: { kind: 'revoke', actorId: actorArg(who, ctx) } };
    throw badInput(`"roles ${args.join(' ')}" is not a roles command.`, usageOf('roles'));
  },
  audit: (args, ctx) => ({ name: 'audit', request: parseAudit(args, ctx) }),
  backup: (args) => ({ name: 'backup', request: parseBackup(args) }),
  crm: (args) => {
    const [sub = 'status', ...extra] = args;
    if ((sub !== 'status' && sub !== 'sync') || extra.length) throw badInput(`"crm ${args.join(' ')}" is not a crm command.`, usageOf('crm'));
    return { name: 'crm', request: sub };
  },
  confirm: (args) => ({ name: 'confirm', confirmationId: oneId('confirm', 'confirmation token', args) }),
  jobs: (args) => {
    if (args.length) throw badInput('jobs takes no arguments.', usageOf('jobs'));
    return { name: 'jobs' };
  },
  // One word, two meanings: a confirmation token (`c-...`, from a Cancel button) or a job id.
  cancel: (args) => {
    if (args.length === 0) throw badInput('cancel needs a job id ("jobs" lists them).', usageOf('cancel-job'));
    if (args.length > 1) throw badInput('cancel takes one id.', usageOf('cancel-job'));
    if (args[0].startsWith('c-')) return { name: 'cancel', confirmationId: oneId('cancel', 'confirmation token', args) };
    if (!JOB_ID.test(args[0])) throw badInput(`"${args[0]}" is not a job id ("jobs" lists them).`, usageOf('cancel-job'));
    return { name: 'cancel-job', jobId: args[0] };
  },
  'cancel-job': (args) => ({ name: 'cancel-job', jobId: oneId('cancel-job', 'job id', args) }),
  // A path may hold spaces: quote it, or the rest of the line is the path.
  import: (args) => {
    if (args.length === 0) throw badInput('import needs the path of an export file.', usageOf('import'));
    return { name: 'import', file: args.length === 1 ? unquote(args[0]) : args.join(' ') };
  },
  tokens: (args) => {
    const [sub = 'list', name, ...extra] = args;
    const usage = usageOf('tokens');
    if (sub === 'list' && args.length <= 1) return { name: 'tokens', change: { kind: 'list' } };
    if (sub !== 'create' && sub !== 'revoke') throw badInput(`"tokens ${args.join(' ')}" is not a tokens command.`, usage);
    if (!name || extra.length) throw badInput(`tokens ${sub} needs one token name.`, usage);
    if (!TOKEN_NAME.test(name)) throw badInput(`"${name}" is not a token name (1-32 lower-case letters, digits and -, starting with a letter or digit).`, usage);
    return { name: 'tokens', change: { kind: sub, name } };
  },
};

/** Jobs are plans (`p-`) or other long operations (`j-`). */
const JOB_ID = /^[pj]-[A-Za-z0-9]{1,32}$/;

/** Strips `/notes` or `notes` (and, for Teams, any leading mention the adapter left). */
export function stripPrefix(text: string): string {
  return text.trim().replace(/^\/?notes(\s+|$)/i, '');
}

/**
 * Over-long text is refused before parsing; control characters go before tokenizing, so none
 * reaches a filter, an id or an error message that echoes the input.
 */
export function parseCommand(text: string, ctx: MentionContext): Command {
  const [name = 'help', ...args] = tokenize(stripPrefix(stripControlChars(checkCommandLength(text))));
  const key = name.toLowerCase();
  // hasOwn, not `in`: "constructor" or "toString" must not reach Object.prototype.
  const parser = Object.hasOwn(subcommandParsers, key) ? subcommandParsers[key as ActionName] : undefined;
  if (!parser) {
    throw new NotesError('UnknownCommand', `Unknown command "${name}". Type "help" to see what you can do.`);
  }
  return parser(args, ctx);
}
