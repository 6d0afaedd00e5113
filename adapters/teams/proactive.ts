import type { Activity, ConversationReference, ResourceResponse, TurnContext } from 'botbuilder';
import type { TeamsCloudAdapter } from './adapter.js';

/**
 * Teams conversation ids have a `19:`/`a:`-style prefix and Slack channel ids never contain a
 * colon, so settings shared with Slack (APPROVAL_CHANNEL, BACKUP_DIGEST_CHANNEL) holding a Slack
 * id mean "not for Teams".
 */
export const isTeamsConversationId = (id: string | undefined): id is string => Boolean(id && /^[0-9a-z]+:/i.test(id));

/** A proactive turn in a known conversation (the bot speaks without being spoken to). */
export function inConversation(
  adapter: TeamsCloudAdapter,
  appId: string,
  serviceUrl: string,
  conversationId: string,
  logic: (context: TurnContext) => Promise<void>,
): Promise<void> {
  const reference: Partial<ConversationReference> = {
    channelId: 'msteams',
    serviceUrl,
    conversation: { id: conversationId, isGroup: true, conversationType: 'channel', name: '' },
  };
  return adapter.continueConversationAsync(appId, reference, logic);
}

/**
 * A new top-level message, not a reply: `context.sendActivity` in a proactive turn would reply to
 * the made-up id of the continuation activity, so the activity goes to the adapter directly.
 */
export async function postNew(context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | undefined> {
  const { conversation, serviceUrl, channelId } = context.activity;
  const [response] = await context.adapter.sendActivities(context, [{ ...activity, conversation, serviceUrl, channelId }]);
  return response;
}
