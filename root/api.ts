import { splitPlatformPrefix } from '../src/domain/actor.js';
import type { Origin } from '../src/domain/approval.js';
import { mountIngestApi } from '../adapters/api/ingestApi.js';
import type { ChatPlatform } from '../adapters/chat/platform.js';
import type { Config } from '../adapters/config.js';
import type { HttpServer } from '../adapters/http/server.js';
import type { App } from './app.js';
import { PLATFORMS } from './platforms.js';

/**
 * Where an approval request filed through the API is announced: the platform APPROVAL_CHANNEL
 * names (`slack:C123`, `teams:...`, `feishu:oc_x`, split as digests split their channel), else
 * the first chat platform this process starts (root/platforms.ts's order) with APPROVAL_CHANNEL
 * as it is, else the console. A request announced nowhere would wait until it expired.
 */
export function apiOrigin(config: Config, platforms: ReadonlyArray<ChatPlatform<unknown>> = PLATFORMS): Origin {
  const channel = config.APPROVAL_CHANNEL;
  const prefixed = splitPlatformPrefix(channel);
  if (prefixed && platforms.some((p) => p.name === prefixed[0])) return { platform: prefixed[0], channelId: prefixed[1] };
  const started = platforms.find((p) => p.settingsFrom(config) !== null);
  if (started) return { platform: started.name, channelId: channel };
  return { platform: 'console', channelId: 'console' };
}

/**
 * Mounts the ingestion API on the shared server (API_ENABLED=true) with its narrow context: the
 * dispatcher, the clock, a logger, the token store and its own settings.
 */
export function mountApi(app: App, http: HttpServer): void {
  mountIngestApi(http, {
    dispatcher: app.dispatcher,
    clock: app.deps.clock,
    logger: app.logger.child({ component: 'api' }),
    tokens: app.tokens,
    settings: {
      origin: apiOrigin(app.config),
      maxBodyBytes: app.config.API_MAX_BODY_BYTES,
      requestsPerMinute: app.config.API_RATE_LIMIT_PER_MINUTE,
    },
  });
}
