import { LoggerLevel, WSClient, type EventDispatcher } from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../src/ports/system.js';
import { ConfigError } from '../config.js';
import { sdkLogger } from './api.js';
import { fetchHttpInstance } from './fetchHttp.js';

export interface LongConnectionSettings {
  appId: string;
  appSecret: string;
  baseUrl: string;
  dispatcher: EventDispatcher;
  logger: Logger;
  /** How long start-up waits for the first connection (default 20 s). */
  connectWithinMs?: number;
}

/**
 * FEISHU_MODE=long-connection: the SDK's WSClient asks the open platform for a WebSocket
 * endpoint (`POST /callback/ws/endpoint` with the app id and secret), connects, and receives
 * events and card callbacks as protobuf frames, answering each within the same 3 s. No public
 * URL is needed; Feishu offers it to self-built apps only. The frames reach the same
 * EventDispatcher (and so the same bot, the same event-id claims) as the webhook.
 *
 * Start-up waits for the first connection: refused credentials stop it in one line, like every
 * other bad setting, instead of a client retrying in the background forever.
 */
export async function startLongConnection(settings: LongConnectionSettings): Promise<{ close(): void }> {
  const { logger } = settings;
  let settle: (error?: Error) => void = () => {};
  const firstConnection = new Promise<void>((resolve, reject) => {
    settle = (error) => (error ? reject(error) : resolve());
  });
  const client = new WSClient({
    appId: settings.appId,
    appSecret: settings.appSecret,
    domain: settings.baseUrl.replace(/\/+$/, ''),
    httpInstance: fetchHttpInstance(15_000, { rejectFeishuErrors: false }),
    logger: sdkLogger(logger),
    loggerLevel: LoggerLevel.warn,
    autoReconnect: true,
    onReady: () => settle(),
    onError: (error) => {
      settle(error);
      logger.error({ err: error }, 'Feishu long connection gave up');
    },
    onReconnecting: () => logger.warn('Feishu long connection lost; reconnecting'),
    onReconnected: () => logger.info('Feishu long connection back'),
  });
  await client.start({ eventDispatcher: settings.dispatcher });
  const within = settings.connectWithinMs ?? 20_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      firstConnection,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no connection within ${Math.round(within / 1000)} s`)), within);
      }),
    ]);
  } catch (error) {
    client.close({ force: true });
    throw new ConfigError(
      `Invalid FEISHU_MODE="long-connection": the long connection to ${settings.baseUrl} did not open (${(error as Error).message}); check FEISHU_APP_ID, FEISHU_APP_SECRET and that the app subscribes through the long connection. See .env.example.`,
    );
  } finally {
    clearTimeout(timer);
  }
  return { close: () => client.close({ force: true }) };
}
