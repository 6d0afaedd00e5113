import type { CrmSource, CrmSyncReport } from '../src/ports/crm.js';
import type { JobsContext } from './handlers.js';

/** What the CRM jobs need of the CRM module (adapters/crm): one pull and one drain per source. */
export interface CrmJobsPort {
  connectors: ReadonlyArray<{ source: CrmSource }>;
  pull(source: CrmSource): Promise<CrmSyncReport>;
  drain(source: CrmSource): Promise<{ sent: number; failed: number; cancelled: number }>;
  failedCounts(): Promise<Array<{ source: CrmSource; failed: number }>>;
}

export type CrmJobName = `crm:sync:${CrmSource}` | `crm:outbox:${CrmSource}`;

export interface CrmJob {
  name: CrmJobName;
  cron: string;
  run(): Promise<void>;
}

/**
 * Two jobs per connected CRM: the pull (`CRM_SYNC_CRON`) and the outbox drain (`CRM_OUTBOX_CRON`).
 * One job per CRM, so a CRM that is down or rate-limits does not hold back the other. A failed
 * pull keeps its cursor and says why in `crm status`; the drain's failures stay in the outbox
 * with their next attempt time.
 */
export function crmJobDefinitions(app: JobsContext): CrmJob[] {
  const crm = app.crm;
  if (!crm) return [];
  const logger = app.logger.child({ component: 'crm-jobs' });
  return crm.connectors.flatMap((connector): CrmJob[] => [
    {
      name: `crm:sync:${connector.source}`,
      cron: app.jobSettings.crmCrons.sync,
      run: async () => {
        const report = await crm.pull(connector.source);
        if (!report.ok) throw new Error(`${connector.source} pull stopped: ${report.problem ?? 'unknown'}`);
      },
    },
    {
      name: `crm:outbox:${connector.source}`,
      cron: app.jobSettings.crmCrons.outbox,
      run: async () => {
        const report = await crm.drain(connector.source);
        if (report.sent || report.failed || report.cancelled) logger.info({ source: connector.source, ...report }, 'CRM outbox drained');
      },
    },
  ]);
}

