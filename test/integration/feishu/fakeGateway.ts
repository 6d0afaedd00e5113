import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';

/**
 * A loopback stand-in for Feishu's long-connection gateway. The SDK's WSClient (read from
 * @larksuiteoapi/node-sdk 1.74: WSClient.pullConnectConfig, communicate, handleEventData) first
 * asks `POST <domain>/callback/ws/endpoint` for a URL (the fake open platform answers with this
 * gateway's), connects, and then exchanges protobuf `pbbp2.Frame`s: method 1 (data) frames with
 * headers type=event, message_id, sum, seq, trace_id carry an event's JSON as payload; the client
 * answers each with the same frame, payload `{"code":200,"data":base64(JSON of the handler's
 * answer)}`. Method 0 (control) frames are ping/pong. The frame is small enough to encode by hand.
 */
export interface Frame {
  SeqID: number;
  LogID: number;
  service: number;
  method: number;
  headers: Array<{ key: string; value: string }>;
  payload?: Buffer;
}

export class FakeGateway {
  private readonly server: WebSocket.Server;
  private socket: WebSocket | undefined;
  private readonly answers = new Map<string, (frame: Frame) => void>();
  private seq = 1;
  connections = 0;
  /** Resolves once the gateway's port is known. */
  readonly listening: Promise<void>;

  constructor() {
    this.server = new WebSocket.Server({ host: '127.0.0.1', port: 0 });
    this.listening = new Promise((resolve) => this.server.once('listening', () => resolve()));
    this.server.on('connection', (socket) => {
      this.connections += 1;
      this.socket = socket;
      socket.on('message', (data) => {
        const frame = decodeFrame(data as Buffer);
        const messageId = frame.headers.find((h) => h.key === 'message_id')?.value;
        if (frame.method === 1 && messageId) this.answers.get(messageId)?.(frame);
      });
    });
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/ws?device_id=device-1&service_id=7`;
  }

  async connected(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.socket || this.socket.readyState !== WebSocket.OPEN) {
      if (Date.now() > deadline) throw new Error('the client never connected to the gateway');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Pushes an event as Feishu does and resolves with the client's answer (decoded from base64). */
  async push(event: Record<string, unknown>, timeoutMs = 10_000): Promise<{ code: number; answer: unknown }> {
    const messageId = `msg-${this.seq++}`;
    const answered = new Promise<Frame>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${messageId}`)), timeoutMs);
      this.answers.set(messageId, (frame) => {
        clearTimeout(timer);
        resolve(frame);
      });
    });
    const headers = [
      { key: 'type', value: 'event' },
      { key: 'message_id', value: messageId },
      { key: 'sum', value: '1' },
      { key: 'seq', value: '0' },
      { key: 'trace_id', value: `trace-${messageId}` },
    ];
    this.socket!.send(encodeFrame({ SeqID: this.seq, LogID: this.seq, service: 7, method: 1, headers, payload: Buffer.from(JSON.stringify(event)) }));
    const frame = await answered;
    const body = JSON.parse(frame.payload?.toString('utf8') ?? '{}') as { code: number; data?: string };
    return { code: body.code, answer: body.data ? JSON.parse(Buffer.from(body.data, 'base64').toString('utf8')) : undefined };
  }

  async stop(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

// --- protobuf, just enough for pbbp2.Frame (fields 1-4 varints, 5 headers, 8 payload) ---

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

const key = (field: number, wireType: number) => varint((field << 3) | wireType);
const bytesField = (field: number, value: Buffer) => Buffer.concat([key(field, 2), varint(value.length), value]);

export function encodeFrame(frame: Frame): Buffer {
  const parts = [key(1, 0), varint(frame.SeqID), key(2, 0), varint(frame.LogID), key(3, 0), varint(frame.service), key(4, 0), varint(frame.method)];
  for (const header of frame.headers) {
    parts.push(bytesField(5, Buffer.concat([bytesField(1, Buffer.from(header.key)), bytesField(2, Buffer.from(header.value))])));
  }
  if (frame.payload) parts.push(bytesField(8, frame.payload));
  return Buffer.concat(parts);
}

export function decodeFrame(buffer: Buffer): Frame {
  const frame: Frame = { SeqID: 0, LogID: 0, service: 0, method: 0, headers: [] };
  const fields = readFields(buffer);
  for (const [field, value] of fields) {
    if (field === 1) frame.SeqID = value as number;
    else if (field === 2) frame.LogID = value as number;
    else if (field === 3) frame.service = value as number;
    else if (field === 4) frame.method = value as number;
    else if (field === 5) {
      const inner = new Map(readFields(value as Buffer).map(([f, v]) => [f, (v as Buffer).toString('utf8')]));
      frame.headers.push({ key: inner.get(1) ?? '', value: inner.get(2) ?? '' });
    } else if (field === 8) frame.payload = value as Buffer;
  }
  return frame;
}

function readFields(buffer: Buffer): Array<[number, number | Buffer]> {
  const fields: Array<[number, number | Buffer]> = [];
  let at = 0;
  const readVarint = () => {
    let result = 0;
    let shift = 1;
    for (;;) {
      const byte = buffer[at++];
      result += (byte & 0x7f) * shift;
      if (byte < 0x80) return result;
      shift *= 128;
    }
  };
  while (at < buffer.length) {
    const tag = readVarint();
    const field = Math.floor(tag / 8);
    if (tag % 8 === 0) fields.push([field, readVarint()]);
    else {
      const length = readVarint();
      fields.push([field, buffer.subarray(at, at + length)]);
      at += length;
    }
  }
  return fields;
}
