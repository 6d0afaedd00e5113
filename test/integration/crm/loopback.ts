import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  text: string;
  json(): unknown;
}

/** A loopback HTTP server for the CRM fakes: one handler, JSON in and out, every request recorded. */
export class Loopback {
  readonly requests: Array<{ method: string; path: string }> = [];
  private server?: Server;
  private port = 0;

  constructor(private readonly handle: (request: FakeRequest) => Reply | Promise<Reply>) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname });
    let reply: Reply;
    try {
      reply = await this.handle({ method: req.method ?? 'GET', url, headers: req.headers, text, json: () => (text ? JSON.parse(text) : {}) });
    } catch (error) {
      reply = { status: 500, body: { message: (error as Error).message } };
    }
    const body = reply.body === undefined ? '' : JSON.stringify(reply.body);
    res.writeHead(reply.status, { ...(body ? { 'content-type': 'application/json;charset=utf-8' } : {}), ...reply.headers });
    res.end(body);
  }
}
