import { blockKitViolations } from '../../../adapters/slack/limits.js';
import { LoopbackServer, type LoopbackRequest, type Reply } from '../../support/loopbackServer.js';

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

export class FakeSlack extends LoopbackServer {
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
  private ts = 1_764_400_000;
  private views = 0;
  private responseIds = 0;
  private waiters: Array<() => void> = [];

  /** SLACK_API_URL for the app under test. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A fresh response_url, so each request's answers can be told apart. */
  newResponseUrl(): { id: number; url: string } {
    this.responseIds += 1;
    return { id: this.responseIds, url: `${this.url}/respond/${this.responseIds}` };
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

  protected async handle(req: LoopbackRequest): Promise<Reply> {
    const respond = /^\/respond\/(\d+)$/.exec(req.url.pathname);
    const apiMethod = /^\/api\/([\w.]+)$/.exec(req.url.pathname);
    const body = parseBody(req);
    if (respond) {
      if (this.responseDelayMs) await new Promise((r) => setTimeout(r, this.responseDelayMs));
      this.record({ method: 'response_url', responseId: Number(respond[1]), body });
      return { status: 200, body: { ok: true } };
    }
    if (!apiMethod) return { status: 404, body: { ok: false, error: 'unknown_url' } };
    const method = apiMethod[1];
    this.record({ method, body, authorization: req.headers.authorization });
    const failure = this.failing.get(method);
    return { status: 200, body: failure ? { ok: false, error: failure } : this.answer(method, body) };
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

/** The Web API client sends forms whose nested fields (blocks, view) are JSON strings. */
function parseBody(req: LoopbackRequest): Record<string, unknown> {
  if (!req.text) return {};
  if (req.headers['content-type']?.includes('application/json')) return req.json();
  const out: Record<string, unknown> = {};
  for (const [key, value] of req.form()) {
    out[key] = /^[[{]/.test(value) ? (JSON.parse(value) as unknown) : value;
  }
  return out;
}
