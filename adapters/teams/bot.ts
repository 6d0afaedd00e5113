import { ActivityHandler, CardFactory, MessageFactory, TurnContext, type AdaptiveCardInvokeResponse, type AdaptiveCardInvokeValue } from 'botbuilder';
import { NotesError } from '../../src/domain/errors.js';
import type { Clock, Logger } from '../../src/ports/system.js';
import type { Command } from '../../src/usecases/commands.js';
import type { RequestContext } from '../../src/usecases/context.js';
import type { Dispatcher } from '../../src/usecases/dispatch.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import { readListAgain } from '../chat/listRefresh.js';
import { parseCommand } from '../chat/parseCommand.js';
import { cardActionDataSchema, commandLineOf, requestContextOf } from './activity.js';
import type { AdaptiveCard } from './cardKit.js';
import { outcomeCard } from './cards.js';
import { translatorFor, type Translator } from '../chat/i18n/index.js';

/**
 * The turn logic: typed `notes ...` messages and Action.Execute clicks become commands for the
 * dispatcher; outcomes become Adaptive Cards. Errors are not handled here: they go to the
 * adapter's one `onTurnError` funnel (see errors.ts).
 *
 * Buttons are Action.Execute (Universal Actions), not Action.Submit: a click arrives as an
 * `adaptiveCard/action` invoke that must be answered, and the answer either replaces the clicked
 * card (a confirmation turns into the outcome with Undo; a list turns to its next page) or is a
 * refusal Teams shows to the clicker alone, instead of a message per click in a shared channel.
 * Action.Submit would arrive as a plain message with `value`, whose answer can only be another
 * message; that path is still accepted for cards posted by older clients.
 */
export class NotesTeamsBot extends ActivityHandler {
  /** Teams re-delivers a message when our answer was slow; the same activity id acts once. */
  private readonly recentMessageIds = new Set<string>();

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    super();
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (this.seenBefore(`${activity.conversation.id}|${activity.id ?? ''}`)) {
      this.logger.info({ activityId: activity.id }, 'duplicate delivery ignored');
      return;
    }
    const ctx = requestContextOf(activity);
    // An Action.Submit from an older card still carries our `data`; run it like a click.
    const submitted = cardActionDataSchema.safeParse(activity.value);
    const line = submitted.success ? commandLineOf(submitted.data) : commandText(activity);
    const outcome = await this.execute(ctx, line);
    const tr = await this.readerOf(ctx);
    await context.sendActivity(cardMessage(outcomeCard(outcome, this.clock.now(), tr)));
  }

  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const ctx = requestContextOf(context.activity);
    const data = cardActionDataSchema.safeParse(invokeValue.action.data);
    if (!data.success) throw new NotesError('BadInput', 'notMyButton');
    const command = parseCommand(commandLineOf(data.data), { platform: 'teams' });
    const outcome = await this.dispatcher.execute(ctx, command);
    const now = this.clock.now();
    const tr = await this.readerOf(ctx);
    const answer = outcomeCard(outcome, now, tr);
    // A button on a list: the outcome (a confirmation, a restored note) is a new message, and the
    // list itself is re-read so it no longer offers what just changed.
    const refreshed = await readListAgain(this.dispatcher, this.logger, ctx, data.data.view, { platform: 'teams' });
    if (refreshed) {
      await context.sendActivity(cardMessage(answer));
      return cardResponse(outcomeCard(refreshed, now, tr));
    }
    if (SHOWN_TO_EVERYONE.has(command.name)) await this.replaceForEveryone(context, answer);
    return cardResponse(answer);
  }

  /**
   * Teams shows an invoke's answer card to the clicker only. A confirmation's outcome concerns the
   * whole conversation (and its Confirm button must not linger), so the posted card is updated for
   * everyone too. Paging stays personal. If the update fails the clicker still sees the outcome.
   */
  private async replaceForEveryone(context: TurnContext, answer: AdaptiveCard): Promise<void> {
    const cardMessageId = context.activity.replyToId;
    if (!cardMessageId) return;
    try {
      await context.updateActivity({ ...cardMessage(answer), id: cardMessageId });
    } catch (error) {
      this.logger.warn({ err: error, cardMessageId }, 'could not update the card for everyone');
    }
  }

  /** The person's language, asked after the command ran (so `lang` answers in the new one). */
  private async readerOf(ctx: RequestContext): Promise<Translator> {
    return translatorFor(await this.dispatcher.localeOf(ctx));
  }

  private execute(ctx: RequestContext, line: string): Promise<Outcome> {
    return this.dispatcher.execute(ctx, parseCommand(line, { platform: 'teams' }));
  }

  private seenBefore(key: string): boolean {
    if (this.recentMessageIds.has(key)) return true;
    this.recentMessageIds.add(key);
    // A Set iterates in insertion order, so the first key is the oldest.
    if (this.recentMessageIds.size > 1000) this.recentMessageIds.delete(this.recentMessageIds.values().next().value as string);
    return false;
  }
}

/** Clicks whose outcome replaces the card for the whole conversation, not just the clicker. */
const SHOWN_TO_EVERYONE = new Set<Command['name']>(['confirm', 'cancel', 'restore', 'undo']);

/** The typed text without the leading `@Bot` mention Teams puts in channel messages. */
export function commandText(activity: TurnContext['activity']): string {
  const withoutBot = activity.recipient ? TurnContext.removeRecipientMention(activity) : activity.text;
  return (withoutBot ?? '')
    .replace(/&nbsp;/g, ' ')
    .replace(/^\s*(<at>[^<]*<\/at>\s*)+/i, '')
    .trim();
}

export const cardMessage = (adaptiveCard: AdaptiveCard) => MessageFactory.attachment(CardFactory.adaptiveCard(adaptiveCard));

export const cardResponse = (adaptiveCard: AdaptiveCard): AdaptiveCardInvokeResponse => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.card.adaptive',
  value: adaptiveCard,
});

/** Shown by Teams to the person who clicked, and to nobody else. */
export const messageResponse = (message: string) => ({
  statusCode: 200,
  type: 'application/vnd.microsoft.activity.message',
  value: message,
});
