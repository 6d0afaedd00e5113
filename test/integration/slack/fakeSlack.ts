import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { blockKitViolations } from '../../../adapters/slack/limits.js';

/**
 * A loopback stand-in for Slack's Web API (`/api/<method>`) and for response_urls
 * (`/respond/<n>`). It records what the bot sent, answers like Slack does, and runs every
 * message and modal through the Block Kit limit check as it arrives.
 */
export interface SlackCall {
  /** Web API method (`chat.postMessage`) or `response_url` for posts to a response URL. */
  method: string;
  /** For response_url posts: which one (the n of `/respond/<n>`). */
  responseId?: number;
  body: Record<string, unknown>;
  authorization?: string;
}

export const BOT_USER = 'UBOTNOTES';
export const BOT_ID = 'BNOTES01';

export class FakeSlack {
  readonly calls: SlackCall[] = [];
  /** Block Kit limit violations found in anything the bot sent; every test file asserts it stays empty. */
  readonly violations: string[] = [];
  payloadsChecked = 0;
  /** What `apps.connections.open` hands out (the Socket Mode test's WebSocket server). */
  socketUrl = '';
  /** Delay before a response_url post is recorded and answered (a slow Slack). */
  responseDelayMs = 0;
  /** Methods that should answer `{ ok: false, error }`, to test failure paths. */
  readonly failing = new Map<string, string>();
  private server?: Server;
  private port = 0;
  private ts = 1_764_400_000;
  private views = 0;
  private responseIds = 0;
  private waiters: Array<() => void> = [];

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** SLACK_API_URL for the app under test. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** A fresh response_url, so each request's answers can be told apart. */
  newResponseUrl(): { id: number; url: string } {
    this.responseIds += 1;
    return { id: this.responseIds, url: `http://127.0.0.1:${this.port}/respond/${this.responseIds}` };
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  responsesTo(responseId: number): SlackCall[] {
    return this.calls.filter((c) => c.method === 'response_url' && c.responseId === responseId);
  }

  /** Resolves with the first recorded call (from index `from` on) matching, or fails after `ms`. */
  async waitFor(match: (call: SlackCall) => boolean, options: { from?: number; ms?: number } = {}): Promise<SlackCall> {
    const deadline = Date.now() + (options.ms ?? 8_000);
    for (;;) {
      const found = this.calls.slice(options.from ?? 0).find(match);
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(`no matching Slack call within ${options.ms ?? 8_000} ms; saw: ${this.calls.map((c) => c.method).join(', ')}`);
      }
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req);
    const url = req.url ?? '/';
    const respond = /^\/respond\/(\d+)$/.exec(url);
    const apiMethod = /^\/api\/([\w.]+)$/.exec(url);
    const body = parseBody(raw, req.headers['content-type']);
    if (respond) {
      if (this.responseDelayMs) await new Promise((r) => setTimeout(r, this.responseDelayMs));
      this.record({ method: 'response_url', responseId: Number(respond[1]), body });
      json(res, 200, { ok: true });
      return;
    }
    if (!apiMethod) {
      json(res, 404, { ok: false, error: 'unknown_url' });
      return;
    }
    const method = apiMethod[1];
    this.record({ method, body, authorization: req.headers.authorization });
    const failure = this.failing.get(method);
    json(res, 200, failure ? { ok: false, error: failure } : this.answer(method, body));
  }

  /** Each user's Slack language, as `users.info` reports it (default en-US). */
  readonly userLocales = new Map<string, string>();

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: BOT_USER, bot_id: BOT_ID, team_id: 'T0TEAM', user: 'notes' };
      case 'chat.postMessage':
        return { ok: true, channel: body.channel, ts: this.nextTs(), message: { text: body.text } };
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'views.open':
        this.views += 1;
        return { ok: true, view: { id: `V${this.views}`, ...(body.view as object) } };
      case 'views.update':
        return { ok: true, view: { id: body.view_id, ...(body.view as object) } };
      case 'users.info':
        // Like Slack: the locale only when asked for (include_locale), else nothing.
        return { ok: true, user: { id: body.user, ...(String(body.include_locale) === 'true' ? { locale: this.userLocales.get(String(body.user)) ?? 'en-US' } : {}) } };
      case 'apps.connections.open':
        return this.socketUrl ? { ok: true, url: this.socketUrl } : { ok: false, error: 'not_socket_mode' };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private record(call: SlackCall) {
    this.calls.push(call);
    const kind = ['views.open', 'views.update'].includes(call.method) ? 'modal' : 'message';
    if (['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'response_url'].includes(call.method) || kind === 'modal') {
      const payload = kind === 'modal' ? call.body.view : call.body;
      this.payloadsChecked += 1;
      for (const problem of blockKitViolations(kind, payload)) this.violations.push(`${call.method}: ${problem}`);
    }
    for (const wake of this.waiters.splice(0)) wake();
  }

  private nextTs(): string {
    this.ts += 1;
    return `${this.ts}.000100`;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The Web API client sends forms whose nested fields (blocks, view) are JSON strings. */
function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = /^[[{]/.test(value) ? (JSON.parse(value) as unknown) : value;
  }
  return out;
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
