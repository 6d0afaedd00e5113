import type { IncomingMessage } from 'node:http';
import { EventDispatcher, LoggerLevel } from '@larksuiteoapi/node-sdk';
import type { Locale } from '../../src/domain/locale.js';
import { toActor } from '../../src/domain/actor.js';
import { translatorFor } from '../chat/i18n/index.js';
import type { ChatPlatform, PlatformContext, RunningPlatform } from '../chat/platform.js';
import { operationReader } from '../chat/progress.js';
import { ConfigError, type Config } from '../config.js';
import { sendJson } from '../http/server.js';
import { FeishuApi, sdkLogger } from './api.js';
import { FeishuBot } from './bot.js';
import { FeishuApiError } from './fetchHttp.js';
import { FeishuDigestPoster } from './digestPoster.js';
import { startLongConnection } from './longConnection.js';
import { FeishuApprovalNotifier } from './notifier.js';
import { createFeishuProgressMessages } from './progress.js';
import { challengeOf, verifyRequest } from './verify.js';
import { feishuRenderer } from './renderer.js';

export const FEISHU_EVENTS_PATH = '/feishu/events';

/** Feishu's events and card callbacks are a few kilobytes; anything this large is not one. */
export const MAX_EVENT_BYTES = 1024 * 1024;

/** Feishu's own settings (DESIGN.md section 6), validated by adapters/config.ts. */
export interface FeishuSettings {
  FEISHU_APP_ID: string;
  FEISHU_APP_SECRET: string;
  FEISHU_VERIFICATION_TOKEN: string | undefined;
  FEISHU_ENCRYPT_KEY: string | undefined;
  FEISHU_API_URL: string;
  FEISHU_MODE: 'webhook' | 'long-connection';
  /** The language of people without their own, and of channel posts. */
  DEFAULT_LOCALE: Locale;
  /** Where approval cards go when it names a Feishu chat; else the request's own chat. */
  APPROVAL_CHANNEL: string | undefined;
}

export function feishuSettingsFrom(config: Config): FeishuSettings | null {
  if (!config.feishuEnabled || !config.FEISHU_APP_ID || !config.FEISHU_APP_SECRET) return null;
  return {
    FEISHU_APP_ID: config.FEISHU_APP_ID,
    FEISHU_APP_SECRET: config.FEISHU_APP_SECRET,
    FEISHU_VERIFICATION_TOKEN: config.FEISHU_VERIFICATION_TOKEN,
    FEISHU_ENCRYPT_KEY: config.FEISHU_ENCRYPT_KEY,
    FEISHU_API_URL: config.FEISHU_API_URL,
    FEISHU_MODE: config.FEISHU_MODE,
    DEFAULT_LOCALE: config.DEFAULT_LOCALE,
    APPROVAL_CHANNEL: config.APPROVAL_CHANNEL,
  };
}

export interface FeishuOptions {
  /** Card callbacks wait this long for the core before answering "working on it" (tests shorten it). */
  answerWithinMs?: number;
}

/** Feishu / Lark behind the platform contract (adapters/chat/platform.ts). */
export function feishuPlatform(options: FeishuOptions = {}): ChatPlatform<FeishuSettings> {
  return { name: 'feishu', settingsFrom: feishuSettingsFrom, start: (context) => startFeishu(context, options), renderer: feishuRenderer };
}

/**
 * Starts Feishu / Lark. Webhook mode: `POST /feishu/events` on the shared HTTP server is both the
 * event URL and the card callback URL (URL challenge, `im.message.receive_v1`,
 * `card.action.trigger`), every request verified first (verify.ts). Long-connection mode: the
 * SDK's WSClient, no public URL. Either way the SDK's EventDispatcher routes the events to the
 * bot. Start-up fails in one line when the open platform refuses the app's credentials. Returns
 * the approval notifier, the digest poster and a stop function that lets replies in flight finish.
 */
export async function startFeishu(context: PlatformContext<FeishuSettings>, options: FeishuOptions = {}): Promise<RunningPlatform> {
  const { settings, logger } = context;
  const api = new FeishuApi({ appId: settings.FEISHU_APP_ID, appSecret: settings.FEISHU_APP_SECRET, baseUrl: settings.FEISHU_API_URL }, logger);
  const botOpenId = await api.botOpenId().catch((error: unknown) => {
    // An answer from the open platform is a refusal of the credentials; no answer is the URL.
    if (!(error instanceof FeishuApiError)) {
      throw new ConfigError(`Invalid FEISHU_API_URL=${JSON.stringify(settings.FEISHU_API_URL)}: the open platform cannot be reached (${(error as Error).message}). See .env.example.`);
    }
    throw new ConfigError(
      `Invalid FEISHU_APP_SECRET=(hidden): ${settings.FEISHU_API_URL} did not accept FEISHU_APP_ID and FEISHU_APP_SECRET (${error.message}). See .env.example.`,
    );
  });
  // Channel posts (approval cards, digests) speak the chat's language; long operations and the
  // notice of a decision their requester's.
  const bot = new FeishuBot({
    dispatcher: context.dispatcher,
    api,
    deliveries: context.ports.deliveries,
    clock: context.clock,
    logger,
    defaultLocale: settings.DEFAULT_LOCALE,
    botOpenId,
    ...(options.answerWithinMs ? { answerWithinMs: options.answerWithinMs } : {}),
  });
  const approvals = new FeishuApprovalNotifier({
    api,
    approvals: context.ports.approvals,
    approvalChannel: settings.APPROVAL_CHANNEL,
    channelLocale: context.channelLocale,
    requesterWords: async (request) => {
      const locale = await context.dispatcher.localeOf({ actor: toActor(request.requesterId), origin: request.origin }).catch(() => settings.DEFAULT_LOCALE);
      return translatorFor(locale);
    },
    clock: context.clock,
    logger,
  });
  const digests = new FeishuDigestPoster({ api, logger });
  const readerOf = operationReader(context.dispatcher, settings.DEFAULT_LOCALE);
  const progress = createFeishuProgressMessages({ api, readerOf, clock: context.clock, logger });

  const dispatcher = new EventDispatcher({
    ...(settings.FEISHU_ENCRYPT_KEY ? { encryptKey: settings.FEISHU_ENCRYPT_KEY } : {}),
    ...(settings.FEISHU_VERIFICATION_TOKEN ? { verificationToken: settings.FEISHU_VERIFICATION_TOKEN } : {}),
    logger: sdkLogger(logger),
    loggerLevel: LoggerLevel.warn,
  }).register({
    'im.message.receive_v1': async (data: unknown) => {
      await bot.onMessage(data);
      return {};
    },
    'card.action.trigger': (data: unknown) => bot.onCardAction(data),
  });

  if (settings.FEISHU_MODE === 'long-connection') {
    const connection = await startLongConnection({
      appId: settings.FEISHU_APP_ID,
      appSecret: settings.FEISHU_APP_SECRET,
      baseUrl: settings.FEISHU_API_URL,
      dispatcher,
      logger,
    });
    logger.info('Feishu connected over the long connection');
    return {
      approvals,
      digests,
      progress,
      async stop() {
        connection.close();
        await bot.drain();
      },
    };
  }

  const verifier = { verificationToken: settings.FEISHU_VERIFICATION_TOKEN, encryptKey: settings.FEISHU_ENCRYPT_KEY };
  context.http.mount('POST', FEISHU_EVENTS_PATH, async (req, res) => {
    const raw = await readBody(req, MAX_EVENT_BYTES);
    if (raw === null) return sendJson(res, 413, { error: 'request too large' });
    const verified = verifyRequest(raw, req.headers, verifier);
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
  return { approvals, digests, progress, stop: () => bot.drain() };
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
