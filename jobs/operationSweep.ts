import type { Logger } from '../src/ports/system.js';
import type { CoreDeps } from '../src/usecases/context.js';
import type { ResumeOptions } from '../src/usecases/resumePlans.js';
import { RUN_DEAD_AFTER_MS, takeOverOrphanedOperations } from '../src/usecases/takeOver.js';

/** How often every instance looks for long operations whose run died: as often as a run may be silent. */
export const SWEEP_EVERY_MS = RUN_DEAD_AFTER_MS;

export interface OperationSweep {
  /** No sweep starts after this; resolves once the one under way (if any) has launched what it took over. */
  stop(): Promise<void>;
}

/**
 * The sweep that takes over long operations another instance left running when it died
 * (src/usecases/takeOver.ts), in every instance that runs jobs. A timer rather than an Agenda
 * job: it must run in every instance, not once across them (Agenda's lock would keep it from all
 * but one, and a dead holder's lock would hold it back for the lock's lifetime); a takeover is
 * one claim, so instances sweeping together are safe; and a claimed occurrence per sweep
 * (jobs/oncePerRun.ts) would leave thousands of claims a day behind.
 */
export function startOperationSweep(app: { deps: CoreDeps; logger: Logger; resume?: ResumeOptions }, everyMs = SWEEP_EVERY_MS): OperationSweep {
  const logger = app.logger.child({ component: 'operation-sweep' });
  let sweeping: Promise<void> | null = null;
  const timer = setInterval(() => {
    // A sweep slower than the interval (a loaded database) is not overlapped by the next one.
    sweeping ??= takeOverOrphanedOperations(app.deps, app.resume ?? {})
      .then((taken) => {
        if (taken.length) logger.info({ taken }, 'took over long operations left by a dead instance');
      })
      .catch((err: unknown) => logger.warn({ err }, 'looking for long operations left by a dead instance failed'))
      .finally(() => (sweeping = null));
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await sweeping;
    },
  };
}
