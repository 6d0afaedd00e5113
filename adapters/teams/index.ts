import { requestContextOf } from './activity.js';
import type { IncomingMessage } from 'node:http';
import type { Activity } from 'botbuilder';
import { toActor } from '../../src/domain/actor.js';
import type { ChatPlatform, PlatformContext, RunningPlatform } from '../chat/platform.js';
import type { Config } from '../config.js';
import { sendJson } from '../http/server.js';
import { inboundActivitySchema, servedConversationOf } from './activity.js';
import { TeamsCloudAdapter, type TeamsCredentials } from './adapter.js';
import { NotesTeamsBot } from './bot.js';
import { createTurnErrorFunnel } from './errors.js';
import { TeamsDigestPoster } from './digestPoster.js';
import { TeamsApprovalNotifier } from './notifier.js';
import { TeamsProgressMessages } from './progress.js';
import { operationReader } from '../chat/progress.js';
import { ServiceUrlBook } from './serviceUrls.js';
import { teamsRenderer } from './renderer.js';

/** Bot Framework activities are a few kilobytes; anything this large is not one. */
export const MAX_ACTIVITY_BYTES = 256 * 1024;

export interface TeamsMountOptions {
  /** Extra botbuilder auth settings (e.g. `ToBotFromChannelOpenIdMetadataUrl`); see adapter.ts. */
  authOverrides?: Record<string, string>;
}

/** Teams' own settings (DESIGN.md section 6). */
export interface TeamsSettings extends TeamsCredentials {
  TEAMS_SERVICE_URL: string;
  /** Where approval cards go when it names a Teams conversation; else the request's own. */
  APPROVAL_CHANNEL: string | undefined;
}

/** Teams behind the platform contract (adapters/chat/platform.ts); tests may pass auth overrides. */
export function teamsPlatform(options: TeamsMountOptions = {}): ChatPlatform<TeamsSettings> {
  return {
    name: 'teams',
    settingsFrom: (config: Config) =>
      config.teamsEnabled
        ? {
            MICROSOFT_APP_ID: config.MICROSOFT_APP_ID,
            MICROSOFT_APP_PASSWORD: config.MICROSOFT_APP_PASSWORD,
            MICROSOFT_APP_TYPE: config.MICROSOFT_APP_TYPE,
            MICROSOFT_APP_TENANT_ID: config.MICROSOFT_APP_TENANT_ID,
            TEAMS_SERVICE_URL: config.TEAMS_SERVICE_URL,
            APPROVAL_CHANNEL: config.APPROVAL_CHANNEL,
          }
        : null,
    start: (context) => startTeams(context, options),
    renderer: teamsRenderer,
  };
}

/**
 * Mounts the Teams bot on the shared HTTP server at `POST /api/messages`; returns the Teams
 * approval notifier and job-digest poster. Everything botbuilder-specific lives in this folder, so
 * moving to Microsoft's successor SDK replaces this folder and nothing else.
 */
export async function startTeams(context: PlatformContext<TeamsSettings>, options: TeamsMountOptions = {}): Promise<RunningPlatform> {
  const { settings, logger, http } = context;
  const adapter = new TeamsCloudAdapter(settings, options.authOverrides);
  // A refusal speaks the sender's language; one whose sender cannot be told speaks DEFAULT_LOCALE.
  adapter.onTurnError = createTurnErrorFunnel(logger, async (activity) => {
    try {
      return await context.dispatcher.localeOf(requestContextOf(activity));
    } catch {
      return context.defaultLocale;
    }
  });
  const bot = new NotesTeamsBot(context.dispatcher, context.clock, logger);
  const appId = settings.MICROSOFT_APP_ID ?? '';
  const serviceUrls = new ServiceUrlBook(context.ports.addresses, {
    defaultServiceUrl: settings.TEAMS_SERVICE_URL,
    ...(settings.MICROSOFT_APP_TENANT_ID ? { homeTenantId: settings.MICROSOFT_APP_TENANT_ID } : {}),
  });
  const approvals = new TeamsApprovalNotifier(
    {
      approvals: context.ports.approvals,
      approvalChannel: settings.APPROVAL_CHANNEL,
      appId,
      clock: context.clock,
      channelLocale: context.channelLocale,
      personLocale: (request) => context.dispatcher.localeOf({ actor: toActor(request.requesterId), origin: request.origin }),
      serviceUrls,
    },
    adapter,
    logger.child({ part: 'notifier' }),
  );
  const digests = new TeamsDigestPoster(adapter, appId, serviceUrls, logger.child({ part: 'digests' }));
  if (!settings.MICROSOFT_APP_ID) logger.warn('MICROSOFT_APP_ID is not set: Teams runs without authentication, for local use only');

  http.mount('POST', '/api/messages', async (req, res) => {
    const body = await readJson(req, MAX_ACTIVITY_BYTES);
    if (!body.ok) return sendJson(res, body.status, { error: body.error });
    const parsed = inboundActivitySchema.safeParse(body.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return sendJson(res, 400, { error: `not a Bot Framework activity: ${issue.path.join('.') || 'body'}: ${issue.message}` });
    }
    let turnStarted = false;
    try {
      const invokeResponse = await adapter.processInbound(req.headers.authorization ?? '', parsed.data as unknown as Activity, async (context) => {
        turnStarted = true;
        // Past authentication: the service URL is the channel's own, safe to post to later.
        await serviceUrls.remember(servedConversationOf(context.activity));
        await bot.run(context);
      });
      if (invokeResponse?.body !== undefined) sendJson(res, invokeResponse.status, invokeResponse.body);
      else res.writeHead(invokeResponse?.status ?? 200).end();
    } catch (error) {
      // Anything that fails before the turn starts is authentication (a missing, forged, expired
      // or mis-addressed token): refuse it and run nothing. Fail closed.
      if (!turnStarted) {
        logger.warn({ err: error, activityId: parsed.data.id }, 'request refused: Bot Framework authentication failed');
        return sendJson(res, 401, { error: 'unauthorized' });
      }
      logger.error({ err: error, activityId: parsed.data.id }, 'Teams turn failed after the error funnel');
      sendJson(res, 500, { error: 'internal error' });
    }
  });

  // botbuilder keeps no sockets or timers of its own; the HTTP server's shutdown is enough.
  const progress = new TeamsProgressMessages(
    adapter,
    appId,
    context.clock,
    logger.child({ part: 'progress' }),
    operationReader(context.dispatcher, context.defaultLocale),
    serviceUrls,
  );
  return { approvals, digests, progress, stop: async () => {} };
}

type BodyResult = { ok: true; value: unknown } | { ok: false; status: number; error: string };

async function readJson(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return { ok: false, status: 413, error: 'activity too large' };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return { ok: false, status: 413, error: 'activity too large' };
    chunks.push(chunk as Buffer);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { ok: false, status: 400, error: 'body is not JSON' };
  }
}
