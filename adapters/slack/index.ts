import type { IncomingMessage, ServerResponse } from 'node:http';
import { App as BoltApp, ErrorCode, HTTPModuleFunctions, HTTPReceiver, SocketModeReceiver, webApi, type HTTPReceiverOptions } from '@slack/bolt';
import type { ChatPlatform, PlatformContext, RunningPlatform } from '../chat/platform.js';
import { operationReader } from '../chat/progress.js';
import { ConfigError, type Config } from '../config.js';
import { registerActions } from './actions.js';
import { toBoltLogger } from './boltLogger.js';
import { registerSlashCommand } from './commands.js';
import { createSlackDigestPoster } from './digestPoster.js';
import { limitDispatcher } from './dispatchLimiter.js';
import { createSlackNotifier } from './notifier.js';
import { createSlackProgressMessages } from './progress.js';
import { replyTargetOf, slackContext } from './payloads.js';
import { explainSlackStartFailure } from './startupErrors.js';
import { errorMessage, explainError, reply } from './reply.js';
import { slackUserId } from './mrkdwn.js';
import { SlackLocales } from './locales.js';
import { readerOf } from './readers.js';
import { slackRenderer } from './renderer.js';

/** Bolt's handler type with `extendedErrorHandler: true` (the last overload of `error`). */
type ExtendedErrorHandler = Parameters<BoltApp['error']>[0];

export const SLACK_EVENTS_PATH = '/slack/events';

/** Slack's own settings (DESIGN.md section 6). */
export interface SlackSettings {
  SLACK_BOT_TOKEN: string | undefined;
  SLACK_SIGNING_SECRET: string | undefined;
  SLACK_APP_TOKEN: string | undefined;
  SLACK_API_URL: string | undefined;
  /** Where approval cards go; unset means the channel of the request. */
  APPROVAL_CHANNEL: string | undefined;
}

/** Slack behind the platform contract (adapters/chat/platform.ts). */
export const slackPlatform: ChatPlatform<SlackSettings> = {
  name: 'slack',
  settingsFrom: (config: Config) =>
    config.slackEnabled
      ? {
          SLACK_BOT_TOKEN: config.SLACK_BOT_TOKEN,
          SLACK_SIGNING_SECRET: config.SLACK_SIGNING_SECRET,
          SLACK_APP_TOKEN: config.SLACK_APP_TOKEN,
          SLACK_API_URL: config.SLACK_API_URL,
          APPROVAL_CHANNEL: config.APPROVAL_CHANNEL,
        }
      : null,
  start: startSlack,
  renderer: slackRenderer,
};

/**
 * Starts Slack: `POST /slack/events` on the shared HTTP server (requests verified by Bolt's own
 * signature check), or Socket Mode when SLACK_APP_TOKEN is set. Returns the Slack approval
 * notifier, the job-digest poster and a stop function that lets in-flight work finish.
 */
export async function startSlack(context: PlatformContext<SlackSettings>): Promise<RunningPlatform> {
  const { settings: config, logger, http } = context;
  const socketMode = Boolean(config.SLACK_APP_TOKEN);
  if (!config.SLACK_BOT_TOKEN) throw new ConfigError('Invalid SLACK_BOT_TOKEN="": Slack needs a bot token (xoxb-…). See .env.example.');
  if (!socketMode && !config.SLACK_SIGNING_SECRET) {
    // Bolt refuses this too; say it in the project's words before Bolt does.
    throw new ConfigError('Invalid SLACK_SIGNING_SECRET="": without it anyone could forge Slack requests. See .env.example.');
  }
  const boltLogger = toBoltLogger(logger.child({ component: 'bolt' }));
  const clientOptions: webApi.WebClientOptions = {
    ...(config.SLACK_API_URL ? { slackApiUrl: withApiSuffix(config.SLACK_API_URL) } : {}),
    // Web API retries back off for minutes; against a test or local double that hides failures.
    retryConfig: config.SLACK_API_URL ? { retries: 0 } : webApi.retryPolicies.fiveRetriesInFiveMinutes,
  };
  // The token is checked once, here: Bolt's own auth.test would retry for five minutes against an
  // unreachable Slack. One quick try stops start-up within seconds, and the bot's ids it returns
  // spare Bolt its own call.
  const preflight = new webApi.WebClient(config.SLACK_BOT_TOKEN, { ...clientOptions, logger: boltLogger, retryConfig: { retries: 1 }, timeout: 10_000 });
  const identity = await preflight.auth.test().catch((error: unknown) => {
    throw explainSlackStartFailure(error, 'SLACK_BOT_TOKEN', config.SLACK_API_URL);
  });
  const receiver = socketMode
    ? new SocketModeReceiver({ appToken: config.SLACK_APP_TOKEN!, logger: boltLogger, installerOptions: { clientOptions } })
    : new HTTPReceiver({
        signingSecret: config.SLACK_SIGNING_SECRET!,
        endpoints: SLACK_EVENTS_PATH,
        logger: boltLogger,
        processEventErrorHandler: answerUnprocessable,
      });
  const bolt = new BoltApp({
    receiver,
    token: config.SLACK_BOT_TOKEN,
    ...(identity.bot_id && identity.user_id ? { botId: identity.bot_id, botUserId: identity.user_id } : {}),
    // Verified just above; Bolt's own check would be a second auth.test with the slow retry policy.
    tokenVerificationEnabled: false,
    clientOptions,
    logger: boltLogger,
    convoStore: false,
    extendedErrorHandler: true,
    deferInitialization: true,
  });
  await bolt.init().catch((error: unknown) => {
    throw explainSlackStartFailure(error, 'SLACK_BOT_TOKEN', config.SLACK_API_URL);
  });

  let inFlight = 0;
  bolt.use(async ({ next }) => {
    inFlight += 1;
    try {
      await next();
    } finally {
      inFlight -= 1;
    }
  });
  const core = limitDispatcher(context.dispatcher);
  const locales = new SlackLocales(bolt.client, context.clock, logger.child({ part: 'locales' }));
  const reader = readerOf(core, locales);
  registerSlashCommand(bolt, core, logger, context.clock, reader);
  registerActions(bolt, core, logger, context.clock, reader);
  // The one funnel from a failed listener to the person who asked (NotesError text) and the log.
  const funnel: ExtendedErrorHandler = async ({ error, body }) => {
    const target = replyTargetOf(body);
    // In the asker's language; a failing lookup must not hide the error itself.
    const tr = target ? await reader(slackContext(target.userId, target.channelId), target.userId).catch(() => undefined) : undefined;
    const text = explainError(error, logger, { user: target?.userId, channel: target?.channelId }, tr);
    if (!target) return;
    try {
      await reply(bolt.client, target, errorMessage(text, tr));
    } catch (replyError) {
      logger.error({ err: replyError }, 'could not tell the user about an error');
    }
  };
  bolt.error(funnel);
  const approvals = createSlackNotifier({
    client: bolt.client,
    approvals: context.ports.approvals,
    approvalChannel: config.APPROVAL_CHANNEL,
    clock: context.clock,
    channelLocale: context.channelLocale,
    personTranslator: (userId, channelId) => reader(slackContext(userId, channelId), userId),
    logger,
  });
  // Job digests (backups, purge, role review) go to Slack whenever Slack runs.
  const digests = createSlackDigestPoster({ client: bolt.client, logger });
  // Long operations speak their requester's language, their Slack locale included.
  const requesterLocale = async (op: { requesterId: string }) => {
    const user = slackUserId(op.requesterId);
    return user ? locales.of(user) : null;
  };
  const progress = createSlackProgressMessages(bolt.client, context.clock, operationReader(context.dispatcher, context.defaultLocale, requesterLocale));

  if (receiver instanceof SocketModeReceiver) {
    await receiver.start().catch((error: unknown) => {
      throw explainSlackStartFailure(error, 'SLACK_APP_TOKEN', config.SLACK_API_URL);
    });
    logger.info('Slack connected in Socket Mode');
  } else {
    const listener = receiver.requestListener;
    http.mount('POST', SLACK_EVENTS_PATH, (req: IncomingMessage, res: ServerResponse) => {
      // Bolt answers asynchronously; the route counts as in flight until the response is sent.
      const done = new Promise<void>((resolve) => res.once('close', () => resolve()));
      listener(req, res);
      return done;
    });
    logger.info({ path: SLACK_EVENTS_PATH }, 'Slack mounted over HTTP');
  }

  return {
    approvals,
    digests,
    progress,
    async stop() {
      const deadline = Date.now() + 10_000;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      // receiver.stop() does not wait for the close handshake; the client's disconnect() does.
      if (receiver instanceof SocketModeReceiver) await receiver.client.disconnect();
    },
  };
}

/**
 * Every listener here acks first, so an error while nothing has been answered yet means Bolt
 * could not make sense of a (correctly signed) body, e.g. a click without a user: that is a
 * malformed request (400), not a server fault (Bolt's default 500). Other cases keep the default.
 */
const answerUnprocessable: NonNullable<HTTPReceiverOptions['processEventErrorHandler']> = async (args) => {
  const { error, response, logger } = args;
  if (response.headersSent || (error as { code?: string }).code === ErrorCode.AuthorizationError) {
    return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
  }
  logger.warn(`Refusing a signed Slack request Bolt could not process: ${(error as Error).message}`);
  response.writeHead(400).end();
  return true;
};

/** The Web API client appends method names to its base, which must end in `/api/`. */
export function withApiSuffix(url: string): string {
  const base = url.endsWith('/') ? url : `${url}/`;
  return base.endsWith('/api/') ? base : `${base}api/`;
}
