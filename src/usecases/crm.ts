import { NotesError } from '../domain/errors.js';
import type { CrmService } from '../ports/crm.js';
import { record, type CoreDeps, type RequestContext } from './context.js';
import type { Outcome } from './outcomes.js';

/**
 * `crm status` (connectors, last sync, cursor, outbox) and `crm sync` (pull every connected CRM's
 * changes now, as the scheduled job does). Admin only, from the action table.
 */
export async function runCrmCommand(deps: CoreDeps, crm: CrmService | undefined, ctx: RequestContext, request: 'status' | 'sync'): Promise<Outcome> {
  if (!crm) throw new NotesError('Unavailable', 'noCrm');
  if (request === 'status') return { kind: 'crm-status', connectors: await crm.status() };
  const reports = await crm.syncNow();
  await record(deps, ctx, 'crm.sync', reports.map((r) => `crm:${r.source}`), {
    requested: true,
    results: reports.map((r) => ({ source: r.source, ok: r.ok, pulled: r.pulled, added: r.added, updated: r.updated })),
  });
  return { kind: 'crm-synced', reports };
}
