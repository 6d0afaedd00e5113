import { finishedBackup } from '../../adapters/chat/jobResults.js';
import type { App } from '../../root/app.js';
import { restoreReport } from '../../src/usecases/backups.js';
import type { Outcome } from '../../src/usecases/outcomes.js';

/**
 * For tests about what long work does rather than how it is shown: an outcome that says
 * "started in the background" is waited for, and turned into the answer the same work gives
 * when it runs inside the request (plan-executed, plan-undone, backup-restored, backup-created).
 */
export async function untilFinished(app: App, outcome: Outcome): Promise<Outcome> {
  if (outcome.kind === 'approval-decided' && outcome.result) return { ...outcome, result: await untilFinished(app, outcome.result) };
  if (outcome.kind !== 'operation-started') return outcome;
  await app.backgroundIdle();
  if (outcome.operation.kind === 'backup') {
    const ended = await app.deps.longWork?.operations.find(outcome.operation.id);
    const backup = ended ? finishedBackup(ended) : null;
    return backup ? { kind: 'backup-created', backup } : outcome;
  }
  const planId = outcome.operation.planId;
  const plan = planId ? await app.deps.plans.find(planId) : null;
  if (!plan) return outcome;
  switch (plan.kind) {
    case 'delete':
      return { kind: 'plan-executed', plan };
    case 'undo': {
      const source = plan.sourceId ? await app.deps.plans.find(plan.sourceId) : null;
      return { kind: 'plan-undone', plan: source ?? plan, restored: plan.deletedCount };
    }
    case 'backup-restore':
      return { kind: 'backup-restored', report: await restoreReport(app.deps, plan) };
  }
}
