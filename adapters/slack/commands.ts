import type { App as BoltApp } from '@slack/bolt';
import type { Clock, Logger } from '../../src/ports/system.js';
import type { Dispatcher } from '../../src/usecases/dispatch.js';
import { parseCommand } from '../chat/parseCommand.js';
import { renderOutcome } from './blocks.js';
import { previewInModal } from './modalFlow.js';
import { slackMentions } from './mentions.js';
import { slashCommandBody, slackContext } from './payloads.js';
import { reply } from './reply.js';
import type { ReaderOf } from './readers.js';

/** Commands whose answer is a preview to confirm, shown in a modal. */
const modalCommands = new Set(['bulk-delete', 'delete-selected']);

/**
 * `/notes <subcommand> ...`: ack at once (Slack shows an error after 3 s), then parse, run and
 * answer through the response_url. Errors are thrown to the app's error funnel (index.ts).
 */
export function registerSlashCommand(bolt: BoltApp, core: Dispatcher, logger: Logger, clock: Clock, reader: ReaderOf): void {
  bolt.command('/notes', async ({ ack, body, context, client }) => {
    await ack();
    // Slack re-sends a request it thinks timed out. The first delivery was acked and is being
    // handled, so a retry is acknowledged and dropped: "add" must not add the note twice.
    if (context.retryNum) {
      logger.info({ retryNum: context.retryNum, reason: context.retryReason }, 'ignoring a retried slash command');
      return;
    }
    const cmd = slashCommandBody.parse(body);
    const ctx = slackContext(cmd.user_id, cmd.channel_id, cmd.user_name);
    const target = { userId: cmd.user_id, channelId: cmd.channel_id, responseUrl: cmd.response_url };
    const command = parseCommand(cmd.text, slackMentions);
    if (modalCommands.has(command.name)) {
      await previewInModal(core, client, logger, clock, reader, { triggerId: cmd.trigger_id, ctx, command, target });
      return;
    }
    const outcome = await core.execute(ctx, command);
    await reply(client, target, renderOutcome(outcome, clock.now(), await reader(ctx, cmd.user_id)));
  });
}
