import { carryOutPendingEffects } from '../src/usecases/noteEffects.js';
import type { JobsContext } from './handlers.js';

export const NOTE_EFFECTS_JOB = 'notes:effects';

/**
 * Every minute, the audit and CRM entries of single-note changes that are still pending: left by a
 * process that died between a change and its entries (another instance, which may not restart
 * soon) or by a write that failed; and the purges such a process left marked, audited or not. Start-up does the same for its own database (root/app.ts).
 * Cheap when there is nothing to do: it reads only the notes marked as owing an effect.
 */
export function noteEffectsJob(app: JobsContext): { name: typeof NOTE_EFFECTS_JOB; cron: string; run(): Promise<void> } {
  return {
    name: NOTE_EFFECTS_JOB,
    cron: '* * * * *',
    run: async () => {
      await carryOutPendingEffects(app.deps, app.backups.purger);
    },
  };
}
