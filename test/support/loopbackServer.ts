import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a fake sees it: the whole body already read, so a handler can stay synchronous. */
export interface LoopbackRequest {
  method: string;
  /** Absolute, against the fake's own `url`: `pathname` to route on, `searchParams` for queries. */
  url: URL;
  headers: IncomingHttpHeaders;
  /** The raw body (UTF-8), '' when there was none. */
  text: string;
  /**
   * The body as JSON, `{}` when empty; throws on malformed JSON (the fake then answers 500). `T`
   * is the shape the fake expects, not checked: the bot under test is the client.
   */
  json<T = Record<string, unknown>>(): T;
  /** The body as an `application/x-www-form-urlencoded` form. */
  form(): URLSearchParams;
}

/** A fake's answer. `body` goes out as JSON; without one the response has no body (as a 204 must). */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * The HTTP plumbing every loopback fake of a platform's API shares: a node:http server on
 * 127.0.0.1 and a free port, each body read whole before the fake sees it, every request logged,
 * and JSON answers. A fake extends it and implements `handle` (its route table); what it records
 * for the tests to assert (`calls`, `deleteCalls`...) stays the fake's own, in the platform's terms.
 *
 * `start()` makes a new server each time, so a test can stop a fake (the platform is unreachable)
 * and start it again; it comes back on a new port, so `url` is read after `start()`.
 */
export abstract class LoopbackServer {
  /** Every request that reached the fake, in order (whatever its route and answer). */
  readonly requests: Array<{ method: string; path: string }> = [];
  private server?: Server;
  private port = 0;

  /** Answers one request; a throw becomes a 500 rather than a hung client. */
  protected abstract handle(request: LoopbackRequest): Reply | Promise<Reply>;

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.serve(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  /** Closes the server, cutting kept-alive client connections so the close does not wait on them. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The fake's base URL, no trailing slash (port 0 until `start()` has bound). */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push({ method, path: url.pathname });
    let reply: Reply;
    try {
      reply = await this.handle({
        method,
        url,
        headers: req.headers,
        text,
        json: <T,>() => (text ? JSON.parse(text) : {}) as T,
        form: () => new URLSearchParams(text),
      });
    } catch (error) {
      reply = { status: 500, body: { message: (error as Error).message } };
    }
    const body = reply.body === undefined ? '' : JSON.stringify(reply.body);
    res.writeHead(reply.status, { ...(body ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...reply.headers });
    res.end(body);
  }
}
