import { expect } from '@jest/globals';
import { pino } from 'pino';
import { createApp, type App } from '../../../root/app.js';
import { decodeButtonValue } from '../../../adapters/slack/buttonValue.js';
import { loadConfig } from '../../../adapters/config.js';
import { startServer, type RunningServer } from '../../../root/server.js';
import { freshDatabaseUri } from '../../support/database.js';
import { FakeSlack, type SlackCall } from './fakeSlack.js';
import { interactionForm, signedHeaders, slashCommandForm, type SignOptions } from './signer.js';

export const SECRET = 'test-signing-secret-0123456789abcdef';
export const CHANNEL = 'C0SALES';
export const ADMIN1 = 'UADMIN1';
export const ADMIN2 = 'UADMIN2';
export const MEMBER = 'UMEMBER1';

export interface Sent {
  status: number;
  /** The response_url this request carried (the n of `/respond/<n>`). */
  responseId: number;
  /** Index into the fake's calls when the request was sent: what came after is its doing. */
  mark: number;
}

type Json = Record<string, unknown>;

/**
 * The real app (config -> database -> HTTP server with Slack mounted) on loopback, its Web API
 * pointed at a fake Slack. Requests are signed like Slack's; answers are read from the fake.
 */
export class SlackHarness {
  app!: App;
  server!: RunningServer;
  readonly fake = new FakeSlack();
  private triggers = 0;

  databaseUri = '';
  /** Minutes the app's clock runs ahead of real time (for expiry tests). */
  clockOffsetMinutes = 0;

  /** `databaseUri` lets a second instance share the first one's database. */
  async start(label: string, env: Record<string, string> = {}, options: { databaseUri?: string } = {}): Promise<this> {
    await this.fake.start();
    const config = loadConfig({
      NODE_ENV: 'test',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_API_URL: this.fake.apiUrl,
      NOTES_ADMINS: `slack:${ADMIN1},slack:${ADMIN2}`,
      BULK_APPROVAL_THRESHOLD: '3',
      DATA_DIR: `/tmp/notes-slack-test-${process.pid}`,
      ...env,
    });
    this.databaseUri = options.databaseUri ?? freshDatabaseUri(label);
    const logger = pino({ level: process.env.SLACK_TEST_LOG ?? 'silent' });
    const clock = { now: () => new Date(Date.now() + this.clockOffsetMinutes * 60_000) };
    this.app = await createApp({ config, logger, databaseUri: this.databaseUri, clock });
    this.server = await startServer(this.app, { port: 0, host: '127.0.0.1' });
    return this;
  }

  /** Stops everything and asserts no payload the app sent broke a Block Kit limit. */
  async stop(): Promise<void> {
    await this.server?.stop();
    await this.app?.close();
    await this.fake.stop();
    expect(this.fake.violations).toEqual([]);
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.server.port}/slack/events`;
  }

  async post(body: string, sign: Partial<SignOptions> = {}): Promise<Response> {
    return fetch(this.endpoint, { method: 'POST', headers: signedHeaders(body, { secret: SECRET, ...sign }), body });
  }

  async command(userId: string, text: string, options: { channelId?: string; sign?: Partial<SignOptions> } = {}): Promise<Sent> {
    const mark = this.fake.calls.length;
    const { id, url } = this.fake.newResponseUrl();
    const body = slashCommandForm({ userId, channelId: options.channelId ?? CHANNEL, text, responseUrl: url, triggerId: this.nextTrigger() });
    const res = await this.post(body, options.sign);
    await res.text();
    return { status: res.status, responseId: id, mark };
  }

  /** Sends a command and returns the first message the bot sent back to its response_url. */
  async ask(userId: string, text: string, channelId?: string): Promise<Json> {
    const sent = await this.command(userId, text, { channelId });
    expect(sent.status).toBe(200);
    return this.replyTo(sent);
  }

  async replyTo(sent: Sent, nth = 0): Promise<Json> {
    await this.fake.waitFor(() => this.fake.responsesTo(sent.responseId).length > nth, { from: sent.mark });
    return this.fake.responsesTo(sent.responseId)[nth].body;
  }

  /** A click on a button in a message (as `block_actions`), optionally with ticked checkboxes. */
  async click(userId: string, button: Json, options: { channelId?: string; state?: Json; sign?: Partial<SignOptions> } = {}): Promise<Sent> {
    const mark = this.fake.calls.length;
    const { id, url } = this.fake.newResponseUrl();
    const channelId = options.channelId ?? CHANNEL;
    const payload = {
      type: 'block_actions',
      team: { id: 'T0TEAM', domain: 'acme' },
      user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: 'T0TEAM' },
      api_app_id: 'A0NOTES',
      token: 'verification-token-unused',
      container: { type: 'message', message_ts: '1764400000.000100', channel_id: channelId, is_ephemeral: true },
      trigger_id: this.nextTrigger(),
      channel: { id: channelId, name: 'sales' },
      response_url: url,
      actions: [{ type: button.type ?? 'button', action_id: button.action_id, block_id: 'b1', value: button.value, action_ts: '1764400001.0001' }],
      ...(options.state ? { state: { values: options.state } } : {}),
    };
    const res = await this.post(interactionForm(payload), options.sign);
    await res.text();
    return { status: res.status, responseId: id, mark };
  }

  /** Submits (or closes) a modal as the bot last set it in `views.update`. */
  async answerModal(userId: string, view: Json, type: 'view_submission' | 'view_closed'): Promise<Sent> {
    const mark = this.fake.calls.length;
    const payload = {
      type,
      team: { id: 'T0TEAM', domain: 'acme' },
      user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: 'T0TEAM' },
      api_app_id: 'A0NOTES',
      token: 'verification-token-unused',
      trigger_id: this.nextTrigger(),
      view: { id: 'V-submitted', team_id: 'T0TEAM', type: 'modal', state: { values: {} }, hash: 'h1', ...view },
      ...(type === 'view_submission' ? { response_urls: [] } : { is_cleared: false }),
    };
    const res = await this.post(interactionForm(payload));
    await res.text();
    return { status: res.status, responseId: -1, mark };
  }

  /** The modal the bot put up for a request: views.open first, then views.update with content. */
  async modalAfter(sent: Sent): Promise<{ opened: SlackCall; updated: SlackCall; view: Json }> {
    const opened = await this.fake.waitFor((c) => c.method === 'views.open', { from: sent.mark });
    const viewId = `V${this.fake.callsTo('views.open').indexOf(opened) + 1}`;
    const updated = await this.fake.waitFor((c) => c.method === 'views.update' && c.body.view_id === viewId, { from: sent.mark });
    return { opened, updated, view: updated.body.view as Json };
  }

  private nextTrigger(): string {
    this.triggers += 1;
    return `trigger-${this.triggers}.${Date.now()}`;
  }
}

/** Every text a message or view shows (section text, fields, context, buttons), joined. */
export function textOf(payload: unknown): string {
  const parts: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'text' && typeof inner === 'string') parts.push(inner);
        else if (key !== 'value' && key !== 'private_metadata') walk(inner);
      }
    }
  };
  walk(payload);
  return parts.join('\n');
}

/** Text as Slack shows it: its three entities decoded, and the zero-width spaces that keep marks literal dropped. */
export function shown(text: unknown): string {
  return String(text).replace(/\u200B/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** All buttons (and checkboxes) in a payload with this action_id. */
export function elementsOf(payload: unknown, actionId: string): Json[] {
  const found: Json[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const obj = value as Json;
      if (obj.action_id === actionId) found.push(obj);
      Object.values(obj).forEach(walk);
    }
  };
  walk(payload);
  return found;
}

/** The id a button acts on: its value, or on a list's button the id beside the list's command (buttonValue.ts). */
export function idOf(button: Json): string {
  return decodeButtonValue(String(button.value)).id;
}

/** The first button with this action_id (acting on the id `value`, when given). */
export function buttonOf(payload: unknown, actionId: string, value?: string): Json {
  const all = elementsOf(payload, actionId).filter((b) => value === undefined || idOf(b) === value);
  if (all.length === 0) throw new Error(`no ${actionId} button${value ? ` with value ${value}` : ''} in ${JSON.stringify(payload).slice(0, 500)}`);
  return all[0];
}
