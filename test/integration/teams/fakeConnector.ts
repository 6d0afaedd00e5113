import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** One call the bot made to the Bot Framework connector. */
export interface ConnectorCall {
  method: 'POST' | 'PUT';
  conversationId: string;
  /** The reply-to id (POST) or the updated activity's id (PUT); absent for a new message. */
  activityId?: string;
  /** The id the fake gave the activity (what `sendActivity` resolved to). */
  assignedId: string;
  body: ConnectorActivity;
}

export interface ConnectorActivity {
  type: string;
  text?: string;
  attachments?: Array<{ contentType: string; content: Record<string, unknown> }>;
  conversation?: { id: string };
  replyToId?: string;
  [key: string]: unknown;
}

/**
 * A loopback stand-in for the Bot Framework connector service: records `POST/PUT
 * /v3/conversations/:id/activities[/:activityId]` and answers like the service (a ResourceResponse
 * with the activity id). It can also serve OpenID metadata and signing keys, so a test can make
 * botbuilder trust its own key.
 */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  openIdKeys: object[] = [];
  private readonly server: Server;
  private nextId = 1;
  url = '';

  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('fake connector did not bind');
    this.url = `http://127.0.0.1:${address.port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Calls made after `mark` (an index taken with `calls.length` before a step). */
  since(mark: number): ConnectorCall[] {
    return this.calls.slice(mark);
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/openid/.well-known/openid-configuration') {
      return json(res, 200, { issuer: 'https://api.botframework.com', jwks_uri: `${this.url}/openid/keys`, id_token_signing_alg_values_supported: ['RS256'] });
    }
    if (req.method === 'GET' && path === '/openid/keys') return json(res, 200, { keys: this.openIdKeys });
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/.exec(path);
    if (!match || (req.method !== 'POST' && req.method !== 'PUT')) return json(res, 404, { error: { code: 'NotFound', message: `no route ${req.method} ${path}` } });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ConnectorActivity;
    const activityId = match[2] ? decodeURIComponent(match[2]) : undefined;
    const assignedId = req.method === 'PUT' && activityId ? activityId : `act-${this.nextId++}`;
    this.calls.push({ method: req.method, conversationId: decodeURIComponent(match[1]), ...(activityId ? { activityId } : {}), assignedId, body });
    json(res, 200, { id: assignedId });
  }
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** The Adaptive Card content of an activity the bot sent, if it carried one. */
export function cardOf(activity: ConnectorActivity): Record<string, unknown> | undefined {
  return activity.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}
