import { NotesError } from '../domain/errors.js';
import { record, type CoreDeps, type RequestContext } from './context.js';
import type { Outcome } from './outcomes.js';

/** Running operations and the most recent ended ones that `jobs` shows. */
export const JOBS_LISTED = 15;

/** `jobs` (admin): running and recent long operations with their progress. */
export async function listJobs(deps: CoreDeps): Promise<Outcome> {
  const operations = deps.longWork ? await deps.longWork.operations.listRecent(JOBS_LISTED) : [];
  return { kind: 'job-list', operations, now: deps.clock.now() };
}

/**
 * `cancel <jobId>` (admin): asks a running operation to stop between two batches. The stop
 * request is claimed (once, whichever instance runs the work) and audited; the run that sees it
 * ends the plan `cancelled` with exact counts, and `undo` reverses what it did.
 */
export async function cancelJob(deps: CoreDeps, ctx: RequestContext, jobId: string): Promise<Outcome> {
  const operations = deps.longWork?.operations;
  const op = operations ? await operations.find(jobId) : null;
  if (!operations || !op) throw new NotesError('JobNotFound', 'jobNotFound', { jobId });
  if (op.status !== 'running') throw new NotesError('JobFinished', 'jobFinished', { jobId, status: op.status });
  if (op.result?.stoppable === false) {
    throw new NotesError('BadInput', 'jobNotStoppable', { jobId, kind: op.kind });
  }
  const now = deps.clock.now();
  if (!(await operations.requestStop(jobId, ctx.actor.id, now))) {
    const first = await operations.stopRequest(jobId);
    throw new NotesError('AlreadyDecided', 'jobAlreadyStopping', { jobId, by: first?.by ?? '?' });
  }
  await record(deps, ctx, 'job.cancel', [jobId, ...(op.planId && op.planId !== jobId ? [op.planId] : [])], { kind: op.kind, done: op.done, total: op.total }, `job:${jobId}:cancel`);
  return { kind: 'job-stopping', operation: { ...op, cancelledBy: ctx.actor.id } };
}
