import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';

/**
 * Slack's side of Socket Mode on loopback: accepts the app's WebSocket (whose URL the fake Web
 * API's `apps.connections.open` hands out), says `hello`, delivers envelopes and records the
 * acks the app sends back.
 */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export class FakeSocketMode {
  readonly acks: SocketAck[] = [];
  connections = 0;
  private server?: WebSocket.Server;
  private socket?: WebSocket;

  async start(): Promise<this> {
    this.server = new WebSocket.Server({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => this.server!.once('listening', () => resolve()));
    this.server.on('connection', (socket) => {
      this.connections += 1;
      this.socket = socket;
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as SocketAck;
        if (message.envelope_id) this.acks.push(message);
      });
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0NOTES' }, debug_info: { host: 'fake' } }));
    });
    return this;
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server!.address() as AddressInfo).port}/link/?ticket=fake`;
  }

  deliver(envelope: { envelope_id: string; type: string; payload: Record<string, unknown> }): void {
    if (!this.socket) throw new Error('the app has not connected');
    this.socket.send(JSON.stringify({ ...envelope, accepts_response_payload: envelope.type !== 'events_api', retry_attempt: 0, retry_reason: '' }));
  }

  async waitForAck(envelopeId: string, ms = 5_000): Promise<SocketAck> {
    const deadline = Date.now() + ms;
    for (;;) {
      const ack = this.acks.find((a) => a.envelope_id === envelopeId);
      if (ack) return ack;
      if (Date.now() > deadline) throw new Error(`no ack for envelope ${envelopeId} within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async stop(): Promise<void> {
    for (const client of this.server?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
