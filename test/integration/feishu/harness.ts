import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createApp, type App } from '../../../root/app.js';
import { loadConfig } from '../../../adapters/config.js';
import { feishuPlatform, type FeishuOptions } from '../../../adapters/feishu/index.js';
import { withinLimits } from '../../../adapters/feishu/limits.js';
import type { FeishuCard } from '../../../adapters/feishu/cardKit.js';
import type { ChatPlatform } from '../../../adapters/chat/platform.js';
import { startServer, type RunningServer } from '../../../root/server.js';
import { freshDatabaseUri } from '../../support/database.js';
import { BOT_OPEN_ID, FAKE_APP, FakeFeishu, type FeishuCardJson } from './fakeFeishu.js';

export const VERIFICATION_TOKEN = 'fake-verification-token';
export const ENCRYPT_KEY = 'fake-encrypt-key';
export const APPROVAL_CHAT = 'oc_approvals';
export const SALES_CHAT = 'oc_sales';
export const ADMIN = 'ou_admin1';
export const ADMIN_2 = 'ou_admin2';
export const MEMBER = 'ou_member1';

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** Feishu's encryption of an event body: AES-256-CBC, key sha256(encryptKey), base64(iv + ciphertext). */
export function encrypt(plain: string, key: string): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', createHash('sha256').update(key).digest(), iv);
  return Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
}

/** Feishu's request signature: sha256(timestamp + nonce + encryptKey + rawBody), hex. */
export function sign(rawBody: string, key: string, timestamp = String(Math.floor(Date.now() / 1000)), nonce = randomBytes(8).toString('hex')) {
  return {
    'x-lark-request-timestamp': timestamp,
    'x-lark-request-nonce': nonce,
    'x-lark-signature': createHash('sha256').update(timestamp + nonce + key + rawBody).digest('hex'),
  };
}

/**
 * The real app (config -> database -> Feishu mounted on the HTTP server) on loopback, plus a fake
 * open platform its replies go to. Requests are built, encrypted and signed as Feishu does.
 * Every card the bot sends or answers with is checked against Feishu's limits.
 */
export class FeishuHarness {
  app!: App;
  server: RunningServer | undefined;
  readonly fake = new FakeFeishu();
  /** The app's database, for tests that seed it directly. */
  databaseUri = '';
  private seq = 1;
  encryptKey: string | undefined = ENCRYPT_KEY;

  async start(label: string, env: Record<string, string> = {}, options: FeishuOptions = {}): Promise<this> {
    await this.fake.start();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'notes-feishu-'));
    const config = loadConfig({
      NODE_ENV: 'test',
      FEISHU_APP_ID: FAKE_APP.appId,
      FEISHU_APP_SECRET: FAKE_APP.appSecret,
      FEISHU_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
      FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
      FEISHU_API_URL: this.fake.url,
      DEFAULT_LOCALE: 'zh-CN',
      NOTES_ADMINS: `feishu:${ADMIN},feishu:${ADMIN_2}`,
      BULK_APPROVAL_THRESHOLD: '3',
      APPROVAL_CHANNEL: `feishu:${APPROVAL_CHAT}`,
      DATA_DIR: dataDir,
      BACKUP_DIR: path.join(dataDir, 'backups'),
      ...env,
    });
    this.encryptKey = config.FEISHU_ENCRYPT_KEY;
    this.app = await createApp({ config, logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), databaseUri: (this.databaseUri = freshDatabaseUri(label)) });
    // Started as root/server.ts starts every platform, through the contract, with test options.
    const platforms: Array<ChatPlatform<unknown>> = [feishuPlatform(options)];
    this.server = await startServer(this.app, { port: 0, host: '127.0.0.1', platforms });
    return this;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    await this.app?.close();
    await this.fake.stop();
    if (this.app) rmSync(this.app.config.DATA_DIR, { recursive: true, force: true });
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.server?.port ?? 0}/feishu/events`;
  }

  /** POSTs raw bytes with the given headers. */
  async postRaw(raw: string, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(this.endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw });
    const text = await res.text();
    const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    const card = (body.card as { data?: FeishuCard } | undefined)?.data;
    if (card && !withinLimits(card)) throw new Error('the bot answered with a card over Feishu limits');
    return { status: res.status, body };
  }

  /** POSTs a plaintext payload the way Feishu would: encrypted and signed when there is a key. */
  post(payload: Record<string, unknown>): Promise<Answer> {
    if (!this.encryptKey) return this.postRaw(JSON.stringify(payload));
    const raw = JSON.stringify({ encrypt: encrypt(JSON.stringify(payload), this.encryptKey) });
    return this.postRaw(raw, sign(raw, this.encryptKey));
  }

  /** A schema 2.0 envelope around `event`. */
  envelope(eventType: string, event: Record<string, unknown>, eventId = `ev_${this.seq++}`): Record<string, unknown> {
    return {
      schema: '2.0',
      header: { event_id: eventId, event_type: eventType, create_time: String(Date.now()), token: VERIFICATION_TOKEN, app_id: FAKE_APP.appId, tenant_key: 'tenant-1' },
      event,
    };
  }

  messageEvent(from: string, text: string, options: { chatId?: string; chatType?: 'p2p' | 'group'; mentionBot?: boolean; eventId?: string } = {}) {
    const chatType = options.chatType ?? 'p2p';
    const mention = options.mentionBot ?? chatType === 'group';
    return this.envelope(
      'im.message.receive_v1',
      {
        sender: { sender_id: { open_id: from, union_id: `on_${from}` }, sender_type: 'user', tenant_key: 'tenant-1' },
        message: {
          message_id: `om_in_${this.seq++}`,
          create_time: String(Date.now()),
          chat_id: options.chatId ?? SALES_CHAT,
          chat_type: chatType,
          message_type: 'text',
          content: JSON.stringify({ text: mention ? `@_user_1 ${text}` : text }),
          ...(mention ? { mentions: [{ key: '@_user_1', id: { open_id: BOT_OPEN_ID }, name: 'Notes', tenant_key: 'tenant-1' }] } : {}),
        },
      },
      options.eventId,
    );
  }

  /** A message to the bot; resolves with the reply card once the bot has sent it. */
  async say(from: string, text: string, options: { chatId?: string; chatType?: 'p2p' | 'group' } = {}): Promise<FeishuCardJson> {
    const mark = this.fake.calls.length;
    const answer = await this.post(this.messageEvent(from, text, options));
    if (answer.status !== 200) throw new Error(`message answered ${answer.status}`);
    const deadline = Date.now() + 10_000;
    // Other posts (an approval card to the approval chat) may come first: the answer is the reply.
    let reply = this.fake.messagesSince(mark).find((c) => c.kind === 'reply');
    while (!reply) {
      if (Date.now() > deadline) throw new Error(`no reply to "${text}"`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      reply = this.fake.messagesSince(mark).find((c) => c.kind === 'reply');
    }
    this.check(reply.card);
    return reply.card!;
  }

  clickEvent(from: string, value: { cmd: string; view?: string }, options: { messageId?: string; chatId?: string; formValue?: Record<string, unknown>; eventId?: string } = {}) {
    return this.envelope(
      'card.action.trigger',
      {
        operator: { tenant_key: 'tenant-1', open_id: from, union_id: `on_${from}` },
        token: `c-${this.seq}`,
        action: { value, tag: 'button', ...(options.formValue ? { form_value: options.formValue, name: 'delete_selected' } : {}) },
        host: 'im_message',
        context: { open_message_id: options.messageId ?? 'om_card', open_chat_id: options.chatId ?? SALES_CHAT },
      },
      options.eventId,
    );
  }

  /** A click on one of the bot's buttons; resolves with the callback's answer. */
  async click(from: string, value: { cmd: string; view?: string }, options: Parameters<FeishuHarness['clickEvent']>[2] = {}): Promise<Answer> {
    return this.post(this.clickEvent(from, value, options));
  }

  private check(card: FeishuCardJson | undefined) {
    if (!card || !withinLimits(card as unknown as FeishuCard)) throw new Error('the bot sent a card over Feishu limits');
  }
}

export const answerCard = (answer: Answer): FeishuCardJson | undefined => (answer.body.card as { data?: FeishuCardJson } | undefined)?.data;
export const answerToast = (answer: Answer): string | undefined => (answer.body.toast as { content?: string } | undefined)?.content;
