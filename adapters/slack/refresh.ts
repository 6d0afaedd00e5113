import type { webApi } from '@slack/bolt';
import type { Clock, Logger } from '../../src/ports/system.js';
import type { RequestContext } from '../../src/usecases/context.js';
import type { Dispatcher } from '../../src/usecases/dispatch.js';
import type { Translator } from '../chat/i18n/index.js';
import { readListAgain } from '../chat/listRefresh.js';
import { renderOutcome } from './blocks.js';
import { slackMentions } from './mentions.js';
import type { ReplyTarget } from './payloads.js';
import { reply } from './reply.js';

export interface RefreshRequest {
  ctx: RequestContext;
  /** The click's target: its response_url replaces the message the button was on. */
  target: ReplyTarget;
  /** The list command the button carried (ViewAction.refresh). */
  refresh: string;
  /** The clicker's language: the re-read list is theirs. */
  tr: Translator;
}

/**
 * After a click on a list, the list is read again with the command its button carried and
 * replaces the clicked message, so it no longer offers what just changed (Restore on a note
 * already restored). The command goes through the grammar like typed text. The click's own
 * answer has already been sent: a refresh that is refused or fails is logged and the list is
 * left as it was, never reported to the clicker as if their click had failed.
 */
export async function refreshList(core: Dispatcher, client: webApi.WebClient, logger: Logger, clock: Clock, request: RefreshRequest): Promise<void> {
  const { ctx, target, refresh, tr } = request;
  // Without a response_url there is no clicked message to replace.
  if (!target.responseUrl) return;
  // Through the grammar, and only a list read (adapters/chat/listRefresh.ts).
  const outcome = await readListAgain(core, logger, ctx, refresh, slackMentions);
  if (!outcome) return;
  try {
    await reply(client, target, renderOutcome(outcome, clock.now(), tr), 'replace');
  } catch (error) {
    logger.warn({ err: error, actor: ctx.actor.id }, 'could not refresh the list after a click; it stays as it was');
  }
}
