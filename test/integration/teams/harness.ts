import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createApp, type App } from '../../../root/app.js';
import { loadConfig } from '../../../adapters/config.js';
import { startServer, type RunningServer } from '../../../root/server.js';
import { teamsPlatform } from '../../../adapters/teams/index.js';
import { freshDatabaseUri } from '../../support/database.js';
import { expectValidCard } from './cardAssertions.js';
import { cardOf, FakeConnector, type ConnectorCall } from './fakeConnector.js';

export const BOT = { id: '28:notes-bot', name: 'Notes' };
export const TENANT = 'tenant-1';
export const CONVERSATION = '19:sales@thread.tacv2';

export interface TeamsUser {
  aadObjectId: string;
  name: string;
  /** `locale` of the user's Teams client (`zh-CN`), when the test sets one. */
  locale?: string;
}

export const user = (aadObjectId: string): TeamsUser => ({ aadObjectId, name: aadObjectId });

export interface BotResponse {
  status: number;
  body: unknown;
  /** What the bot sent to the connector while handling this request. */
  sent: ConnectorCall[];
}

/**
 * The real app (config -> database -> server with Teams mounted) on loopback, plus a fake
 * connector its replies go to. Every card the app sends, by connector or invoke response, passes
 * the shared Adaptive Card assertion before a test sees it.
 */
export class TeamsHarness {
  app!: App;
  server!: RunningServer;
  readonly connector = new FakeConnector();
  private activitySeq = 1;
  cardsChecked = 0;
  databaseUri = '';

  /**
   * `authOverrides` (given the fake connector's URL) mounts Teams the way `startServer` does but
   * with extra botbuilder auth settings, e.g. an OpenID metadata URL serving the test's own key.
   */
  async start(
    label: string,
    env: Record<string, string> | ((connectorUrl: string) => Record<string, string>) = {},
    authOverrides?: (connectorUrl: string) => Record<string, string>,
  ): Promise<this> {
    await this.connector.start();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'notes-teams-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      TEAMS_ENABLED: 'true',
      NOTES_ADMINS: 'teams:admin-1,teams:admin-2',
      BULK_APPROVAL_THRESHOLD: '3',
      DATA_DIR: dataDir,
      // A backup directory of this app's own.
      BACKUP_DIR: path.join(dataDir, 'backups'),
      ...(typeof env === 'function' ? env(this.connector.url) : env),
    });
    this.databaseUri = freshDatabaseUri(label);
    this.app = await createApp({ config, logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), databaseUri: this.databaseUri });
    const platforms = authOverrides ? [teamsPlatform({ authOverrides: authOverrides(this.connector.url) })] : undefined;
    this.server = await startServer(this.app, { port: 0, host: '127.0.0.1', ...(platforms ? { platforms } : {}) });
    return this;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    await this.app?.close();
    await this.connector.stop();
    if (this.app) {
      rmSync(this.app.config.DATA_DIR, { recursive: true, force: true });
      rmSync(this.app.config.backupDir, { recursive: true, force: true });
    }
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.server.port}/api/messages`;
  }

  /** POSTs a raw activity; records what the bot sent meanwhile and checks every card in it. */
  async post(activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<BotResponse> {
    const mark = this.connector.calls.length;
    const res = await fetch(this.endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });
    const raw = await res.text();
    const body: unknown = raw ? JSON.parse(raw) : undefined;
    const sent = this.connector.since(mark);
    for (const call of sent) this.checkCard(cardOf(call.body));
    const invokeCard = invokeCardOf(body);
    if (invokeCard) this.checkCard(invokeCard);
    return { status: res.status, body, sent };
  }

  activity(from: TeamsUser, fields: Record<string, unknown>, conversationId = CONVERSATION): Record<string, unknown> {
    return {
      id: `in-${this.activitySeq++}`,
      channelId: 'msteams',
      serviceUrl: `${this.connector.url}/`,
      timestamp: new Date().toISOString(),
      from: { id: `29:${from.aadObjectId}`, name: from.name, aadObjectId: from.aadObjectId },
      recipient: BOT,
      conversation: { id: conversationId, tenantId: TENANT, conversationType: 'channel', isGroup: true },
      channelData: { tenant: { id: TENANT } },
      // The Teams client's language, as Teams sends it on every activity.
      ...(from.locale ? { locale: from.locale } : {}),
      ...fields,
    };
  }

  /** A channel message `@Notes <text>`, as Teams sends it. */
  say(from: TeamsUser, text: string, conversationId?: string): Promise<BotResponse> {
    return this.post(
      this.activity(
        from,
        {
          type: 'message',
          text: `<at>${BOT.name}</at> ${text}`,
          entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }],
        },
        conversationId,
      ),
    );
  }

  /** A click on one of our Action.Execute buttons (`data` as on the card, plus any inputs). */
  click(from: TeamsUser, data: Record<string, unknown>, conversationId?: string, cardMessageId?: string): Promise<BotResponse> {
    return this.post(
      this.activity(
        from,
        {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', verb: 'notes', data }, trigger: 'manual' },
          // Teams sets replyToId to the message that holds the clicked card.
          ...(cardMessageId ? { replyToId: cardMessageId } : {}),
        },
        conversationId,
      ),
    );
  }

  private checkCard(card: Record<string, unknown> | undefined) {
    if (!card) return;
    expectValidCard(card);
    this.cardsChecked += 1;
  }
}

/** The card of an invoke response that replaced the clicked card. */
export function invokeCardOf(body: unknown): Record<string, unknown> | undefined {
  const response = body as { type?: string; value?: unknown } | undefined;
  return response?.type === 'application/vnd.microsoft.card.adaptive' ? (response.value as Record<string, unknown>) : undefined;
}

/** The text Teams shows the clicker for a message-type invoke response. */
export function invokeMessageOf(body: unknown): string | undefined {
  const response = body as { type?: string; value?: unknown } | undefined;
  return response?.type === 'application/vnd.microsoft.activity.message' ? String(response.value) : undefined;
}

/** All text of a card, flattened, for `toContain` assertions. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      for (const key of ['text', 'title', 'value']) if (typeof record[key] === 'string') out.push(record[key] as string);
      for (const value of Object.values(record)) if (typeof value === 'object') walk(value);
    }
  };
  walk(card);
  return out.join('\n');
}

export interface FoundAction {
  title: string;
  data: Record<string, unknown>;
}

/** Every Action.Execute on a card (card-level and inside ActionSets), in order. */
export function actionsOf(card: unknown): FoundAction[] {
  const found: FoundAction[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'Action.Execute') found.push({ title: String(record.title), data: record.data as Record<string, unknown> });
      for (const value of Object.values(record)) if (typeof value === 'object') walk(value);
    }
  };
  walk(card);
  return found;
}

export function action(card: unknown, title: string): FoundAction {
  const found = actionsOf(card).find((a) => a.title === title);
  if (!found) throw new Error(`no "${title}" action on card: ${actionsOf(card).map((a) => a.title).join(', ')}`);
  return found;
}

/** The one card the bot sent in a response (new message or reply). */
export function sentCard(response: BotResponse, index = 0): Record<string, unknown> {
  const card = response.sent.map((c) => cardOf(c.body)).filter(Boolean)[index];
  if (!card) throw new Error(`no card #${index} among ${response.sent.length} sent activities: ${JSON.stringify(response.sent.map((c) => c.body.text ?? c.body.type))}`);
  return card;
}

/** Message text as Teams shows it: markdown escapes and the three entities decoded. */
export const shownText = (text: string): string =>
  text.replace(/\\([\\`*_~[\]])/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The texts of the plain messages the bot sent, as Teams shows them. */
export const sentTexts = (response: BotResponse): string[] => response.sent.map((c) => shownText(c.body.text ?? '')).filter(Boolean);
