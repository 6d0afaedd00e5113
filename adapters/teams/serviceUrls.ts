import type { Collection, Db } from 'mongodb';
import type { Logger } from '../../src/ports/system.js';

/** What an authenticated inbound activity tells us about where its conversation is served. */
export interface ServedConversation {
  serviceUrl: string;
  conversationId: string;
  tenantId?: string;
}

interface ServiceUrlDoc {
  _id: string;
  serviceUrl: string;
  at: Date;
}

export const SERVICE_URL_COLLECTION = 'teams_service_urls';

/**
 * The Bot Framework's service URL differs by region and tenant, and a proactive message (a digest
 * nobody asked for) has no inbound activity to take it from. So the URL of every activity the bot
 * receives is remembered per conversation and per tenant, in memory and in a small collection (so
 * a restart, or another process, still knows it), and a configured default covers the rest.
 *
 * Only activities that passed authentication are remembered: with a real app id, botbuilder has
 * checked that the token's service URL claim matches the activity's, so nobody can redirect our
 * posts to a server of their own.
 */
export class ServiceUrlBook {
  private readonly known = new Map<string, string>();
  private readonly collection: Collection<ServiceUrlDoc> | undefined;

  constructor(
    db: Db | undefined,
    private readonly options: { defaultServiceUrl: string; homeTenantId?: string; logger: Logger },
  ) {
    this.collection = db?.collection<ServiceUrlDoc>(SERVICE_URL_COLLECTION);
  }

  /** Called once per authenticated turn; writes only when something changed, so it costs nothing per message. */
  async remember(served: ServedConversation): Promise<void> {
    const keys = [conversationKey(served.conversationId), ...(served.tenantId ? [tenantKey(served.tenantId)] : [])];
    for (const key of keys) {
      if (this.known.get(key) === served.serviceUrl) continue;
      this.known.set(key, served.serviceUrl);
      try {
        await this.collection?.updateOne({ _id: key }, { $set: { serviceUrl: served.serviceUrl, at: new Date() } }, { upsert: true });
      } catch (err) {
        // Memory still has it; only a restart would forget. Not worth failing the user's turn.
        this.options.logger.warn({ err, key }, 'could not persist a Teams service URL');
      }
    }
  }

  /**
   * Where to post into `conversationId`: its own URL, else its tenant's (the configured home tenant,
   * or the only tenant ever seen), else the configured default.
   */
  async lookup(conversationId: string, tenantId?: string): Promise<string> {
    const conversation = await this.find(conversationKey(conversationId));
    if (conversation) return conversation;
    const tenant = tenantId ?? this.options.homeTenantId ?? (await this.onlyTenant());
    const byTenant = tenant ? await this.find(tenantKey(tenant)) : undefined;
    return byTenant ?? this.options.defaultServiceUrl;
  }

  private async find(key: string): Promise<string | undefined> {
    const cached = this.known.get(key);
    if (cached) return cached;
    const stored = await this.collection?.findOne({ _id: key }).catch((err: unknown) => {
      this.options.logger.warn({ err, key }, 'could not read a stored Teams service URL');
      return null;
    });
    if (stored) this.known.set(key, stored.serviceUrl);
    return stored?.serviceUrl;
  }

  private async onlyTenant(): Promise<string | undefined> {
    const tenants = new Set([...this.known.keys()].filter((k) => k.startsWith(TENANT_PREFIX)));
    if (this.collection) {
      const stored = await this.collection
        .find({ _id: { $regex: `^${TENANT_PREFIX}` } }, { projection: { _id: 1 } })
        .limit(2)
        .toArray()
        .catch(() => []);
      for (const doc of stored) tenants.add(doc._id);
    }
    const [only, ...others] = tenants;
    return only && others.length === 0 ? only.slice(TENANT_PREFIX.length) : undefined;
  }
}

const TENANT_PREFIX = 'tenant:';
const conversationKey = (id: string) => `conversation:${id}`;
const tenantKey = (id: string) => `${TENANT_PREFIX}${id}`;
