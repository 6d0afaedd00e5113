import type { IncomingMessage } from 'node:http';
import { EventDispatcher, LoggerLevel } from '@larksuiteoapi/node-sdk';
import type { App } from '../app.js';
import { digestPublisherOf } from '../backups/index.js';
import { ConfigError } from '../config.js';
import { sendJson, type HttpServer } from '../http/server.js';
import { ClaimLedger, claimModel } from '../mongo/claims.js';
import { FeishuApi, sdkLogger } from './api.js';
import { FeishuBot } from './bot.js';
import { FeishuDigestPoster } from './digestPoster.js';
import { startLongConnection } from './longConnection.js';
import { FeishuApprovalNotifier } from './notifier.js';
import { stringsFor } from './strings.js';
import { challengeOf, verifyRequest } from './verify.js';

export const FEISHU_EVENTS_PATH = '/feishu/events';

/** Feishu's events and card callbacks are a few kilobytes; anything this large is not one. */
export const MAX_EVENT_BYTES = 1024 * 1024;

export interface FeishuMountOptions {
  /** Card callbacks wait this long for the core before answering "working on it" (tests shorten it). */
  answerWithinMs?: number;
}

/**
 * Attaches Feishu / Lark to a running app. Webhook mode: `POST /feishu/events` on the shared HTTP
 * server is both the event URL and the card callback URL (URL challenge, `im.message.receive_v1`,
 * `card.action.trigger`), every request verified first (verify.ts). Long-connection mode: the
 * SDK's WSClient, no public URL. Either way the SDK's EventDispatcher routes the events to the
 * bot, and the Feishu approval notifier and digest poster are registered. Start-up fails in one
 * line when the open platform refuses the app's credentials. Returns a stop function that lets
 * replies in flight finish.
 */
export async function mountFeishu(app: App, http: HttpServer, options: FeishuMountOptions = {}): Promise<() => Promise<void>> {
  const { config } = app;
  const logger = app.logger.child({ component: 'feishu' });
  if (!config.FEISHU_APP_ID || !config.FEISHU_APP_SECRET) throw new ConfigError('Invalid FEISHU_APP_SECRET="": Feishu needs FEISHU_APP_ID and FEISHU_APP_SECRET. See .env.example.');
  const api = new FeishuApi({ appId: config.FEISHU_APP_ID, appSecret: config.FEISHU_APP_SECRET, baseUrl: config.FEISHU_API_URL }, logger);
  const botOpenId = await api.botOpenId().catch((error: unknown) => {
    throw new ConfigError(
      `Invalid FEISHU_APP_SECRET=(hidden): ${config.FEISHU_API_URL} did not accept FEISHU_APP_ID and FEISHU_APP_SECRET (${(error as Error).message}). See .env.example.`,
    );
  });
  const t = stringsFor(config.DEFAULT_LOCALE);
  const bot = new FeishuBot({
    dispatcher: () => app.dispatcher,
    api,
    claims: new ClaimLedger(claimModel(app.connection)),
    clock: app.deps.clock,
    logger,
    defaultLocale: config.DEFAULT_LOCALE,
    botOpenId,
    ...(options.answerWithinMs ? { answerWithinMs: options.answerWithinMs } : {}),
  });
  app.notifier.register('feishu', new FeishuApprovalNotifier({ api, approvals: app.deps.approvals, approvalChannel: config.APPROVAL_CHANNEL, t, logger }));
  // Installs the backup module if the jobs have not yet (idempotent): digests need its publisher.
  digestPublisherOf(app).register('feishu', new FeishuDigestPoster({ api, t, logger }));

  const dispatcher = new EventDispatcher({
    ...(config.FEISHU_ENCRYPT_KEY ? { encryptKey: config.FEISHU_ENCRYPT_KEY } : {}),
    ...(config.FEISHU_VERIFICATION_TOKEN ? { verificationToken: config.FEISHU_VERIFICATION_TOKEN } : {}),
    logger: sdkLogger(logger),
    loggerLevel: LoggerLevel.warn,
  }).register({
    'im.message.receive_v1': async (data: unknown) => {
      await bot.onMessage(data);
      return {};
    },
    'card.action.trigger': (data: unknown) => bot.onCardAction(data),
  });

  if (config.FEISHU_MODE === 'long-connection') {
    const connection = await startLongConnection({ appId: config.FEISHU_APP_ID, appSecret: config.FEISHU_APP_SECRET, baseUrl: config.FEISHU_API_URL, dispatcher, logger });
    logger.info('Feishu connected over the long connection');
    return async () => {
      connection.close();
      await bot.drain();
    };
  }

  const settings = { verificationToken: config.FEISHU_VERIFICATION_TOKEN, encryptKey: config.FEISHU_ENCRYPT_KEY };
  http.mount('POST', FEISHU_EVENTS_PATH, async (req, res) => {
    const raw = await readBody(req, MAX_EVENT_BYTES);
    if (raw === null) return sendJson(res, 413, { error: 'request too large' });
    const verified = verifyRequest(raw, req.headers, settings);
    if (!verified.ok) {
      // Fail closed: nothing past this line runs for a request Feishu did not sign.
      logger.warn({ reason: verified.reason }, 'request refused: not verifiably from Feishu');
      return sendJson(res, 401, { error: 'unauthorized' });
    }
    const challenge = challengeOf(verified.body);
    if (challenge !== null) return sendJson(res, 200, { challenge });
    // Verified above on the raw bytes; the SDK's own check would re-sign re-serialized JSON.
    const answer: unknown = await dispatcher.invoke(verified.body, { needCheck: false });
    sendJson(res, 200, answer && typeof answer === 'object' ? answer : {});
  });
  logger.info({ path: FEISHU_EVENTS_PATH }, 'Feishu mounted over HTTP');
  return () => bot.drain();
}

async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
