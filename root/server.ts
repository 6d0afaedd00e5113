import type { ChatPlatform, RunningPlatform } from '../adapters/chat/platform.js';
import { progressBoardOf } from '../adapters/chat/progress.js';
import { ConfigError } from '../adapters/config.js';
import { HttpServer } from '../adapters/http/server.js';
import { databaseAnswers } from '../adapters/mongo/connection.js';
import type { SupervisedState } from '../adapters/mongo/supervisor.js';
import { jobHealthProblems } from '../jobs/health.js';
import type { App } from './app.js';
import { PLATFORMS } from './platforms.js';
import { mountApi } from './api.js';
import { resolveChannelLocale } from '../src/usecases/language.js';

export interface RunningServer {
  port: number;
  http: HttpServer;
  /** Graceful: stop taking requests, finish in-flight ones, stop platform connections. */
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** Overrides PORT (tests pass 0 for an ephemeral port). */
  port?: number;
  host?: string;
  /** The database process this app started, if any: /healthz reports its restarts. */
  embeddedDatabase?: { readonly state: SupervisedState };
  /** Replaces root/platforms.ts's list (tests start a platform with test-only options). */
  platforms?: ReadonlyArray<ChatPlatform<unknown>>;
}

/**
 * The front ends of a server process, last in the root's order: the HTTP server with `/healthz`,
 * and every configured platform of root/platforms.ts, each given its narrow context.
 */
export async function startServer(app: App, options: ServerOptions = {}): Promise<RunningServer> {
  const logger = app.logger.child({ component: 'http' });
  const http = new HttpServer(logger);
  const stoppers: Array<() => Promise<void>> = [];
  const started: string[] = [];

  http.mount('GET', '/healthz', async (_req, res) => {
    // A restart of the embedded database can be quicker than the driver notices; say it anyway.
    const embedded = options.embeddedDatabase?.state ?? 'running';
    const ok = embedded === 'running' && (await databaseAnswers(app.connection));
    const database = ok ? 'ok' : embedded === 'running' ? 'unavailable' : embedded;
    // A scheduled job with no next run (or long overdue) means backups silently stopped: unhealthy.
    const jobs = ok ? await jobHealthProblems(app.connection.db) : [];
    res
      .writeHead(ok && jobs.length === 0 ? 200 : 503, { 'content-type': 'application/json' })
      .end(JSON.stringify({ database, ...(jobs.length ? { jobs } : {}) }));
  });

  const stopPlatforms = async () => {
    for (const stop of [...stoppers].reverse()) await stop();
  };
  let port: number;
  try {
    for (const platform of options.platforms ?? PLATFORMS) {
      const settings = platform.settingsFrom(app.config);
      if (settings === null) continue;
      const running = await platform.start({
        settings,
        dispatcher: app.dispatcher,
        clock: app.deps.clock,
        defaultLocale: app.config.DEFAULT_LOCALE,
        channelLocale: async (channelId) => (await resolveChannelLocale(app.deps, platform.name, channelId)).locale,
        logger: app.logger.child({ component: platform.name }),
        http,
        ports: { approvals: app.deps.approvals, addresses: app.addresses, deliveries: app.deliveries },
      });
      stoppers.push(() => running.stop());
      register(app, platform.name, running);
      started.push(platform.name);
    }
    // The ingestion API (API_ENABLED): not a chat platform, a second way in to the same core.
    if (app.config.API_ENABLED) mountApi(app, http);
    port = await listenOn(http, options.port ?? app.config.PORT, options.host);
  } catch (error) {
    // A failed start leaves nothing running: a Socket Mode connection would keep the process alive.
    await stopPlatforms().catch((err) => logger.error({ err }, 'stopping platforms after a failed start failed'));
    throw error;
  }
  logger.info({ port, platforms: started }, 'listening');
  // Every platform has registered how it shows progress: long work (resumed at start-up) may run.
  app.startBackground();
  return {
    port,
    http,
    async stop() {
      await http.close();
      await stopPlatforms();
    },
  };
}

/** A started platform shows approval cards, job digests and long operations' progress from now on. */
function register(app: App, name: ChatPlatform<unknown>['name'], running: RunningPlatform): void {
  app.notifier.register(name, running.approvals);
  app.digests.register(name, running.digests);
  if (running.progress) app.progress.register(name, progressBoardOf(running.progress));
}

async function listenOn(http: HttpServer, port: number, host?: string): Promise<number> {
  try {
    return await http.listen(port, host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new ConfigError(`PORT=${port} is already in use by another process: stop that process or set PORT to a free port.`);
    if (code === 'EACCES') throw new ConfigError(`PORT=${port} needs privileges this process lacks: set PORT to 1024 or above.`);
    throw error;
  }
}
