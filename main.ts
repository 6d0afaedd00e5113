/**
 * Entry point: `npm start`. Reads the config, starts the database (MONGODB_URI, else the embedded
 * development database), builds the app, then runs the console (no platform settings) or the
 * HTTP server with Slack and/or Teams. SIGTERM/SIGINT shut down gracefully.
 */
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createApp, type App } from './adapters/app.js';
import { loadDemoData } from './adapters/console/demoData.js';
import { runConsole } from './adapters/console/consoleAdapter.js';
import { interactiveLines, scriptedLines } from './adapters/console/lineSource.js';
import { ConfigError, loadConfig, type Config } from './adapters/config.js';
import { startDevDatabase, type DevDatabase } from './adapters/mongo/devDatabase.js';
import { startServer } from './adapters/server.js';
import { isActorId, isReservedActorId } from './src/domain/actor.js';
import { startJobs, type RunningJobs } from './jobs/index.js';

interface CliOptions {
  as?: string;
  demo: boolean;
}

function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = { demo: false };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--as') options.as = argv[++i];
    else if (argv[i].startsWith('--as=')) options.as = argv[i].slice(5);
    else if (argv[i] === '--demo') options.demo = true;
    else throw new ConfigError(`Unknown option "${argv[i]}". Options: --as <actor>, --demo.`);
  }
  if (options.as !== undefined && !isActorId(options.as)) {
    throw new ConfigError(`--as needs an actor id like console:alice, got "${options.as ?? ''}".`);
  }
  if (options.as !== undefined && isReservedActorId(options.as)) {
    throw new ConfigError(`--as ${options.as}: system:* ids are reserved for the bot itself; no person can act as one.`);
  }
  return options;
}

async function main(): Promise<number> {
  let config: Config;
  let cli: CliOptions;
  try {
    config = loadConfig(process.env);
    cli = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`notes-bot: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const serverMode = config.slackEnabled || config.teamsEnabled;
  // The console's terminal is the conversation: logs go to stderr and only warnings by default.
  const logger = pino({ level: config.LOG_LEVEL ?? (serverMode ? 'info' : 'warn'), base: { app: 'notes-bot' } }, pino.destination(serverMode ? 1 : 2));

  let devDb: DevDatabase | undefined;
  let app: App | undefined;
  let jobs: RunningJobs | undefined;
  const stopAll = async () => {
    // Drain first: a running export or purge finishes before the connection closes.
    await jobs?.stop().catch((err) => logger.error({ err }, 'draining jobs failed'));
    await app?.close().catch((err) => logger.error({ err }, 'closing the app failed'));
    await devDb?.stop();
  };
  try {
    let uri = config.MONGODB_URI;
    if (!uri) {
      devDb = await startDevDatabase({ dataDir: path.resolve(config.DATA_DIR, 'db') });
      uri = new URL('notes', devDb.uri).toString();
    }
    app = await createApp({ config, logger, databaseUri: uri });
    jobs = await startJobs(app);
  } catch (error) {
    process.stderr.write(`notes-bot: ${(error as Error).message}\n`);
    await stopAll();
    return 1;
  }

  if (serverMode) {
    const server = await startServer(app);
    await new Promise<void>((resolve) => {
      const shutdown = (signal: string) => {
        logger.info({ signal }, 'shutting down');
        resolve();
      };
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
    });
    await server.stop();
    await stopAll();
    return 0;
  }

  if (cli.demo) process.stdout.write(`${await loadDemoData(app)}\n`);
  const actorId = cli.as ?? `console:${os.userInfo().username.replace(/[^A-Za-z0-9._-]/g, '') || 'user'}`;
  const interactive = Boolean(process.stdin.isTTY);
  if (interactive) {
    process.stdout.write(`Notes bot — acting as ${actorId}. Type "help", "as <actor>" to switch user, "exit" to leave.\n`);
  }
  const lines = interactive ? interactiveLines(process.stdin, process.stdout, path.resolve(config.DATA_DIR, 'console_history')) : scriptedLines(process.stdin);
  await runConsole({ app, lines, output: process.stdout, actorId, echo: !interactive });
  await stopAll();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`notes-bot: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);
