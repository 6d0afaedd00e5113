import type { CoreDeps } from './context.js';
import { DEAD_AFTER_BEATS, RUN_HEARTBEAT_MS, runsInBackground, runTracked } from './operations.js';
import { resumedWork, type ResumeOptions } from './resumePlans.js';

/** Silence after which a run counts as dead: its process was killed, or lost the database for good. */
export const RUN_DEAD_AFTER_MS = DEAD_AFTER_BEATS * RUN_HEARTBEAT_MS;

/**
 * Long work is resumable on any instance, not only at the next start of the one that died: every
 * instance calls this periodically (jobs/operationSweep.ts). A running operation whose newest run
 * has not beaten for `deadAfterMs` (before its first run: since the operation last changed) is
 * taken over by claiming the next run number, which one instance alone can claim, and then goes
 * on exactly as start-up resumes it: from the plan's cursor, updating the same message, ending
 * once with the plan's exact counts. A run that was only slow (a starved event loop) sees the
 * newer run at its next batch and yields; batches are idempotent and claimed, so nothing is done
 * twice either way. Returns the ids this instance took over.
 */
export async function takeOverOrphanedOperations(deps: CoreDeps, options: ResumeOptions, deadAfterMs = RUN_DEAD_AFTER_MS): Promise<string[]> {
  if (!runsInBackground(deps)) return [];
  const tracked = deps;
  const { operations, background } = deps.longWork;
  const taken: string[] = [];
  for (const op of await operations.listRunning()) {
    // Work of this process beats while it runs, or waits for the front ends at start-up.
    if (background.ids.includes(op.id)) continue;
    const { run, aliveAt } = await operations.runLiveness(op.id);
    const now = deps.clock.now();
    const lastAlive = (aliveAt ?? op.updatedAt).getTime();
    if (now.getTime() - lastAlive < deadAfterMs) continue;
    const mine = await operations.takeOver(op.id, run, now);
    if (mine === null) continue; // another instance took it first
    deps.logger.warn({ operationId: op.id, kind: op.kind, deadRun: run, silentMs: now.getTime() - lastAlive }, 'taking over a long operation whose run stopped beating');
    taken.push(op.id);
    const { work } = await resumedWork(tracked, op, options);
    if (work) background.launch(op.id, () => runTracked(tracked, op, work, mine));
  }
  return taken;
}
