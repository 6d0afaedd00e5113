import type { App as BoltApp, webApi } from '@slack/bolt';
import { badInput } from '../../src/domain/errors.js';
import type { Clock, Logger } from '../../src/ports/system.js';
import type { Command } from '../../src/usecases/commands.js';
import type { Dispatcher } from '../../src/usecases/dispatch.js';
import { parseCommand, subcommandParsers } from '../chat/parseCommand.js';
import { ACTION, renderOutcome, SELECT_BLOCK } from './blocks.js';
import { decodeButtonValue } from './buttonValue.js';
import { previewInModal } from './modalFlow.js';
import { blockActionBody, pageValue, parseViewMetadata, slackContext, viewBody, type BlockActionBody } from './payloads.js';
import { reply, type ReplyMode } from './reply.js';
import { PLAN_VIEW } from './views.js';
import { slackMentions } from './mentions.js';
import type { ReaderOf } from './readers.js';
import { refreshList } from './refresh.js';

/**
 * Buttons and modal answers. Each click becomes a Command for the dispatcher, like typed text
 * does; the core checks permissions and acts once (compare-and-set), so a double click or a
 * second instance handling the same click changes nothing twice.
 */
type ClickToCommand = (value: string) => Command;

const slack = slackMentions;
/** A button value goes through the grammar's own parser, so a forged value is refused like typed text. */
const viaGrammar =
  (name: 'delete' | 'restore' | 'undo' | 'confirm' | 'cancel' | 'approve' | 'reject'): ClickToCommand =>
  (value) =>
    subcommandParsers[name]([value], slack);

/** Per button: the command it means, and whether its answer replaces the clicked message. */
const buttons: Record<string, { command: ClickToCommand; mode: ReplyMode }> = {
  [ACTION.deleteNote]: { command: viaGrammar('delete'), mode: 'ephemeral' },
  [ACTION.restoreNote]: { command: viaGrammar('restore'), mode: 'ephemeral' },
  [ACTION.undoNote]: { command: viaGrammar('restore'), mode: 'replace' },
  [ACTION.undoPlan]: { command: viaGrammar('undo'), mode: 'replace' },
  [ACTION.confirmYes]: { command: viaGrammar('confirm'), mode: 'replace' },
  [ACTION.confirmNo]: { command: viaGrammar('cancel'), mode: 'replace' },
  [ACTION.approve]: { command: viaGrammar('approve'), mode: 'ephemeral' },
  [ACTION.reject]: { command: viaGrammar('reject'), mode: 'ephemeral' },
  // Verify from a backup list: the verdict comes as a new message, the list stays.
  [ACTION.verifyBackup]: { command: (value) => subcommandParsers.backup(['verify', value], slack), mode: 'ephemeral' },
  // "Back up now" on an empty backup list; the value is not read: the button means one thing.
  [ACTION.backupNow]: { command: () => subcommandParsers.backup(['now'], slack), mode: 'ephemeral' },
  // On a progress message: the answer goes to the clicker; the message itself shows the stop.
  [ACTION.cancelJob]: { command: viaGrammar('cancel'), mode: 'ephemeral' },
  [ACTION.pagePrevious]: { command: pageCommand, mode: 'replace' },
  [ACTION.pageNext]: { command: pageCommand, mode: 'replace' },
};

function pageCommand(value: string): Command {
  const page = pageValue.safeParse(safeJson(value));
  if (!page.success) throw badInput('badPageButton', {}, 'list');
  // Through the grammar again, so a page click is validated exactly like typed text.
  const { s, f, p } = page.data;
  return parseCommand(`${s === 'live' ? 'list' : 'trash'} ${f} page:${p}`, slack);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function selectedNoteIds(body: BlockActionBody): string[] {
  const picked = body.state?.values[SELECT_BLOCK]?.[ACTION.select]?.selected_options ?? [];
  return picked.map((option) => option.value);
}

export function registerActions(bolt: BoltApp, core: Dispatcher, logger: Logger, clock: Clock, reader: ReaderOf): void {
  for (const [actionId, spec] of Object.entries(buttons)) {
    bolt.action(actionId, async ({ ack, body, client }) => {
      await ack();
      const click = blockActionBody.parse(body);
      const { id, refresh } = decodeButtonValue(click.actions[0].value ?? '');
      const { ctx, target } = whoAndWhere(click);
      const outcome = await core.execute(ctx, spec.command(id));
      const tr = await reader(ctx, click.user.id);
      // A button on a list: its answer is a new message, and the list is read again in its place.
      await reply(client, target, renderOutcome(outcome, clock.now(), tr), refresh ? 'ephemeral' : spec.mode);
      if (refresh) await refreshList(core, client, logger, clock, { ctx, target, refresh, tr });
    });
  }

  // Ticking a box needs no answer; the ticks travel with the "Delete selected" click.
  bolt.action(ACTION.select, async ({ ack }) => {
    await ack();
  });

  bolt.action(ACTION.deleteSelected, async ({ ack, body, client }) => {
    await ack();
    const click = blockActionBody.parse(body);
    const { ctx, target } = whoAndWhere(click);
    const command = subcommandParsers['delete-selected'](selectedNoteIds(click), slack);
    // The value says nothing but which list to read again once the deletion is confirmed.
    const { refresh } = decodeButtonValue(click.actions[0].value ?? '');
    const request = { triggerId: click.trigger_id, ctx, command, target: { ...target, channelId: target.channelId ?? '' }, ...(refresh ? { refresh } : {}) };
    await previewInModal(core, client, logger, clock, reader, request);
  });

  bolt.view(PLAN_VIEW, async ({ ack, body, client }) => {
    await ack(); // closes the modal; the result arrives as a message
    await answerModal(core, client, logger, clock, reader, body, 'confirm');
  });

  bolt.view({ callback_id: PLAN_VIEW, type: 'view_closed' }, async ({ ack, body, client }) => {
    await ack();
    await answerModal(core, client, logger, clock, reader, body, 'cancel');
  });
}

async function answerModal(core: Dispatcher, client: webApi.WebClient, logger: Logger, clock: Clock, reader: ReaderOf, body: unknown, answer: 'confirm' | 'cancel') {
  const submitted = viewBody.parse(body);
  const meta = parseViewMetadata(submitted.view.private_metadata);
  if (!meta.c) return;
  const ctx = slackContext(submitted.user.id, meta.ch, submitted.user.username);
  const outcome = await core.execute(ctx, { name: answer, confirmationId: meta.c });
  const tr = await reader(ctx, submitted.user.id);
  const target = { userId: submitted.user.id, channelId: meta.ch, ...(meta.r ? { responseUrl: meta.r } : {}) };
  await reply(client, target, renderOutcome(outcome, clock.now(), tr));
  // Cancelling changed nothing, so the list under the modal is still right.
  if (answer === 'confirm' && meta.v) await refreshList(core, client, logger, clock, { ctx, target, refresh: meta.v, tr });
}

function whoAndWhere(click: BlockActionBody) {
  const channelId = click.channel?.id ?? click.container?.channel_id;
  const ctx = slackContext(click.user.id, channelId, click.user.username ?? click.user.name);
  const target = { userId: click.user.id, ...(channelId ? { channelId } : {}), ...(click.response_url ? { responseUrl: click.response_url } : {}) };
  return { ctx, target };
}
