import type { Command } from '../../src/usecases/commands.js';
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
