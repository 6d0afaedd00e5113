import { LoopbackServer, type LoopbackRequest, type Reply } from '../../support/loopbackServer.js';

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
export class FakeConnector extends LoopbackServer {
  readonly calls: ConnectorCall[] = [];
  openIdKeys: object[] = [];
  private nextId = 1;

  /** Calls made after `mark` (an index taken with `calls.length` before a step). */
  since(mark: number): ConnectorCall[] {
    return this.calls.slice(mark);
  }

  protected handle(req: LoopbackRequest): Reply {
    const path = req.url.pathname;
    if (req.method === 'GET' && path === '/openid/.well-known/openid-configuration') {
      return { status: 200, body: { issuer: 'https://api.botframework.com', jwks_uri: `${this.url}/openid/keys`, id_token_signing_alg_values_supported: ['RS256'] } };
    }
    if (req.method === 'GET' && path === '/openid/keys') return { status: 200, body: { keys: this.openIdKeys } };
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/.exec(path);
    if (!match || (req.method !== 'POST' && req.method !== 'PUT')) return { status: 404, body: { error: { code: 'NotFound', message: `no route ${req.method} ${path}` } } };
    const body = req.json<ConnectorActivity>();
    const activityId = match[2] ? decodeURIComponent(match[2]) : undefined;
    const assignedId = req.method === 'PUT' && activityId ? activityId : `act-${this.nextId++}`;
    this.calls.push({ method: req.method, conversationId: decodeURIComponent(match[1]), ...(activityId ? { activityId } : {}), assignedId, body });
    return { status: 200, body: { id: assignedId } };
  }
}

/** The Adaptive Card content of an activity the bot sent, if it carried one. */
export function cardOf(activity: ConnectorActivity): Record<string, unknown> | undefined {
  return activity.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}
