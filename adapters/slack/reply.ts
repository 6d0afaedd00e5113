import type { webApi } from '@slack/bolt';
import { isNotesError } from '../../src/domain/errors.js';
import type { Logger } from '../../src/ports/system.js';
import { english, type Translator } from '../chat/i18n/index.js';
import { renderErrorText } from '../chat/words.js';
import { errorView } from '../chat/views/index.js';
import { slackMessage, type SlackMessage } from './viewRenderer.js';
import type { ReplyTarget } from './payloads.js';

/**
 * How the adapter talks back after the 3-second ack: through the request's response_url (valid
 * 30 minutes, up to 5 posts) or, when there is none, an ephemeral message in the channel.
 */
export type ReplyMode = 'ephemeral' | 'replace';

export async function reply(client: webApi.WebClient, target: ReplyTarget, message: SlackMessage, mode: ReplyMode = 'ephemeral'): Promise<void> {
  if (target.responseUrl) {
    const body = mode === 'replace' ? { replace_original: true, ...message } : { response_type: 'ephemeral', replace_original: false, ...message };
    const response = await fetch(target.responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`response_url answered ${response.status}`);
    return;
  }
  if (target.channelId) {
    await client.chat.postEphemeral({ channel: target.channelId, user: target.userId, ...message });
    return;
  }
  // Neither: a direct message reaches the person wherever they are.
  await client.chat.postMessage({ channel: target.userId, ...message });
}

/**
 * The one place an error becomes user text. A NotesError is a refusal or bad input the user can
 * act on: they get its message (and the usage line). Anything else is our fault: the user gets
 * one calm sentence, the log gets the stack and the request it belonged to.
 */
export function explainError(error: unknown, logger: Logger, details: Record<string, unknown> = {}, tr: Translator = english): string {
  if (isNotesError(error)) {
    logger.info({ code: error.code, ...details }, `refused: ${error.message}`);
    return renderErrorText(error, tr);
  }
  logger.error({ err: error, ...details }, 'Slack request failed');
  return tr.t('slack.genericFailure');
}

/** An error echoes what was typed (`"<!channel>" is not a record id`): the renderer escapes it in both fields. */
export function errorMessage(text: string, tr: Translator = english): SlackMessage {
  return slackMessage(errorView(text), tr);
}
