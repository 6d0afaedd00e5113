import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createApp, type App } from '../../../root/app.js';
import { parseCommand } from '../../../adapters/chat/parseCommand.js';
import { loadConfig } from '../../../adapters/config.js';
import { HubSpotConnector } from '../../../adapters/crm/hubspot.js';
import type { CrmModuleOptions } from '../../../adapters/crm/index.js';
import { outboxModel, type OutboxEntry } from '../../../adapters/crm/outboxModel.js';
import { ZohoConnector } from '../../../adapters/crm/zoho.js';
import { toActor } from '../../../src/domain/actor.js';
import type { Outcome } from '../../../src/usecases/outcomes.js';
import { freshDatabaseUri } from '../../support/database.js';
import { FakeHubSpot, HUBSPOT_TOKEN } from './fakeHubSpot.js';
import { FakeZoho, ZOHO_CLIENT } from './fakeZoho.js';
import { untilFinished } from '../../support/longWork.js';

export const ADMIN = 'console:admin';

export interface CrmHarness {
  app: App;
  zoho: FakeZoho;
  hubspot: FakeHubSpot;
  databaseUri: string;
  /** Waits the drain was asked to make (Retry-After), in ms: recorded, not slept. */
  waits: number[];
  run(text: string, actor?: string): Promise<Outcome>;
  /** Runs a command that asks for confirmation, then confirms it. */
  confirmed(text: string): Promise<Outcome>;
  outbox(): Promise<OutboxEntry[]>;
  close(): Promise<void>;
}

export function connectorsFor(zoho: FakeZoho, hubspot: FakeHubSpot) {
  return [
    new ZohoConnector({ ...ZOHO_CLIENT, accountsUrl: zoho.url, apiUrl: zoho.url }),
    new HubSpotConnector({ token: HUBSPOT_TOKEN, apiUrl: hubspot.url, minCallGapMs: 0 }),
  ];
}

/** The bot on a fresh database with both connectors pointed at fresh loopback fakes. */
export async function startCrmApp(label: string, options: CrmModuleOptions = {}, shared: { databaseUri?: string } = {}): Promise<CrmHarness> {
  const zoho = await new FakeZoho().start();
  const hubspot = await new FakeHubSpot().start();
  const databaseUri = shared.databaseUri ?? freshDatabaseUri(label);
  const waits: number[] = [];
  const config = loadConfig({ NOTES_ADMINS: ADMIN, BULK_APPROVAL_THRESHOLD: '1000', BACKUP_DIR: await mkdtemp(path.join(tmpdir(), `notes-crm-${label}-`)) });
  const app = await createApp({
    config,
    logger: pino({ level: 'silent' }),
    databaseUri,
    crmConnectors: connectorsFor(zoho, hubspot),
    crmOptions: {
      ...options,
      drain: { retryDelayMs: 1, sleep: async (ms) => void waits.push(ms), ...options.drain },
      pull: { sleep: async (ms) => void waits.push(ms), ...options.pull },
    },
  });
  // No front end shows progress here: long work starts at once and each answer waits for it.
  app.startBackground();
  const run = async (text: string, actor = ADMIN) =>
    untilFinished(app, await app.dispatcher.execute({ actor: toActor(actor), origin: { platform: 'console', channelId: 'console' } }, parseCommand(text, { platform: 'console' })));
  return {
    app,
    zoho,
    hubspot,
    databaseUri,
    waits,
    run,
    async confirmed(text) {
      const asked = await run(text);
      if (!('confirmationId' in asked)) throw new Error(`"${text}" did not ask for confirmation: ${asked.kind}`);
      return run(`confirm ${asked.confirmationId}`);
    },
    outbox: () => outboxModel(app.connection).find({}).sort({ _id: 1 }).lean<OutboxEntry[]>().exec(),
    async close() {
      await app.close();
      await zoho.stop();
      await hubspot.stop();
    },
  };
}
