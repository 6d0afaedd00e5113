import type { Actor } from '../domain/actor.js';
import type { Origin } from '../domain/approval.js';
import type { AuditAction } from '../domain/audit.js';
import { isTokenActor } from '../domain/apiToken.js';
import { NotesError } from '../domain/errors.js';
import { effectiveRole, roleAllows, type Role, type RolePolicy } from '../domain/roles.js';
import type { NoteRepository } from '../ports/notes.js';
import type { Locale } from '../domain/locale.js';
import type { ApprovalStore, AuditLog, ConfirmationStore, LocaleStore, OperationStore, PlanStore, RoleRepository } from '../ports/stores.js';
import type { CrmChangeFeed } from '../ports/crm.js';
import type { Clock, IdGenerator, Logger, Notifier, ProgressBoard, SnapshotSink } from '../ports/system.js';
import type { BackgroundWork } from './background.js';
import type { PlanRuns } from './planRunner.js';

export interface CoreSettings {
  /** Plans with more notes than this need a second admin (`BULK_APPROVAL_THRESHOLD`). */
  bulkApprovalThreshold: number;
  /** Plans with more notes than this are refused (`BULK_MAX`). */
  bulkMax: number;
  approvalTtlMinutes: number;
  confirmTtlMinutes: number;
  pageSize: number;
  /** Notes soft-deleted per step of a plan; each step's progress is stored. */
  batchSize: number;
  rolePolicy: RolePolicy;
  /** Least time between two updates of a progress message (`PROGRESS_UPDATE_SECONDS`); default 3 s. */
  progressIntervalMs?: number;
  /** `DEFAULT_LOCALE`: the language of whoever has none of their own and whose platform says none. */
  defaultLocale: Locale;
  /** `DIGEST_LOCALE`: the language of channel posts in a channel that chose none (else `defaultLocale`). */
  channelLocale?: Locale;
}

/**
 * Long operations off the request path: where they are tracked, shown and run. Absent (unit
 * tests, tools), every operation runs inside the request as before.
 */
export interface LongWork {
  operations: OperationStore;
  progress: ProgressBoard;
  background: BackgroundWork;
}

/** Everything the use cases need, handed in by the composition root. */
export interface CoreDeps {
  notes: NoteRepository;
  roles: RoleRepository;
  plans: PlanStore;
  approvals: ApprovalStore;
  confirmations: ConfirmationStore;
  audit: AuditLog;
  locales: LocaleStore;
  snapshots: SnapshotSink;
  notifier: Notifier;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  settings: CoreSettings;
  /** The plan batches running in this process, which shutdown waits for; absent in unit tests. */
  runs?: PlanRuns;
  /** Deletes and restores of notes that came from a connected CRM go to it (absent: no CRM connected). */
  crm?: CrmChangeFeed;
  /** Long operations in the background with live progress; absent, they run in the request. */
  longWork?: LongWork;
}

/** Who is asking, and from where (so approvals can be routed back). */
export interface RequestContext {
  actor: Actor;
  origin: Origin;
  /** The language the person's platform reports (Slack user locale, Teams activity, console `--lang`). */
  platformLocale?: Locale | null;
  /**
   * The adapter's word that its answer reaches only the asker (a Slack ephemeral, the console),
   * so a secret may be shown in it. Absent means not: a reply no one vouched for may land in a
   * shared channel, and a job or an approval acting later has no answer at all.
   */
  privateReply?: boolean;
}

export async function roleOf(deps: CoreDeps, actorId: string): Promise<Role> {
  // An API token is a member, whatever grants name it: its deletes are always approval requests.
  if (isTokenActor(actorId)) return 'member';
  const grant = await deps.roles.find(actorId);
  return effectiveRole(actorId, grant, deps.settings.rolePolicy);
}

/** Fails closed: anything short of the required role is refused. */
export async function requireRole(deps: CoreDeps, actor: Actor, required: Role, doing: 'decide' | 'carryOut'): Promise<Role> {
  const role = await roleOf(deps, actor.id);
  if (!roleAllows(role, required)) {
    throw new NotesError('NotPermitted', 'needsRoleTo', { required, doing, role });
  }
  return role;
}

export function record(
  deps: CoreDeps,
  ctx: RequestContext,
  action: AuditAction,
  targetIds: string[],
  details: Record<string, unknown> = {},
  onceKey?: string,
) {
  return deps.audit.append(
    {
      actorId: ctx.actor.id,
      platform: ctx.actor.platform,
      action,
      targetIds,
      details,
      ...(ctx.actor.tenantId ? { tenantId: ctx.actor.tenantId } : {}),
    },
    deps.clock.now(),
    onceKey,
  );
}

export const minutesFrom = (date: Date, minutes: number) => new Date(date.getTime() + minutes * 60_000);
