import type { Writable } from 'node:stream';
import { isActorId, isReservedActorId, toActor, type Actor } from '../../src/domain/actor.js';
import { isNotesError } from '../../src/domain/errors.js';
import { stripControlChars as terminalSafe } from '../../src/domain/input.js';
import type { Locale } from '../../src/domain/locale.js';
import type { RequestContext } from '../../src/usecases/context.js';
import type { Clock, Logger, Notifier, NotesEvent, ProgressBoard } from '../../src/ports/system.js';
import type { Command } from '../../src/usecases/commands.js';
import type { Dispatcher } from '../../src/usecases/dispatch.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import { parseCommand } from '../chat/parseCommand.js';
import { translatorFor, type Translator } from '../chat/i18n/index.js';
import { renderText } from '../chat/renderText.js';
import { approvalSubject, incidentId, renderErrorText, renderUnexpectedText, statusWord } from '../chat/words.js';
import { echoedLines, type LineSource } from './lineSource.js';
import { consoleProgressBoard } from './progress.js';

export interface ConsoleOptions {
  /** The narrow context from the root: never the app itself. */
  dispatcher: Dispatcher;
  logger: Logger;
  /** Where the console's approval notifier goes (the root's PlatformNotifier). */
  registerNotifier(notifier: Notifier): void;
  clock: Clock;
  /** Long operations: where the console's progress board goes, and when they may run and have ended. */
  longWork: ConsoleLongWork;
  lines: LineSource;
  output: Writable;
  actorId: string;
  /** Scripted mode writes each prompt before reading and echoes the line read, as a terminal does. */
  echo: boolean;
  /** The terminal's language (`--lang`, else LC_ALL / LC_MESSAGES / LANG), or null. */
  locale?: Locale | null;
}

export interface ConsoleLongWork {
  registerProgress(board: ProgressBoard): void;
  /** Lets long work run (it waits until the front end shows progress). */
  start(): void;
  /** How many long operations run in this process now. */
  running(): number;
  idle(): Promise<void>;
}

/**
 * The console front end: the same grammar and use cases as Slack and Teams, in a terminal.
 * `as <actor>` switches the acting user (how one person tries the two-person rule).
 */
export async function runConsole(options: ConsoleOptions): Promise<void> {
  const { dispatcher, logger, output } = options;
  const lines = options.echo ? echoedLines(options.lines, output) : options.lines;
  // Notes, reasons and ids may come from anywhere (other platforms, imports, older records): nothing
  // printed may carry a control character, so no stored text can drive the terminal.
  const say = (text: string) => output.write(`${terminalSafe(text)}\n`);
  let actor: Actor = toActor(options.actorId);
  // Only the person at the terminal reads the answers.
  const context = (): RequestContext => ({ actor, origin: { platform: 'console', channelId: 'console' }, platformLocale: options.locale ?? null, privateReply: true });
  // The acting person's language, looked up again after every command (`lang` and `as` change it).
  let tr: Translator = translatorFor(await dispatcher.localeOf(context()));
  const speakTo = async () => {
    tr = translatorFor(await dispatcher.localeOf(context()));
  };
  options.registerNotifier(consoleNotifier(say, () => tr));
  options.longWork.registerProgress(consoleProgressBoard(output, { terminal: !options.echo, clock: options.clock, reader: () => tr }));
  // The console is the front end: long work (resumed at start-up, or started here) may run now.
  options.longWork.start();

  for (;;) {
    const prompt = `${actor.id}> `;
    const line = await lines.next(prompt);
    if (line === null) break;
    const text = line.trim();
    if (!text || text.startsWith('#')) continue;
    if (/^(exit|quit)$/i.test(text)) break;

    const switchTo = /^as\s+(\S+)$/i.exec(text);
    if (switchTo) {
      const id = switchTo[1].includes(':') ? switchTo[1] : `console:${switchTo[1]}`;
      if (!isActorId(id)) say(tr.t('console.notActor', { word: switchTo[1] }));
      else if (isReservedActorId(id)) say(`✗ ${tr.t('errors.reservedActor', { actorId: id, doing: tr.t('doing.actAs') })}`);
      else {
        actor = toActor(id);
        await speakTo();
        say(tr.t('console.actingAs', { actorId: actor.id }));
      }
      continue;
    }
    await runLine(text);
  }
  lines.close();
  // Long work started (or resumed) in this session finishes before the console leaves: a script
  // that asks for a bulk delete expects it done when the bot exits. Ctrl-C still stops it
  // between two batches, and the next start resumes it.
  const waiting = options.longWork.running();
  if (waiting > 0) say(tr.t('console.waitingForJobs', { count: waiting }));
  await options.longWork.idle();

  async function runLine(text: string) {
    try {
      const command = parseCommand(text, { platform: 'console' });
      let outcome = await execute(command);
      // A confirmation prompt consumes the next line: y or yes confirms, anything else cancels.
      while (outcome.kind === 'confirm-delete' || outcome.kind === 'confirm-plan' || outcome.kind === 'confirm-backup-restore') {
        say(renderText(outcome, tr));
        const answer = await lines.next(tr.t('confirm.prompt'));
        const yes = /^(y|yes)$/i.test((answer ?? '').trim());
        outcome = await execute({ name: yes ? 'confirm' : 'cancel', confirmationId: outcome.confirmationId });
      }
      await speakTo();
      say(renderText(outcome, tr));
    } catch (error) {
      await speakTo().catch(() => undefined);
      if (isNotesError(error)) say(`✗ ${renderErrorText(error, tr)}`);
      else {
        const incident = incidentId();
        logger.error({ err: error, text, incident }, 'console command failed');
        say(`✗ ${renderUnexpectedText(error, incident, tr)}`);
      }
    }
  }

  function execute(command: Command): Promise<Outcome> {
    return dispatcher.execute(context(), command);
  }
}

/** Approval events, told to whoever sits at the terminal, in their language. */
function consoleNotifier(say: (text: string) => void, reader: () => Translator): Notifier {
  return {
    async publish(event: NotesEvent) {
      const r = event.request;
      const tr = reader();
      if (event.type === 'approval.requested') {
        say(tr.t('approval.notifyRequested', { requesterId: r.requesterId, subject: approvalSubject(r, tr), id: r.id }));
      } else {
        say(tr.t('approval.notifyDecided', { id: r.id, status: statusWord(event.outcome, tr), by: r.decidedBy ?? '?' }));
      }
    },
  };
}
