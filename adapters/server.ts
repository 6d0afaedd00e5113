import type { App } from './app.js';
import { HttpServer } from './http/server.js';
import { jobHealthProblems } from '../jobs/health.js';
import { databaseAnswers } from './mongo/connection.js';
import { mountSlack } from './slack/index.js';
import { mountTeams } from './teams/index.js';

export interface RunningServer {
  port: number;
  http: HttpServer;
  /** Graceful: stop taking requests, finish in-flight ones, stop platform connections. */
  stop(): Promise<void>;
}

/**
 * The HTTP front door of a server process: `/healthz`, plus Slack's and Teams' endpoints when
 * they are configured. `port` overrides PORT (tests pass 0 for an ephemeral port).
 */
export async function startServer(app: App, options: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const logger = app.logger.child({ component: 'http' });
  const http = new HttpServer(logger);
  const stoppers: Array<() => Promise<void>> = [];

  http.mount('GET', '/healthz', async (_req, res) => {
    const ok = await databaseAnswers(app.connection);
    // A scheduled job with no next run (or long overdue) means backups silently stopped: unhealthy.
    const jobs = ok ? await jobHealthProblems(app.connection.db) : [];
    res
      .writeHead(ok && jobs.length === 0 ? 200 : 503, { 'content-type': 'application/json' })
      .end(JSON.stringify({ database: ok ? 'ok' : 'unavailable', ...(jobs.length ? { jobs } : {}) }));
  });

  // Platform adapters mount here (each returns a stop function).
  if (app.config.slackEnabled) stoppers.push(await mountSlack(app, http));
  if (app.config.teamsEnabled) stoppers.push(await mountTeams(app, http));

  const port = await http.listen(options.port ?? app.config.PORT, options.host);
  logger.info({ port, slack: app.config.slackEnabled, teams: app.config.teamsEnabled }, 'listening');
  return {
    port,
    http,
    async stop() {
      await http.close();
      for (const stop of stoppers.reverse()) await stop();
    },
  };
}
