import type { Connection } from 'mongoose';
import type { CrmConnector, CrmConnectorStatus, CrmService, CrmSource, CrmSyncReport } from '../../src/ports/crm.js';
import type { Logger } from '../../src/ports/system.js';
import type { CoreDeps } from '../../src/usecases/context.js';
import { pullFromCrm, type PullOptions } from '../../src/usecases/crmSync.js';
import type { Config } from '../config.js';
import { ClaimLedger, claimModel } from '../mongo/claims.js';
import { createModels } from '../mongo/models.js';
import { drainOutbox, type DrainOptions, type DrainReport } from './drain.js';
import { HubSpotConnector } from './hubspot.js';
import { MongoCrmNoteLinks } from './noteLinks.js';
import { CrmOutboxFeed, MongoCrmOutbox } from './outbox.js';
import { outboxModel, syncStateModel } from './outboxModel.js';
import { MongoSyncState } from './syncState.js';
import { ZohoConnector } from './zoho.js';

/** The connectors the settings ask for: one per CRM whose credentials are set. */
export function connectorsFromConfig(config: Config): CrmConnector[] {
  const connectors: CrmConnector[] = [];
  if (config.crmSources.includes('zoho')) {
    connectors.push(
      new ZohoConnector({
        clientId: config.ZOHO_CLIENT_ID!,
        clientSecret: config.ZOHO_CLIENT_SECRET!,
        refreshToken: config.ZOHO_REFRESH_TOKEN!,
        accountsUrl: config.ZOHO_ACCOUNTS_URL,
        apiUrl: config.ZOHO_API_URL,
      }),
    );
  }
  if (config.crmSources.includes('hubspot')) connectors.push(new HubSpotConnector({ token: config.HUBSPOT_TOKEN!, apiUrl: config.HUBSPOT_API_URL }));
  return connectors;
}

export interface CrmModule extends CrmService {
  connectors: CrmConnector[];
  /** Handed to the core (`CoreDeps.crm`): where deletes and restores of CRM notes are enqueued. */
  feed: CrmOutboxFeed;
  pull(source: CrmSource): Promise<CrmSyncReport>;
  drain(source: CrmSource): Promise<DrainReport>;
  /** Entries that gave up, per CRM, for the backup digest. */
  failedCounts(): Promise<Array<{ source: CrmSource; failed: number }>>;
  /** Creates the outbox index (the connection has autoIndex off); once at start-up. */
  ensureIndexes(): Promise<void>;
}

export interface CrmModuleOptions {
  pull?: PullOptions;
  drain?: DrainOptions;
}

/**
 * The CRM side of the bot on one connection: the outbox feed the core writes to, the pull and
 * drain each job runs, and `crm status` / `crm sync`. Built by the composition root when at least
 * one CRM is configured; tests build it with connectors pointed at loopback fakes.
 */
export function createCrmModule(
  connection: Connection,
  connectors: CrmConnector[],
  deps: () => CoreDeps,
  logger: Logger,
  options: CrmModuleOptions = {},
): CrmModule {
  const entries = outboxModel(connection);
  const state = new MongoSyncState(syncStateModel(connection));
  const outbox = new MongoCrmOutbox(entries, new ClaimLedger(claimModel(connection)));
  const models = createModels(connection);
  const bySource = new Map(connectors.map((c) => [c.source, c]));
  const connectorOf = (source: CrmSource): CrmConnector => {
    const connector = bySource.get(source);
    if (!connector) throw new Error(`no ${source} connector is configured`);
    return connector;
  };
  const feed = new CrmOutboxFeed(outbox, new Set(bySource.keys()), () => deps().clock.now());
  const log = logger.child({ component: 'crm' });
  const links = new MongoCrmNoteLinks(models.Note, models.NoteKey, log);

  const module: CrmModule = {
    connectors,
    feed,
    pull: (source) => pullFromCrm(deps(), connectorOf(source), state, options.pull),
    drain: (source) =>
      drainOutbox(
        {
          connector: connectorOf(source),
          outbox,
          links,
          audit: deps().audit,
          now: () => deps().clock.now(),
          logger: log,
        },
        options.drain,
      ),
    async syncNow() {
      const reports: CrmSyncReport[] = [];
      for (const connector of connectors) reports.push(await module.pull(connector.source));
      return reports;
    },
    async status() {
      const statuses: CrmConnectorStatus[] = [];
      for (const connector of connectors) {
        const [lastSync, cursor] = await Promise.all([state.lastSync(connector.source), state.cursor(connector.source)]);
        const counts = await outbox.counts(connector.source);
        const failures = await outbox.failures(connector.source, 5);
        statuses.push({
          source: connector.source,
          lastSyncAt: lastSync?.at ?? null,
          lastSyncResult: lastSync?.result ?? null,
          cursor,
          outbox: { ...counts, done: 0 },
          failures: failures.map((f) => ({ noteId: f.noteId, change: f.change, attempts: f.attempts, error: f.lastError })),
        });
      }
      return statuses;
    },
    async ensureIndexes() {
      await entries.createIndexes();
    },
    async failedCounts() {
      const counts: Array<{ source: CrmSource; failed: number }> = [];
      for (const connector of connectors) counts.push({ source: connector.source, failed: (await outbox.counts(connector.source)).failed });
      return counts;
    },
  };
  return module;
}
