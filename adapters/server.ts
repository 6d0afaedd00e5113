import type { App } from './app.js';
import { ConfigError } from './config.js';
import { HttpServer } from './http/server.js';
import { jobHealthProblems } from '../jobs/health.js';
import { databaseAnswers } from './mongo/connection.js';
import type { SupervisedState } from './mongo/supervisor.js';
import { mountSlack } from './slack/index.js';
import { mountTeams } from './teams/index.js';

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
}

/**
 * The HTTP front door of a server process: `/healthz`, plus Slack's and Teams' endpoints when
 * they are configured.
 */
export async function startServer(app: App, options: ServerOptions = {}): Promise<RunningServer> {
  const logger = app.logger.child({ component: 'http' });
  const http = new HttpServer(logger);
  const stoppers: Array<() => Promise<void>> = [];

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
    // Platform adapters mount here (each returns a stop function).
    if (app.config.slackEnabled) stoppers.push(await mountSlack(app, http));
    if (app.config.teamsEnabled) stoppers.push(await mountTeams(app, http));
    port = await listenOn(http, options.port ?? app.config.PORT, options.host);
  } catch (error) {
    // A failed start leaves nothing running: a Socket Mode connection would keep the process alive.
    await stopPlatforms().catch((err) => logger.error({ err }, 'stopping platforms after a failed start failed'));
    throw error;
  }
  logger.info({ port, slack: app.config.slackEnabled, teams: app.config.teamsEnabled }, 'listening');
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
