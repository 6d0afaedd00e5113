import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../../src/ports/system.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * The one HTTP server of a process: Slack's `/slack/events`, Teams' `/api/messages` and
 * `/healthz` share it. Platform adapters mount their handlers; this module only routes, and
 * shuts down gracefully (stop accepting, finish in-flight requests).
 */
export class HttpServer {
  private readonly routes = new Map<string, RouteHandler>();
  /** Routes with an id in the path (`DELETE /api/v1/notes/<id>`): method and path prefix. */
  private readonly prefixes: { method: string; prefix: string; handler: RouteHandler }[] = [];
  private readonly server: Server;
  private inFlight = 0;

  constructor(private readonly logger: Logger) {
    this.server = createServer((req, res) => void this.handle(req, res));
    // Slack and Bot Framework keep connections alive; do not let idle sockets hold shutdown.
    this.server.keepAliveTimeout = 5_000;
  }

  mount(method: string, path: string, handler: RouteHandler): void {
    this.routes.set(`${method.toUpperCase()} ${path}`, handler);
  }

  /** A handler for every path under `prefix` (which ends in `/`) that has something after it. */
  mountPrefix(method: string, prefix: string, handler: RouteHandler): void {
    this.prefixes.push({ method: method.toUpperCase(), prefix, handler });
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0];
    const underPrefix = this.prefixes.filter((p) => path.startsWith(p.prefix) && path.length > p.prefix.length);
    const handler = this.routes.get(`${req.method} ${path}`) ?? underPrefix.find((p) => p.method === req.method)?.handler;
    if (!handler) {
      const known = underPrefix.length > 0 || [...this.routes.keys()].some((key) => key.endsWith(` ${path}`));
      res.writeHead(known ? 405 : 404, { 'content-type': 'text/plain' }).end(known ? 'method not allowed' : 'not found');
      return;
    }
    this.inFlight += 1;
    try {
      await handler(req, res);
    } catch (error) {
      this.logger.error({ err: error, path }, 'unhandled error in HTTP handler');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
    } finally {
      this.inFlight -= 1;
    }
  }

  listen(port: number, host = '0.0.0.0'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  /** Stops taking connections, waits for in-flight requests (at most `graceMs`), then closes. */
  async close(graceMs = 10_000): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const deadline = Date.now() + graceMs;
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    this.server.closeAllConnections();
    await closed;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
