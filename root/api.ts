import type { Origin } from '../src/domain/approval.js';
import { mountIngestApi } from '../adapters/api/ingestApi.js';
import type { Config } from '../adapters/config.js';
import type { HttpServer } from '../adapters/http/server.js';
import type { App } from './app.js';

/**
 * Where an approval request filed through the API is announced: the platform APPROVAL_CHANNEL
 * names (`slack:C123`, `teams:...`), else the first chat platform running, else the console.
 */
export function apiOrigin(config: Config): Origin {
  const prefixed = /^(slack|teams):(.+)$/.exec(config.APPROVAL_CHANNEL ?? '');
  if (prefixed) return { platform: prefixed[1] as 'slack' | 'teams', channelId: prefixed[2] };
  if (config.slackEnabled) return { platform: 'slack', channelId: config.APPROVAL_CHANNEL };
  if (config.teamsEnabled) return { platform: 'teams', channelId: config.APPROVAL_CHANNEL };
  return { platform: 'console', channelId: 'console' };
}

/** Mounts the ingestion API on the shared server (API_ENABLED=true). */
export function mountApi(app: App, http: HttpServer): void {
  mountIngestApi(http, {
    deps: app.deps,
    tokens: app.tokens,
    logger: app.logger.child({ component: 'api' }),
    origin: apiOrigin(app.config),
    maxBodyBytes: app.config.API_MAX_BODY_BYTES,
    requestsPerMinute: app.config.API_RATE_LIMIT_PER_MINUTE,
  });
}
