import { isNotesError } from '../domain/errors.js';
import type { Operation, OperationCounts, OperationKind } from '../domain/operation.js';
import type { CoreDeps, LongWork, RequestContext } from './context.js';

/** What a tracked operation's work hands back: how it ended, its counts and result data. */
export interface OperationEnd {
  status: 'done' | 'cancelled';
  counts: OperationCounts;
  result?: Record<string, unknown>;
}

/** What the work of a tracked operation can do besides its job: report progress, and see a stop request. */
export interface OperationTracker {
  readonly op: Operation;
  /** Progress so far: cached for `jobs`, and shown on the message at most every few seconds. */
  report(counts: OperationCounts): Promise<void>;
  /** Who asked it to stop (`cancel <id>`), or null; work that can stop checks between two steps. */
  stopRequested(): Promise<string | null>;
  /** True once a newer run took the operation over (another instance resumed it): stop, it carries on. */
  superseded(): Promise<boolean>;
}

/** The work of an operation: null when it stopped without ending (superseded, or shutting down). */
export type OperationWork = (tracker: OperationTracker) => Promise<OperationEnd | null>;

export interface StartOperation {
  kind: OperationKind;
  /** The plan's id for plan-backed kinds; else a new `j-` id is made. */
  planId?: string;
  /** Who asked for it (told when it ends); default the actor of the request that starts it. */
  requesterId?: string;
  total: number;
  /** Whether `cancel <id>` can stop it between two steps (a backup file cannot stop half-way). */
  stoppable: boolean;
  /** Kind-specific data kept with the operation from the start (what a resumed run needs). */
  result?: Record<string, unknown>;
  work: OperationWork;
}

const DEFAULT_INTERVAL_MS = 3_000;

/** How often a running operation's run says it is alive. */
export const RUN_HEARTBEAT_MS = 5_000;

/** Heartbeats missed in a row after which a run counts as dead and any instance takes it over. */
export const DEAD_AFTER_BEATS = 3;

/** True when this deployment runs long work in the background (the app); false in unit tests. */
export const runsInBackground = (deps: CoreDeps): deps is CoreDeps & { longWork: LongWork } => Boolean(deps.longWork);

/**
 * Starts a tracked operation off the request path and returns it at once: stored (so `jobs`
 * lists it and a crash leaves it to resume), its progress message posted where the request came
 * from, its work launched in this process. This is the one way to start long work, imports
 * included.
 */
export async function startOperation(deps: CoreDeps & { longWork: LongWork }, ctx: RequestContext, spec: StartOperation): Promise<Operation> {
  const { operations, background } = deps.longWork;
  const now = deps.clock.now();
  const op: Operation = {
    id: spec.planId ?? deps.ids.jobId(),
    kind: spec.kind,
    planId: spec.planId ?? null,
    requesterId: spec.requesterId ?? ctx.actor.id,
    origin: ctx.origin,
    message: null,
    status: 'running',
    done: 0,
    skipped: 0,
    total: spec.total,
    startedAt: now,
    updatedAt: now,
    finishedAt: null,
    cancelledBy: null,
    result: spec.result || !spec.stoppable ? { ...spec.result, ...(spec.stoppable ? {} : { stoppable: false }) } : null,
  };
  await operations.insert(op);
  const message = await showSafely(deps, 'open', op);
  if (message) {
    op.message = message;
    await operations.attachMessage(op.id, message);
  }
  background.launch(op.id, () => runTracked(deps, op, spec.work));
  return op;
}

/**
 * Runs an operation's work as one claimed run and ends it once: the end (done, cancelled or
 * failed) is claimed, so of two instances only one shows the result and tells the requester.
 * A shutdown mid-way leaves it running, for the next start. `run` is a run already claimed (a
 * takeover, see takeOver.ts); else the next one is claimed here. While the work runs its run
 * beats every RUN_HEARTBEAT_MS, so other instances can tell it from a run whose process died.
 */
export async function runTracked(deps: CoreDeps & { longWork: LongWork }, op: Operation, work: OperationWork, run?: number): Promise<void> {
  const { operations } = deps.longWork;
  const log = deps.logger.child({ operationId: op.id, kind: op.kind });
  let heartbeat: NodeJS.Timeout | undefined;
  try {
    const current = run ?? (await operations.claimRun(op.id, deps.clock.now()));
    // A timer, not a beat per batch: a batch can take longer than a lifetime on a loaded machine,
    // and the beat must come while it runs. unref: a beat never keeps the process alive.
    heartbeat = setInterval(() => {
      operations.touchRun(op.id, current, deps.clock.now()).catch((err: unknown) => log.warn({ err }, 'could not mark a long operation alive'));
    }, RUN_HEARTBEAT_MS);
    heartbeat.unref();
    const end = await work(trackerOf(deps, op, current));
    if (!end) return;
    const ended = await operations.finish(op.id, end.status, { ...end.counts, ...(end.result ? { result: { ...op.result, ...end.result } } : {}) }, deps.clock.now());
    if (ended) await showSafely(deps, 'finish', ended);
  } catch (error) {
    if (deps.runs?.stopped) {
      log.warn('stopped by the shutdown between two batches; it resumes at the next start');
      return;
    }
    log.error({ err: error }, 'long operation failed');
    const code = isNotesError(error) ? error.code : 'Internal';
    const ended = await operations.finish(op.id, 'failed', { result: { ...op.result, failure: code } }, deps.clock.now()).catch(() => null);
    if (ended) await showSafely(deps, 'finish', ended);
  } finally {
    clearInterval(heartbeat);
  }
}

function trackerOf(deps: CoreDeps & { longWork: LongWork }, op: Operation, run: number): OperationTracker {
  const { operations } = deps.longWork;
  const interval = deps.settings.progressIntervalMs ?? DEFAULT_INTERVAL_MS;
  let shownAt = 0;
  let current = op;
  return {
    get op() {
      return current;
    },
    async report(counts) {
      const now = deps.clock.now();
      current = { ...current, ...counts, updatedAt: now };
      await operations.recordProgress(op.id, counts, now);
      // At most one update per interval: each platform limits how often a message may change.
      if (now.getTime() - shownAt < interval) return;
      shownAt = now.getTime();
      await showSafely(deps, 'update', current);
    },
    async stopRequested() {
      return (await operations.stopRequest(op.id))?.by ?? null;
    },
    async superseded() {
      return (await operations.currentRun(op.id)) > run;
    },
  };
}

/** A chat platform being down must not stop or fail the work: the message is only a view of it. */
async function showSafely<K extends 'open' | 'update' | 'finish'>(deps: CoreDeps & { longWork: LongWork }, what: K, op: Operation) {
  try {
    return await deps.longWork.progress[what](op);
  } catch (error) {
    deps.logger.warn({ err: error, operationId: op.id, what }, 'could not show the progress of a long operation');
    return null;
  }
}
