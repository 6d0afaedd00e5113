import { ActivityTypes, type TurnContext } from 'botbuilder';
import { isNotesError } from '../../src/domain/errors.js';
import type { Logger } from '../../src/ports/system.js';
import type { Locale } from '../../src/domain/locale.js';
import { translatorFor } from '../chat/i18n/index.js';
import { renderErrorText } from '../chat/words.js';
import { messageResponse } from './bot.js';
import { escapeMessageText } from './cardKit.js';


/**
 * The one error funnel of the Teams adapter (`adapter.onTurnError`): a NotesError becomes its own
 * sentence (plus the usage for bad input); anything else becomes a generic sentence for the user
 * and the full detail for the log. A card click (invoke) is answered with an invoke response that
 * Teams shows to the clicker only; a typed message gets a reply in the conversation.
 */
export function createTurnErrorFunnel(logger: Logger, localeOf: (activity: TurnContext['activity']) => Promise<Locale>) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    const activity = context.activity;
    const known = isNotesError(error);
    const where = { activityId: activity.id, type: activity.type, conversationId: activity.conversation?.id, from: activity.from?.aadObjectId ?? activity.from?.id };
    if (known) logger.info({ ...where, code: error.code }, 'refused');
    else logger.error({ ...where, err: error }, 'turn failed');
    // A proactive turn (approval card, decision notice) has nobody waiting for an answer.
    if (activity.type === ActivityTypes.Event) return;
    const tr = translatorFor(await localeOf(activity));
    const message = known ? renderErrorText(error, tr) : tr.t('card.genericFailure');
    try {
      if (activity.type === ActivityTypes.Invoke) {
        await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: messageResponse(message) } });
      } else {
        // Teams folds single newlines in plain messages; the usage line must stay on its own. The
        // message may echo what was typed, and Teams reads a message as markdown: escaped.
        await context.sendActivity(escapeMessageText(message).replace(/\n/g, '\n\n'));
      }
    } catch (sendError) {
      // The connector is down too: the log is all we have left.
      logger.error({ ...where, err: sendError }, 'could not tell the user about the error');
    }
  };
}
