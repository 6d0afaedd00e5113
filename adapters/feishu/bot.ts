import { isNotesError } from '../../src/domain/errors.js';
import { matchLocale, type Locale } from '../../src/domain/locale.js';
import type { DeliveryLedger } from '../../src/ports/deliveries.js';
import type { Clock, Logger } from '../../src/ports/system.js';
import type { RequestContext } from '../../src/usecases/context.js';
import type { Dispatcher } from '../../src/usecases/dispatch.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import { translatorFor, type Translator } from '../chat/i18n/index.js';
import { readListAgain } from '../chat/listRefresh.js';
import { parseCommand } from '../chat/parseCommand.js';
import { renderErrorText } from '../chat/words.js';
import type { FeishuApi } from './api.js';
import type { FeishuCard } from './cardKit.js';
import { errorCard, renderOutcomeCard } from './cards.js';
import { cardActionSchema, commandLineOf, commandTextOf, localeOf, messageEventSchema, requestContextOf, type CardAction } from './payloads.js';

/** What a card callback answers: a toast for the clicker only, and/or the card's new content. */
export interface CardActionAnswer {
  toast?: { type: 'info' | 'success' | 'error' | 'warning'; content: string };
  card?: { type: 'raw'; data: FeishuCard };
}

export interface FeishuBotDeps {
  dispatcher: Dispatcher;
  api: FeishuApi;
  deliveries: DeliveryLedger;
  clock: Clock;
  logger: Logger;
  defaultLocale: Locale;
  botOpenId: string;
  /** How long a card callback may wait for the core before answering "working on it" (Feishu allows 3 s). */
  answerWithinMs?: number;
}

const feishu = { platform: 'feishu' } as const;

/**
 * The Feishu front end, the same for the webhook and the long connection: events in, commands to
 * the dispatcher, cards out. Feishu delivers at least once, so each `event_id` is recorded first
 * in the delivery ledger (a claim on MongoDB and FerretDB alike): a repeated delivery, here or on
 * another instance, acts once. Messages are answered at once and replied to when the work is done; a
 * click waits for the core up to `answerWithinMs`, then answers "working on it" and updates the
 * card when the work is done.
 */
export class FeishuBot {
  private readonly background = new Set<Promise<void>>();
  private readonly answerWithinMs: number;

  constructor(private readonly deps: FeishuBotDeps) {
    this.answerWithinMs = deps.answerWithinMs ?? 2_500;
  }

  /** `im.message.receive_v1`: returns once the event is recorded as delivered; the reply follows. */
  async onMessage(raw: unknown): Promise<void> {
    const parsed = messageEventSchema.safeParse(raw);
    if (!parsed.success) {
      this.deps.logger.warn({ issue: parsed.error.issues[0]?.message }, 'message event not understood; ignored');
      return;
    }
    const event = parsed.data;
    if (event.sender.sender_type && event.sender.sender_type !== 'user') return;
    const line = commandTextOf(event, this.deps.botOpenId);
    if (line === null) return;
    if (!(await this.firstDelivery(event.event_id))) return;
    const platformLocale = matchLocale(localeOf(event));
    this.inBackground(async () => {
      let answer: FeishuCard;
      let ctx: RequestContext | null = null;
      try {
        ctx = { ...requestContextOf(event.sender.sender_id.open_id, event.message.chat_id, event.tenant_key), platformLocale };
        const outcome = await this.deps.dispatcher.execute(ctx, parseCommand(line, feishu));
        answer = this.render(outcome, await this.readerOf(ctx));
      } catch (error) {
        const tr = await this.readerOf(ctx, platformLocale);
        answer = errorCard(this.errorText(error, tr, { eventId: event.event_id }), tr);
      }
      await this.deps.api.replyCard(event.message.message_id, answer);
    });
  }

  /** `card.action.trigger`: the answer Feishu shows (toast to the clicker, new card content). */
  async onCardAction(raw: unknown): Promise<CardActionAnswer> {
    const parsed = cardActionSchema.safeParse(raw);
    if (!parsed.success) return { toast: { type: 'error', content: translatorFor(this.deps.defaultLocale).t('errors.notMyButton') } };
    const event = parsed.data;
    if (!(await this.firstDelivery(event.event_id))) return {};
    const platformLocale = matchLocale(localeOf(event));
    const work = this.click(event, platformLocale);
    const inTime = await Promise.race([work.then(() => true), new Promise<false>((resolve) => setTimeout(resolve, this.answerWithinMs, false).unref())]);
    if (inTime) return work;
    // Too slow for Feishu's 3 s: answer now, and show the outcome on the card when it is done.
    const tr = await this.readerOf(clickerContext(event, platformLocale), platformLocale);
    this.inBackground(async () => {
      const answer = await work;
      if (answer.card) await this.deps.api.updateCard(event.context.open_message_id, answer.card.data);
      // The toast came too late to be shown: the refusal becomes a reply to the card.
      else if (answer.toast) await this.deps.api.replyCard(event.context.open_message_id, errorCard(answer.toast.content, tr));
    });
    return { toast: { type: 'info', content: tr.t('feishu.working') } };
  }

  /** Resolves when every reply and late card update started so far is sent (shutdown). */
  async drain(): Promise<void> {
    while (this.background.size) await Promise.allSettled([...this.background]);
  }

  private async click(event: CardAction, platformLocale: Locale | null): Promise<CardActionAnswer> {
    const { open_message_id: messageId, open_chat_id: chatId } = event.context;
    let ctx: RequestContext | null = null;
    try {
      ctx = { ...requestContextOf(event.operator.open_id, chatId, event.tenant_key), platformLocale };
      const outcome = await this.execute(ctx, commandLineOf(event.action));
      const tr = await this.readerOf(ctx);
      // A button on a list: the outcome (a question, a restored note) is a new message, and the
      // list is re-read so it no longer offers what just changed.
      const refreshed = await readListAgain(this.deps.dispatcher, this.deps.logger, ctx, event.action.value.view, feishu);
      if (!refreshed) return { card: { type: 'raw', data: this.render(outcome, tr) } };
      await this.deps.api.sendCard(chatId, this.render(outcome, tr));
      return { card: { type: 'raw', data: this.render(refreshed, tr) } };
    } catch (error) {
      // A refusal is the clicker's business only: a toast, and the card stays as it was.
      const tr = await this.readerOf(ctx, platformLocale);
      return { toast: { type: 'error', content: this.errorText(error, tr, { eventId: event.event_id, messageId }) } };
    }
  }

  /**
   * The person's language: their own `lang`, else their Feishu locale, else DEFAULT_LOCALE. Asked
   * after the command runs, so `lang` takes effect at once; without a person (an unknown sender)
   * or when the lookup fails, their Feishu locale or DEFAULT_LOCALE.
   */
  private async readerOf(ctx: RequestContext | null, platformLocale: Locale | null = null): Promise<Translator> {
    const fallback = translatorFor(platformLocale ?? this.deps.defaultLocale);
    if (!ctx) return fallback;
    return this.deps.dispatcher.localeOf(ctx).then(translatorFor, () => fallback);
  }

  private execute(ctx: RequestContext, line: string): Promise<Outcome> {
    // Button values go through the grammar like typed text, so a forged value is refused the same way.
    return this.deps.dispatcher.execute(ctx, parseCommand(line, feishu));
  }

  private render(outcome: Outcome, tr: Translator): FeishuCard {
    return renderOutcomeCard(outcome, { tr, now: this.deps.clock.now() });
  }

  private async firstDelivery(eventId: string): Promise<boolean> {
    const first = await this.deps.deliveries.first(`feishu:${eventId}`, this.deps.clock.now());
    if (!first) this.deps.logger.info({ eventId }, 'repeated Feishu delivery ignored');
    return first;
  }

  /**
   * The one funnel from a failure to the person: a short title for the error's code (a toast's
   * first line), then the sentence saying what happened and how to go on, with the usage line
   * under bad input, all in their language. Anything else is a generic sentence while the log
   * gets the detail.
   */
  private errorText(error: unknown, tr: Translator, where: Record<string, unknown>): string {
    if (!isNotesError(error)) {
      this.deps.logger.error({ ...where, err: error }, 'Feishu request failed');
      return tr.t('card.genericFailure');
    }
    return `${tr.t(`feishu.errorTitle.${error.code}`)}\n${renderErrorText(error, tr)}`;
  }

  private inBackground(work: () => Promise<void>): void {
    const running = work().catch((err: unknown) => this.deps.logger.error({ err }, 'Feishu reply failed'));
    this.background.add(running);
    void running.finally(() => this.background.delete(running));
  }
}

/** Who clicked, or null when the sender is not one the bot can act for (refused on the click itself). */
function clickerContext(event: CardAction, platformLocale: Locale | null): RequestContext | null {
  try {
    return { ...requestContextOf(event.operator.open_id, event.context.open_chat_id, event.tenant_key), platformLocale };
  } catch {
    return null;
  }
}
