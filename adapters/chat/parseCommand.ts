import { badInput, NotesError } from '../../src/domain/errors.js';
import { checkCommandLength, RECORD_ID_PATTERN, stripControlChars } from '../../src/domain/input.js';
import { matchLocale } from '../../src/domain/locale.js';
import { isRole } from '../../src/domain/roles.js';
import { TOKEN_NAME } from '../../src/domain/apiToken.js';
import { actionNames, type ActionName } from '../../src/usecases/actions.js';
import type { AuditRequest } from '../../src/usecases/audit.js';
import type { BackupRequest } from '../../src/usecases/backups.js';
import type { Command } from '../../src/usecases/commands.js';
import { parseDay, parseFilter, toActorId, type MentionContext } from './parseFilter.js';
import { tokenize, unquote } from './tokenize.js';

/**
 * The command grammar of DESIGN.md section 5, shared by every front end. Text in, a typed
 * Command out, or a NotesError('BadInput') whose message key says what was wrong, and whose usage
 * names the subcommand whose usage line is shown under it.
 */
export type SubcommandParser<C = Command> = (args: string[], ctx: MentionContext) => C;

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Kinds of id a command takes; the renderer names them in the reader's language. */
type IdKind = 'noteId' | 'planId' | 'requestId' | 'token' | 'backupId' | 'recordId';

function oneId(name: ActionName, what: IdKind, args: string[]): string {
  if (args.length === 0) throw badInput('needsId', { name, what }, name);
  if (!ID.test(args[0])) throw badInput('notAnId', { word: args[0], what }, name);
  return args[0];
}

const restText = (args: string[]) => (args.length ? args.join(' ') : null);

function actorArg(word: string | undefined, ctx: MentionContext): string {
  if (!word) throw badInput('needsPerson', {}, 'roles');
  const actor = toActorId(word, ctx);
  if (!actor) throw badInput('notPerson', { word }, 'roles');
  return actor;
}

function parseAudit(args: string[], ctx: MentionContext): AuditRequest {
  if (args.length === 0) return { kind: 'recent' };
  if (args.length > 1) throw badInput('auditTakesOne', {}, 'audit');
  const [word] = args;
  if (word === 'verify') return { kind: 'verify' };
  const [key, ...rest] = word.split(':');
  const value = rest.join(':');
  switch (key) {
    case 'note':
      if (!ID.test(value)) throw badInput('notAnId', { word: value, what: 'noteId' }, 'audit');
      return { kind: 'note', noteId: value };
    case 'actor': {
      const actorId = toActorId(value, ctx);
      if (!actorId) throw badInput('notPersonShort', { word: value }, 'audit');
      return { kind: 'actor', actorId };
    }
    case 'since':
      return { kind: 'since', since: parseDay(value, 'since:', 'audit') };
    default:
      throw badInput('unknownAuditQuery', { word }, 'audit');
  }
}

function parseBackup(args: string[]): BackupRequest {
  const [sub = 'list', id, scopeWord, ...extra] = args;
  const usage = 'backup';
  if (sub === 'now' || sub === 'list') {
    if (args.length > 1) throw badInput('backupTakesNoArgs', { sub }, usage);
    return { kind: sub };
  }
  if (sub !== 'verify' && sub !== 'restore') throw badInput('notBackupCommand', { sub }, usage);
  if (!id) throw badInput('backupNeedsId', { sub }, usage);
  if (!ID.test(id)) throw badInput('notAnId', { word: id, what: 'backupId' }, usage);
  if (sub === 'verify') {
    if (scopeWord) throw badInput('backupVerifyOnlyId', {}, usage);
    return { kind: 'verify', backupId: id };
  }
  if (extra.length) throw badInput('backupRestoreOneScope', {}, usage);
  if (!scopeWord) return { kind: 'restore', backupId: id, scope: { kind: 'all' } };
  const [key, ...rest] = scopeWord.split(':');
  const value = rest.join(':');
  if (key !== 'note' && key !== 'record' && key !== 'plan') throw badInput('unknownRestoreScope', { word: scopeWord }, usage);
  const valid = key === 'record' ? RECORD_ID_PATTERN.test(value) : ID.test(value);
  if (!valid) throw badInput('notAnId', { word: value, what: `${key}Id` }, usage);
  return { kind: 'restore', backupId: id, scope: { kind: key, id: value } };
}

export const subcommandParsers: Record<ActionName, SubcommandParser> = {
  help: (args) => {
    const topic = args[0]?.toLowerCase();
    if (topic && !(actionNames as readonly string[]).includes(topic)) throw badInput('noSuchCommand', { topic }, 'help');
    return { name: 'help', ...(topic ? { topic: topic as ActionName } : {}) };
  },
  add: (args) => {
    if (args.length < 2) throw badInput('addNeedsText', {}, 'add');
    return { name: 'add', recordId: args[0], body: args.slice(1).join(' ') };
  },
  list: (args, ctx) => ({ name: 'list', ...parseFilter(args, 'list', ctx, { paged: true }) }),
  trash: (args, ctx) => ({ name: 'trash', ...parseFilter(args, 'trash', ctx, { paged: true }) }),
  show: (args) => ({ name: 'show', noteId: oneId('show', 'noteId', args) }),
  delete: (args) => ({ name: 'delete', noteId: oneId('delete', 'noteId', args), reason: restText(args.slice(1)) }),
  'bulk-delete': (args, ctx) => {
    const { filter, filterText } = parseFilter(args, 'bulk-delete', ctx, { paged: false });
    return { name: 'bulk-delete', filter, filterText };
  },
  'delete-selected': (args) => {
    if (args.length === 0) throw badInput('noneSelected', {}, 'delete-selected');
    const bad = args.find((a) => !ID.test(a));
    if (bad) throw badInput('notAnId', { word: bad, what: 'noteId' }, 'delete-selected');
    return { name: 'delete-selected', noteIds: args };
  },
  restore: (args) => ({ name: 'restore', noteId: oneId('restore', 'noteId', args) }),
  undo: (args) => ({ name: 'undo', planId: oneId('undo', 'planId', args) }),
  approvals: () => ({ name: 'approvals' }),
  approve: (args) => ({ name: 'approve', requestId: oneId('approve', 'requestId', args) }),
  reject: (args) => ({ name: 'reject', requestId: oneId('reject', 'requestId', args), reason: restText(args.slice(1)) }),
  roles: (args, ctx) => {
    const [sub = 'list', who, role, ...extra] = args;
    if (sub === 'list' && args.length <= 1) return { name: 'roles', change: { kind: 'list' } };
    if (sub === 'grant') {
      const actorId = actorArg(who, ctx);
      if (!role || !isRole(role) || extra.length) throw badInput('grantNeedsRole', {}, 'roles');
      return { name: 'roles', change: { kind: 'grant', actorId, role } };
    }
    if (sub === 'revoke' && !role) return { name: 'roles', change: { kind: 'revoke', actorId: actorArg(who, ctx) } };
    throw badInput('notRolesCommand', { words: args.join(' ') }, 'roles');
  },
  audit: (args, ctx) => ({ name: 'audit', request: parseAudit(args, ctx) }),
  backup: (args) => ({ name: 'backup', request: parseBackup(args) }),
  lang: (args, ctx) => {
    if (args.length === 0) return { name: 'lang', locale: null };
    if (args[0].toLowerCase() === 'channel') return subcommandParsers['lang-channel'](args.slice(1), ctx);
    // zh, zh-cn, zh_CN and en-US are what people type; only en and zh-CN are spoken.
    const locale = args.length === 1 ? matchLocale(args[0]) : null;
    if (!locale) throw badInput('notLanguage', { word: args.join(' ') }, 'lang');
    return { name: 'lang', locale };
  },
  'lang-channel': (args) => {
    if (args.length === 0) return { name: 'lang-channel', locale: null };
    const locale = args.length !== 1 ? null : args[0].toLowerCase() === 'default' ? 'default' : matchLocale(args[0]);
    if (!locale) throw badInput('notChannelLanguage', { word: args.join(' ') }, 'lang-channel');
    return { name: 'lang-channel', locale };
  },
  crm: (args) => {
    const [sub = 'status', ...extra] = args;
    if ((sub !== 'status' && sub !== 'sync') || extra.length) throw badInput('notCrmCommand', { words: args.join(' ') }, 'crm');
    return { name: 'crm', request: sub };
  },
  confirm: (args) => ({ name: 'confirm', confirmationId: oneId('confirm', 'token', args) }),
  jobs: (args) => {
    if (args.length) throw badInput('noArguments', { name: 'jobs' }, 'jobs');
    return { name: 'jobs' };
  },
  // One word, two meanings: a confirmation token (`c-...`, from a Cancel button) or a job id.
  cancel: (args) => {
    if (args.length === 0) throw badInput('needsJobId', {}, 'cancel-job');
    if (args.length > 1) throw badInput('oneJobId', {}, 'cancel-job');
    if (args[0].startsWith('c-')) return { name: 'cancel', confirmationId: oneId('cancel', 'token', args) };
    if (!JOB_ID.test(args[0])) throw badInput('notJobId', { word: args[0] }, 'cancel-job');
    return { name: 'cancel-job', jobId: args[0] };
  },
  'cancel-job': (args) => {
    if (args.length !== 1) throw badInput('needsJobId', {}, 'cancel-job');
    if (!JOB_ID.test(args[0])) throw badInput('notJobId', { word: args[0] }, 'cancel-job');
    return { name: 'cancel-job', jobId: args[0] };
  },
  // A path may hold spaces: quote it, or the rest of the line is the path.
  import: (args) => {
    if (args.length === 0) throw badInput('needsFile', {}, 'import');
    return { name: 'import', file: args.length === 1 ? unquote(args[0]) : args.join(' ') };
  },
  tokens: (args) => {
    const [sub = 'list', name, ...extra] = args;
    if (sub === 'list' && args.length <= 1) return { name: 'tokens', change: { kind: 'list' } };
    if (sub !== 'create' && sub !== 'revoke') throw badInput('notTokensCommand', { words: args.join(' ') }, 'tokens');
    if (!name || extra.length) throw badInput('needsTokenName', { sub }, 'tokens');
    if (!TOKEN_NAME.test(name)) throw badInput('notTokenName', { name }, 'tokens');
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
    throw new NotesError('UnknownCommand', 'unknownCommand', { name });
  }
  return parser(args, ctx);
}
