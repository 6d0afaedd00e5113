/**
 * Entry point: `npm start`. Reads the config, starts the database (MONGODB_URI, else the embedded
 * development database), builds the app, then runs the console (no platform settings) or the
 * HTTP server with Slack and/or Teams. SIGTERM/SIGINT shut down gracefully. A failed start prints
 * one line and leaves nothing running (no database process, no listener).
 */
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadDemoData } from './adapters/console/demoData.js';
import { runConsole } from './adapters/console/consoleAdapter.js';
import { interactiveLines, scriptedLines } from './adapters/console/lineSource.js';
import { ConfigError, loadConfig, type Config } from './adapters/config.js';
import { DataDirInUse } from './adapters/mongo/dataDirLock.js';
import { startDevDatabase, type DevDatabase } from './adapters/mongo/devDatabase.js';
import type { ChildExit } from './adapters/mongo/supervisor.js';
import { followedBy } from './adapters/chat/format.js';
import { translatorFor } from './adapters/chat/i18n/index.js';
import { isActorId, isReservedActorId, toActor } from './src/domain/actor.js';
import { isNotesError } from './src/domain/errors.js';
import { stripControlChars } from './src/domain/input.js';
import { matchLocale, type Locale } from './src/domain/locale.js';
import type { ImportProgress } from './src/ports/imports.js';
import { renderErrorText, renderText } from './adapters/chat/renderText.js';
import { startJobs, type RunningJobs } from './jobs/index.js';
import { createApp, type App } from './root/app.js';
import { runsServer } from './root/platforms.js';
import { startServer, type RunningServer } from './root/server.js';

interface CliOptions {
  as?: string;
  /** The console user's language, over the terminal's (LANG); their own `lang` setting still wins. */
  lang?: Locale;
  demo: boolean;
  /** `npm run import -- <file>`: import one export as the acting admin, print the result, exit. */
  importFile?: string;
}

function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = { demo: false };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--as') options.as = argv[++i];
    else if (argv[i].startsWith('--as=')) options.as = argv[i].slice(5);
    else if (argv[i] === '--lang' || argv[i].startsWith('--lang=')) options.lang = cliLocale(argv[i] === '--lang' ? argv[++i] : argv[i].slice(7));
    else if (argv[i] === '--demo') options.demo = true;
    else if (argv[i] === '--import') {
      options.importFile = argv[++i];
      if (!options.importFile) throw new ConfigError('npm run import needs a file: npm run import -- <file> [--as console:<admin>].');
    } else throw new ConfigError(`Unknown option "${argv[i]}". Options: --as <actor>, --lang <en|zh-CN>, --demo, --import <file>.`);
  }
  if (options.as !== undefined && !isActorId(options.as)) {
    throw new ConfigError(`--as needs an actor id like console:alice, got "${options.as ?? ''}".`);
  }
  if (options.as !== undefined && isReservedActorId(options.as)) {
    throw new ConfigError(`--as ${options.as}: system:* ids are reserved for the bot itself; no person can act as one.`);
  }
  return options;
}

function cliLocale(value: string | undefined): Locale {
  const locale = matchLocale(value);
  if (!locale) throw new ConfigError(`--lang needs en or zh-CN, got "${value ?? ''}".`);
  return locale;
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
  // `npm run import` is one command and an exit: no front end, no HTTP, no jobs.
  const oneShot = cli.importFile !== undefined;
  const serverMode = !oneShot && runsServer(config);
  // The ingestion API listens on PORT in console mode too; the console stays on the terminal.
  const httpWanted = !oneShot && (serverMode || config.API_ENABLED);
  // The console's terminal is the conversation: logs go to stderr and only warnings by default.
  const logger = pino({ level: config.LOG_LEVEL ?? (serverMode ? 'info' : 'warn'), base: { app: 'notes-bot' } }, pino.destination(serverMode ? 1 : 2));

  let devDb: DevDatabase | undefined;
  let app: App | undefined;
  let jobs: RunningJobs | undefined;
  let server: RunningServer | undefined;
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      // Stop taking requests first (a load balancer sees /healthz refused), then drain: a running
      // export or purge finishes before the connection closes.
      await server?.stop().catch((err) => logger.error({ err }, 'stopping the HTTP server failed'));
      await jobs?.stop().catch((err) => logger.error({ err }, 'draining jobs failed'));
      await app?.close().catch((err) => logger.error({ err }, 'closing the app failed'));
      await devDb?.stop();
    })());
  const databaseGaveUp = (exit: ChildExit & { recentFailures: number }) => {
    const last = exit.detail || (exit.code !== null ? `exit code ${exit.code}` : `killed by ${exit.signal}`);
    process.stderr.write(
      `notes-bot: the embedded database in DATA_DIR=${config.DATA_DIR} stopped ${exit.recentFailures} times within a minute (${last}); giving up. Check that folder and the free disk space, or set MONGODB_URI.\n`,
    );
    // Jobs cannot drain against a dead database for long; the deadline bounds the wait.
    setTimeout(() => process.exit(1), 10_000).unref();
    void stopAll().finally(() => process.exit(1));
  };

  try {
    let uri = config.MONGODB_URI;
    if (!uri) {
      devDb = await startDevDatabase({
        dataDir: path.resolve(config.DATA_DIR, 'db'),
        events: {
          onExit: ({ pid, code, signal, detail, delayMs }) => logger.warn({ pid, code, signal, detail, delayMs }, 'the embedded database stopped; restarting it'),
          onRestart: (pid) => logger.warn({ pid }, 'the embedded database is running again'),
          onGiveUp: databaseGaveUp,
        },
      });
      logger.info({ pid: devDb.pid, kind: devDb.kind }, 'embedded database started');
      uri = new URL('notes', devDb.uri).toString();
    }
    // A long import on a terminal says how far it is (stderr, so stdout stays the result).
    app = await createApp({ config, logger, databaseUri: uri, ...(serverMode ? {} : { importProgress: progressOnStderr() }), ...(oneShot ? { importsInline: true } : {}) });
    if (!oneShot) jobs = await startJobs(app.jobs);
    if (httpWanted) server = await startServer(app, { embeddedDatabase: devDb });
  } catch (error) {
    process.stderr.write(`notes-bot: ${startupFailure(error, config)}\n`);
    await stopAll();
    return error instanceof ConfigError ? 2 : 1;
  }

  try {
    if (serverMode) {
      await new Promise<void>((resolve) => {
        const shutdown = (signal: string) => {
          logger.info({ signal }, 'shutting down');
          resolve();
        };
        process.once('SIGTERM', shutdown);
        process.once('SIGINT', shutdown);
      });
      return 0;
    }
    // A signal mid-command (a long undo, a restore) waits for the running batch to be recorded
    // and audited before the database closes; the next start resumes the rest.
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => void stopAll().finally(() => process.exit(signal === 'SIGTERM' ? 143 : 130)));
    }
    const actorId = cli.as ?? `console:${os.userInfo().username.replace(/[^A-Za-z0-9._-]/g, '') || 'user'}`;
    if (cli.importFile) return await importOnce(app, actorId, cli.importFile);
    const interactive = Boolean(process.stdin.isTTY);
    const locale = cli.lang ?? config.terminalLocale;
    const reader = { actor: toActor(actorId), origin: { platform: 'console' as const }, platformLocale: locale };
    const tr = translatorFor(await app.dispatcher.localeOf(reader));
    if (cli.demo) {
      const demo = await loadDemoData(app.deps);
      process.stdout.write(`${followedBy(tr.t(demo.loaded ? 'console.demoLoaded' : 'console.demoAlready', demo), tr.t('console.demoAdmins'), tr)}\n`);
    }
    if (interactive) process.stdout.write(`${tr.t('console.greeting', { actorId })}\n`);
    const lines = interactive ? interactiveLines(process.stdin, process.stdout, path.resolve(config.DATA_DIR, 'console_history')) : scriptedLines(process.stdin);
    const { dispatcher, notifier } = app;
    await runConsole({
      dispatcher,
      logger: app.logger.child({ component: 'console' }),
      registerNotifier: (consoleNotifier) => notifier.register('console', consoleNotifier),
      clock: app.deps.clock,
      longWork: {
        registerProgress: (board) => app!.progress.register('console', board),
        start: () => app!.startBackground(),
        running: () => app!.deps.longWork?.background.ids.length ?? 0,
        idle: () => app!.backgroundIdle(),
      },
      lines,
      output: process.stdout,
      actorId,
      echo: !interactive,
      locale,
    });
    return 0;
  } finally {
    await stopAll();
  }
}

/** Import progress on stderr at most every 5 seconds, and only to a terminal. */
function progressOnStderr(): (progress: ImportProgress) => void {
  let last = Date.now();
  return (progress) => {
    if (!process.stderr.isTTY || Date.now() - last < 5_000) return;
    last = Date.now();
    const of = progress.total === null ? '' : ` of ${progress.total.toLocaleString('en-US')}`;
    process.stderr.write(`import: ${progress.phase} ${progress.rows.toLocaleString('en-US')}${of} rows…\n`);
  };
}

/** `npm run import -- <file>`: the console's `import` command, once; exit 0 when it ran, 1 when refused. */
async function importOnce(app: App, actorId: string, file: string): Promise<number> {
  try {
    const outcome = await app.dispatcher.execute({ actor: toActor(actorId), origin: { platform: 'console', channelId: 'console' } }, { name: 'import', file });
    process.stdout.write(`${stripControlChars(renderText(outcome))}\n`);
    return 0;
  } catch (error) {
    if (!isNotesError(error)) throw error;
    process.stderr.write(`notes-bot: ${stripControlChars(renderErrorText(error))}\n`);
    return 1;
  }
}

/** One line for a failed start: settings name themselves; anything else keeps its message, not its stack. */
function startupFailure(error: unknown, config: Config): string {
  if (error instanceof DataDirInUse) {
    return `DATA_DIR=${config.DATA_DIR} is in use by another notes-bot (pid ${error.ownerPid}) and its embedded database has one owner. Stop that one or give this one another DATA_DIR; several instances need MONGODB_URI on MongoDB.`;
  }
  return ((error as Error).message ?? String(error)).replace(/\s*\n\s*/g, ' ');
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`notes-bot: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  },
);
