import type { Logger } from '../../src/ports/system.js';
import type { Command } from '../../src/usecases/commands.js';
import type { RequestContext } from '../../src/usecases/context.js';
import type { Dispatcher } from '../../src/usecases/dispatch.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import { parseCommand } from './parseCommand.js';
import type { MentionContext } from './parseFilter.js';

/**
 * The list a button's refresh (`ViewAction.refresh`) reads again after its click, or null. The
 * refresh comes back inside a click the client sends, so it goes through the grammar like typed
 * text, and only a command that reads a list counts: a forged `restore n-x` or `delete n-x` must
 * neither act nor turn the list into something else. Every platform that honours refresh asks here.
 */
export function listRefresh(text: string | undefined, ctx: MentionContext): Command | null {
  if (!text) return null;
  try {
    const command = parseCommand(text, ctx);
    return readsAList(command) ? command : null;
  } catch {
    return null;
  }
}

const readsAList = (command: Command): boolean =>
  command.name === 'list' || command.name === 'trash' || (command.name === 'backup' && command.request.kind === 'list');

/**
 * The list a clicked button carried, read again for the clicker after the click acted; null
 * without one, when it is not a list read, or when it is refused or fails (logged): the click's
 * own answer then stands, and the platform leaves the list or puts the answer in its place.
 */
export async function readListAgain(dispatcher: Pick<Dispatcher, 'execute'>, logger: Logger, ctx: RequestContext, refresh: string | undefined, mentions: MentionContext): Promise<Outcome | null> {
  const command = listRefresh(refresh, mentions);
  if (!command) {
    if (refresh) logger.warn({ actor: ctx.actor.id }, 'a button refresh that is not a list read was ignored');
    return null;
  }
  return dispatcher.execute(ctx, command).catch((error: unknown) => {
    logger.warn({ err: error, actor: ctx.actor.id }, 'could not read the list again after a click');
    return null;
  });
}
