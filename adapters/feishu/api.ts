import { AppType, Client, DefaultCache, LoggerLevel } from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../src/ports/system.js';
import type { FeishuCard } from './cardKit.js';
import { fetchHttpInstance } from './fetchHttp.js';

export interface FeishuApiSettings {
  appId: string;
  appSecret: string;
  /** Feishu's or Lark's open platform, or a test's loopback fake. */
  baseUrl: string;
}

/** The SDK's log lines go to our logger, at debug (the SDK logs every request at info). */
export function sdkLogger(logger: Logger) {
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (...messages: unknown[]) =>
    logger[level]({ sdk: messages.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ') }, 'feishu sdk');
  return { error: write('warn'), warn: write('warn'), info: write('debug'), debug: write('debug'), trace: write('debug') };
}

/**
 * The four open-platform calls the bot makes, through the official SDK's Client: the tenant
 * access token (the SDK fetches and caches it; a cache of our own, so two apps in one process
 * never share one), send a card to a chat, reply to a message with a card, update a card in
 * place. Plus the bot's own identity, which start-up uses to check the credentials.
 */
export class FeishuApi {
  private readonly client: Client;

  constructor(settings: FeishuApiSettings, logger: Logger, timeoutMs = 10_000) {
    this.client = new Client({
      appId: settings.appId,
      appSecret: settings.appSecret,
      appType: AppType.SelfBuild,
      domain: settings.baseUrl.replace(/\/+$/, ''),
      cache: new DefaultCache(),
      httpInstance: fetchHttpInstance(timeoutMs),
      logger: sdkLogger(logger),
      loggerLevel: LoggerLevel.warn,
    });
  }

  /** The bot's open_id: group messages are for the bot only when they mention it. */
  async botOpenId(): Promise<string> {
    const answer = (await this.client.request({ method: 'GET', url: '/open-apis/bot/v3/info' })) as { bot?: { open_id?: string } };
    const openId = answer.bot?.open_id;
    if (!openId) throw new Error('the open platform returned no bot open_id (is the bot capability enabled?)');
    return openId;
  }

  async sendCard(chatId: string, card: FeishuCard): Promise<string> {
    const answer = await this.client.im.v1.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: chatId, msg_type: 'interactive', content: JSON.stringify(card) },
    });
    return answer.data?.message_id ?? '';
  }

  async replyCard(messageId: string, card: FeishuCard): Promise<string> {
    const answer = await this.client.im.v1.message.reply({
      path: { message_id: messageId },
      data: { msg_type: 'interactive', content: JSON.stringify(card) },
    });
    return answer.data?.message_id ?? '';
  }

  /** Only cards the bot sent can be updated, for 14 days (JSON 2.0). */
  async updateCard(messageId: string, card: FeishuCard): Promise<void> {
    await this.client.im.v1.message.patch({ path: { message_id: messageId }, data: { content: JSON.stringify(card) } });
  }
}
