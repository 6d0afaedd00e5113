import { carryOutApprovedDeletes } from '../src/usecases/approvedDeletes.js';
import { minutesFrom } from '../src/usecases/context.js';
import { carryOutPendingEffects } from '../src/usecases/noteEffects.js';
import type { JobsContext } from './handlers.js';

export const NOTE_EFFECTS_JOB = 'notes:effects';
const DECIDER_GRACE_MINUTES = 1;

/**
 * Every minute, the audit and CRM entries of single-note changes that are still pending: left by a
 * process that died between a change and its entries (another instance, which may not restart
 * soon) or by a write that failed; the purges such a process left marked, audited or not; then the
 * approved note deletes a crash cut short (src/usecases/approvedDeletes.ts). Start-up does the same
 * for its own database (root/app.ts). Cheap when there is nothing to do: it reads only the notes and
 * requests marked as owing something.
 */
export function noteEffectsJob(app: JobsContext): { name: typeof NOTE_EFFECTS_JOB; cron: string; run(): Promise<void> } {
  return {
    name: NOTE_EFFECTS_JOB,
    cron: '* * * * *',
    run: async () => {
      await carryOutPendingEffects(app.deps, app.backups.purger);
      // A decision younger than a minute may still have its decider at work: left to it.
      await carryOutApprovedDeletes(app.deps, { decidedBefore: minutesFrom(app.deps.clock.now(), -DECIDER_GRACE_MINUTES) });
    },
  };
}
