import { refuseReservedActor } from '../domain/actor.js';
import { NotesError } from '../domain/errors.js';
import { roleAllows } from '../domain/roles.js';
import { actionTable } from './actions.js';
import { decideApproval, listApprovals } from './approvals.js';
import { queryAudit } from './audit.js';
import { runBackupCommand } from './backups.js';
import { closePlan, previewBulkDelete, previewSelected, startApprovedPlan } from './bulkDelete.js';
import type { BackupStore } from '../ports/backups.js';
import type { CrmService } from '../ports/crm.js';
import { runCrmCommand } from './crm.js';
import type { ImportFiles } from '../ports/imports.js';
import type { ApiTokenStore } from '../ports/tokens.js';
import { importFile, type ProgressListener } from './importNotes.js';
import { ingestNotes, type IngestNote } from './ingest.js';
import { manageTokens } from './tokens.js';
import type { Command } from './commands.js';
import { cancel, confirm, type BackupRestoreRunner } from './confirmations.js';
import { roleOf, type CoreDeps, type RequestContext } from './context.js';
import { requestDelete } from './deleteNote.js';
import { deleteApprovedNote } from './approvedDeletes.js';
import { cancelJob, listJobs } from './jobs.js';
import { addNote, listNotes, showNote } from './notes.js';
import { channelLanguage, language, resolveLocale } from './language.js';
import type { Locale } from '../domain/locale.js';
import type { Outcome } from './outcomes.js';
import { restoreNote, undoPlan } from './restore.js';
import { listRoles, setRole } from './roles.js';

export interface Dispatcher {
  execute(ctx: RequestContext, command: Command): Promise<Outcome>;
  /** The language to answer this person in (asked after `execute`, so `lang` takes effect at once). */
  localeOf(ctx: RequestContext): Promise<Locale>;
  /**
   * The ingestion API's batch of notes (src/usecases/ingest.ts), under the same rules as `add`:
   * the caller needs its role. No typed command carries it: a batch is not something people type.
   */
  ingest(ctx: RequestContext, notes: readonly IngestNote[]): Promise<string[]>;
}

export interface DispatchExtensions {
  runBackupRestore?: BackupRestoreRunner;
  /** The backup files (adapters/backups), so the core keeps no file-system code. */
  backups?: BackupStore;
  /** The CRM connectors (adapters/crm), when at least one is configured. */
  crm?: CrmService;
  /** Export files for `import` (adapters/imports), and who hears of a long import's progress. */
  imports?: ImportFiles;
  importProgress?: ProgressListener;
  /** `npm run import`: a process that imports one file and exits runs it inside the request, not as a job. */
  importsInline?: boolean;
  /** The ingestion API's tokens (`tokens`). */
  tokens?: ApiTokenStore;
}

/**
 * The one entry point of the core for every front end. The permission check comes from the
 * action table before any use case runs; an action missing from the table cannot run at all.
 */
export function createDispatcher(deps: CoreDeps, extensions: DispatchExtensions = {}): Dispatcher {
  const permit = async (ctx: RequestContext, name: Command['name']) => {
    // The bot's own ids never arrive from a person; if one does, something upstream is wrong.
    refuseReservedActor(ctx.actor.id, 'actAs');
    const spec = actionTable[name];
    if (!spec) throw new NotesError('UnknownCommand', 'unknownCommand', { name: String(name) });
    const role = await roleOf(deps, ctx.actor.id);
    if (!roleAllows(role, spec.minRole)) {
      throw new NotesError('NotPermitted', 'needsRole', { name: spec.name, required: spec.minRole, role });
    }
  };
  return {
    async execute(ctx, command) {
      await permit(ctx, command.name);
      return run(deps, ctx, command, extensions);
    },
    async localeOf(ctx) {
      return (await resolveLocale(deps, ctx)).locale;
    },
    async ingest(ctx, notes) {
      // Storing notes is `add`'s permission, whichever way they come in.
      await permit(ctx, 'add');
      return ingestNotes(deps, ctx, notes);
    },
  };
}

async function run(deps: CoreDeps, ctx: RequestContext, command: Command, ext: DispatchExtensions): Promise<Outcome> {
  switch (command.name) {
    case 'help': {
      const role = await roleOf(deps, ctx.actor.id);
      const listed = Object.values(actionTable).filter((a) => a.listed && (!command.topic || a.name === command.topic));
      return { kind: 'help', actions: listed.filter((a) => roleAllows(role, a.minRole)), role };
    }
    case 'add':
      return addNote(deps, ctx, command.recordId, command.body);
    case 'list':
      return listNotes(deps, ctx, 'live', command.filter, command.filterText, command.page);
    case 'trash':
      return listNotes(deps, ctx, 'deleted', command.filter, command.filterText, command.page);
    case 'show':
      return showNote(deps, ctx, command.noteId);
    case 'delete':
      return requestDelete(deps, ctx, command.noteId, command.reason);
    case 'bulk-delete':
      return previewBulkDelete(deps, ctx, command.filter, command.filterText);
    case 'delete-selected':
      return previewSelected(deps, ctx, command.noteIds);
    case 'restore':
      return restoreNote(deps, ctx, command.noteId);
    case 'undo':
      return undoPlan(deps, ctx, command.planId);
    case 'approvals':
      return listApprovals(deps);
    case 'approve':
    case 'reject':
      return decideApproval(
        deps,
        ctx,
        command.requestId,
        command.name === 'approve' ? 'approved' : 'rejected',
        command.name === 'reject' ? command.reason : null,
        {
          onApproved: async (request) =>
            request.kind === 'bulk-plan' ? startApprovedPlan(deps, ctx, request.targetId) : deleteApprovedNote(deps, ctx, request),
          onRejected: async (request) => {
            if (request.kind === 'bulk-plan') {
              await closePlan(deps, ctx, request.targetId, request.status === 'expired' ? 'expired' : 'rejected');
            }
          },
        },
      );
    case 'roles': {
      const change = command.change;
      if (change.kind === 'list') return listRoles(deps);
      if (change.kind === 'grant') return setRole(deps, ctx, change.actorId, change.role, 'role.grant');
      return setRole(deps, ctx, change.actorId, deps.settings.rolePolicy.defaultRole, 'role.revoke');
    }
    case 'audit':
      return queryAudit(deps, command.request);
    case 'backup':
      return runBackupCommand(deps, ext.backups, ctx, command.request);
    case 'lang':
      return language(deps, ctx, command.locale);
    case 'lang-channel':
      return channelLanguage(deps, ctx, command.locale);
    case 'crm':
      return runCrmCommand(deps, ext.crm, ctx, command.request);
    case 'confirm':
      return confirm(deps, ctx, command.confirmationId, ext.runBackupRestore);
    case 'cancel':
      return cancel(deps, ctx, command.confirmationId);
    case 'jobs':
      return listJobs(deps);
    case 'cancel-job':
      return cancelJob(deps, ctx, command.jobId);
    case 'import':
      return importFile(deps, ctx, ext.imports, command.file, { ...(ext.importProgress ? { onProgress: ext.importProgress } : {}), inBackground: !ext.importsInline });
    case 'tokens':
      return manageTokens(deps, ctx, ext.tokens, command.change);
  }
}
