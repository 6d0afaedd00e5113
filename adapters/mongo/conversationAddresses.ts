import type { Collection, Db } from 'mongodb';
import type { ConversationAddress, ConversationAddresses } from '../../src/ports/conversations.js';
import type { Logger } from '../../src/ports/system.js';

interface AddressDoc {
  _id: string;
  serviceUrl: string;
  at: Date;
}

/** Kept under its first name: addresses stored by earlier versions stay known. */
export const SERVICE_URL_COLLECTION = 'teams_service_urls';

/**
 * Conversation addresses in a small collection keyed by `_id` (`conversation:<id>`,
 * `tenant:<id>`), with a process-local cache in front: `remember` writes only when an address
 * changed, so it costs nothing per message. A failed write is logged, not thrown: memory still
 * has it, and failing the user's turn for it would be worse.
 */
export class MongoConversationAddresses implements ConversationAddresses {
  private readonly known = new Map<string, string>();
  private readonly collection: Collection<AddressDoc>;

  constructor(
    db: Db,
    private readonly logger: Logger,
  ) {
    this.collection = db.collection<AddressDoc>(SERVICE_URL_COLLECTION);
  }

  async remember(address: ConversationAddress): Promise<void> {
    const keys = [conversationKey(address.conversationId), ...(address.tenantId ? [tenantKey(address.tenantId)] : [])];
    for (const key of keys) {
      if (this.known.get(key) === address.serviceUrl) continue;
      this.known.set(key, address.serviceUrl);
      try {
        await this.collection.updateOne({ _id: key }, { $set: { serviceUrl: address.serviceUrl, at: new Date() } }, { upsert: true });
      } catch (err) {
        this.logger.warn({ err, key }, 'could not persist a conversation address');
      }
    }
  }

  async lookup(conversationId: string, tenantId?: string): Promise<string | null> {
    const conversation = await this.find(conversationKey(conversationId));
    if (conversation) return conversation;
    const tenant = tenantId ?? (await this.onlyTenant());
    return (tenant ? await this.find(tenantKey(tenant)) : undefined) ?? null;
  }

  private async find(key: string): Promise<string | undefined> {
    const cached = this.known.get(key);
    if (cached) return cached;
    const stored = await this.collection.findOne({ _id: key }).catch((err: unknown) => {
      this.logger.warn({ err, key }, 'could not read a stored conversation address');
      return null;
    });
    if (stored) this.known.set(key, stored.serviceUrl);
    return stored?.serviceUrl;
  }

  private async onlyTenant(): Promise<string | undefined> {
    const tenants = new Set([...this.known.keys()].filter((k) => k.startsWith(TENANT_PREFIX)));
    const stored = await this.collection
      .find({ _id: { $regex: `^${TENANT_PREFIX}` } }, { projection: { _id: 1 } })
      .limit(2)
      .toArray()
      .catch(() => []);
    for (const doc of stored) tenants.add(doc._id);
    const [only, ...others] = tenants;
    return only && others.length === 0 ? only.slice(TENANT_PREFIX.length) : undefined;
  }
}

const TENANT_PREFIX = 'tenant:';
const conversationKey = (id: string) => `conversation:${id}`;
const tenantKey = (id: string) => `${TENANT_PREFIX}${id}`;
