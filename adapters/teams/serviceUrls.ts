import type { Origin } from '../../src/domain/approval.js';
import type { ConversationAddress, ConversationAddresses } from '../../src/ports/conversations.js';

/** What an authenticated inbound activity tells us about where its conversation is served. */
export type ServedConversation = ConversationAddress;

/**
 * The Bot Framework's service URL differs by region and tenant, and a proactive message (a digest
 * nobody asked for) has no inbound activity to take it from. So the URL of every activity the bot
 * receives is remembered per conversation and per tenant (the ConversationAddresses port, so a
 * restart or another process still knows it), and a configured default covers the rest.
 *
 * Only activities that passed authentication are remembered: with a real app id, botbuilder has
 * checked that the token's service URL claim matches the activity's, so nobody can redirect our
 * posts to a server of their own.
 */
export class ServiceUrlBook {
  constructor(
    private readonly addresses: ConversationAddresses,
    private readonly options: { defaultServiceUrl: string; homeTenantId?: string },
  ) {}

  remember(served: ServedConversation): Promise<void> {
    return this.addresses.remember(served);
  }

  /**
   * Where to post into `conversationId`: its own URL, else its tenant's (the configured home tenant,
   * or the only tenant ever seen), else the configured default.
   */
  async lookup(conversationId: string, tenantId?: string): Promise<string> {
    return (await this.addresses.lookup(conversationId, tenantId ?? this.options.homeTenantId)) ?? this.options.defaultServiceUrl;
  }

  /**
   * Where to post into `conversationId` on behalf of a request from `origin`. The request's tenant
   * speaks only for the request's own conversation: another one (APPROVAL_CHANNEL) is looked up
   * under the home tenant, else the only tenant seen.
   */
  forRequest(conversationId: string, origin: Origin): Promise<string> {
    return this.lookup(conversationId, origin.platform === 'teams' && origin.channelId === conversationId ? origin.tenantId : undefined);
  }
}
