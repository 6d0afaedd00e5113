import { LoopbackServer, type LoopbackRequest, type Reply } from '../../support/loopbackServer.js';

/** One call the bot made to the open platform. */
export interface FeishuCall {
  kind: 'token' | 'bot-info' | 'send' | 'reply' | 'update' | 'ws-endpoint';
  /** The chat a message was sent to (send), or the message replied to / updated. */
  target?: string;
  /** The id the fake gave a new message (send, reply). */
  messageId?: string;
  /** The card, parsed from the message's `content` string. */
  card?: FeishuCardJson;
  authorization?: string;
}

export interface FeishuCardJson {
  schema: string;
  header?: { title: { content: string } };
  body: { elements: Array<Record<string, unknown>> };
  [key: string]: unknown;
}

export const FAKE_APP = { appId: 'cli_a1b2c3d4e5f60718', appSecret: 'fake-app-secret' };
export const BOT_OPEN_ID = 'ou_bot0000000000000000000000000000';
const TOKEN = 't-fake-tenant-access-token';

/**
 * A loopback stand-in for Feishu's open platform: the tenant access token (only for the app's own
 * id and secret), the bot's identity, send / reply / update (patch) message, and the long
 * connection's endpoint discovery. Every call is recorded; message calls without the tenant token
 * are refused as Feishu refuses them.
 */
export class FakeFeishu extends LoopbackServer {
  readonly calls: FeishuCall[] = [];
  /** Where `POST /callback/ws/endpoint` sends the long connection (set by the gateway test). */
  wsUrl = '';
  /** Milliseconds each message call waits before answering (a slow open platform). */
  delayMs = 0;
  private nextId = 1;

  /** Message calls (send, reply, update) after `mark`, an index taken with `calls.length`. */
  messagesSince(mark = 0): FeishuCall[] {
    return this.calls.slice(mark).filter((c) => c.kind === 'send' || c.kind === 'reply' || c.kind === 'update');
  }

  /** Waits until `count` message calls have arrived after `mark` (the bot replies after answering). */
  async waitForMessages(count: number, mark = 0, timeoutMs = 10_000): Promise<FeishuCall[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messagesSince(mark).length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} message calls, got ${JSON.stringify(this.messagesSince(mark), null, 1).slice(0, 2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.messagesSince(mark);
  }

  protected async handle(req: LoopbackRequest): Promise<Reply> {
    const { url } = req;
    const body = req.json();
    const authorization = req.headers.authorization;
    const answer = (status: number, value: unknown): Reply => ({ status, body: value });
    if (req.method === 'POST' && url.pathname === '/open-apis/auth/v3/tenant_access_token/internal') {
      this.calls.push({ kind: 'token' });
      if (body.app_id !== FAKE_APP.appId || body.app_secret !== FAKE_APP.appSecret) return answer(400, { code: 10014, msg: 'app secret invalid' });
      return answer(200, { code: 0, msg: 'ok', tenant_access_token: TOKEN, expire: 7200 });
    }
    if (req.method === 'POST' && url.pathname === '/callback/ws/endpoint') {
      this.calls.push({ kind: 'ws-endpoint' });
      if (body.AppID !== FAKE_APP.appId || body.AppSecret !== FAKE_APP.appSecret) return answer(200, { code: 403, msg: 'forbidden', data: {} });
      return answer(200, {
        code: 0,
        msg: 'ok',
        data: { URL: this.wsUrl, ClientConfig: { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 } },
      });
    }
    if (authorization !== `Bearer ${TOKEN}`) return answer(400, { code: 99991663, msg: 'Invalid access token for authorization' });
    if (req.method === 'GET' && url.pathname === '/open-apis/bot/v3/info') {
      this.calls.push({ kind: 'bot-info', authorization });
      return answer(200, { code: 0, msg: 'ok', bot: { open_id: BOT_OPEN_ID, app_name: 'Notes' } });
    }
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const message = /^\/open-apis\/im\/v1\/messages(?:\/([^/]+)(\/reply)?)?$/.exec(url.pathname);
    if (!message) return answer(404, { code: 404, msg: `no such API ${req.method} ${url.pathname}` });
    const [, messageId, reply] = message;
    const card = parseCard(body.content);
    if (!card) return answer(400, { code: 230001, msg: 'content is not a card' });
    if (req.method === 'POST' && !messageId) {
      if (url.searchParams.get('receive_id_type') !== 'chat_id' || body.msg_type !== 'interactive') return answer(400, { code: 230001, msg: 'bad send' });
      const id = `om_${this.nextId++}`;
      this.calls.push({ kind: 'send', target: String(body.receive_id), messageId: id, card, authorization });
      return answer(200, { code: 0, msg: 'ok', data: { message_id: id, chat_id: body.receive_id } });
    }
    if (req.method === 'POST' && reply) {
      const id = `om_${this.nextId++}`;
      this.calls.push({ kind: 'reply', target: messageId, messageId: id, card, authorization });
      return answer(200, { code: 0, msg: 'ok', data: { message_id: id } });
    }
    if (req.method === 'PATCH' && messageId) {
      this.calls.push({ kind: 'update', target: messageId, card, authorization });
      return answer(200, { code: 0, msg: 'ok', data: {} });
    }
    return answer(404, { code: 404, msg: 'no such API' });
  }
}

function parseCard(content: unknown): FeishuCardJson | undefined {
  if (typeof content !== 'string') return undefined;
  try {
    const card = JSON.parse(content) as FeishuCardJson;
    return card.schema === '2.0' && Array.isArray(card.body?.elements) ? card : undefined;
  } catch {
    return undefined;
  }
}

/** All the plain text of a card, in order: what a reader sees. */
export function cardText(card: FeishuCardJson | undefined): string {
  const texts: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      if (object.tag === 'plain_text' && typeof object.content === 'string') texts.push(object.content);
      for (const [key, child] of Object.entries(object)) if (key !== 'behaviors' && key !== 'confirm') walk(child);
    }
  };
  walk(card);
  return texts.join('\n');
}

/** The callback values of a card's buttons, by label. */
export function buttonsOf(card: FeishuCardJson | undefined): Array<{ label: string; value: { cmd: string; view?: string }; confirm: boolean }> {
  const found: Array<{ label: string; value: { cmd: string; view?: string }; confirm: boolean }> = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      if (object.tag === 'button') {
        const behaviors = object.behaviors as Array<{ value: { cmd: string; view?: string } }>;
        found.push({ label: (object.text as { content: string }).content, value: behaviors[0].value, confirm: Boolean(object.confirm) });
      }
      Object.values(object).forEach(walk);
    }
  };
  walk(card);
  return found;
}
