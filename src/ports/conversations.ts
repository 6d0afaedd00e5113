/** Where a conversation is served, as an authenticated inbound message showed it. */
export interface ConversationAddress {
  conversationId: string;
  /** The endpoint that serves it (Teams: the activity's service URL). */
  serviceUrl: string;
  tenantId?: string;
}

/**
 * Remembered addresses of conversations and tenants, so a proactive post (a digest nobody asked
 * for, an approval card) reaches the right regional endpoint from any process, after a restart.
 * Only addresses from authenticated requests may be remembered: a forged one would redirect posts.
 */
export interface ConversationAddresses {
  /** Records a conversation's (and its tenant's) address; cheap when nothing changed. */
  remember(address: ConversationAddress): Promise<void>;
  /**
   * The conversation's own address, else its tenant's (`tenantId`), else that of the only tenant
   * ever seen; null when none is known (the platform then falls back to its default).
   */
  lookup(conversationId: string, tenantId?: string): Promise<string | null>;
}
