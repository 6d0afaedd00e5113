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
 * How long this process trusts its memory that the database holds an address. Past it,
 * `remember` writes again even when the URL looks unchanged.
 */
export const ADDRESS_KNOWN_FOR_MS = 60_000;

/** An address this process wrote or read, and when: what the database held then. */
interface Known {
  serviceUrl: string;
  at: number;
}

/**
 * Conversation addresses in a small collection keyed by `_id` (`conversation:<id>`,
 * `tenant:<id>`). The database is the truth all processes share, so:
 * - `lookup` reads it every time. Lookups come only from proactive posts (an approval card, a
 *   progress update, a digest), one read by `_id` each, so a URL another process stored is used
 *   at once rather than after a restart.
 * - `remember` runs on every inbound activity, so it skips the write while this process knows the
 *   database holds that very URL. That knowledge expires after ADDRESS_KNOWN_FOR_MS and is renewed
 *   by every read: another process may have stored a different URL meanwhile, and an
 *   activity showing the old one again must win. Checking the database on every activity would be
 *   exact but costs a round trip per message; a time limit bounds the window in which a peer's
 *   change can hide ours to a minute, for one write per conversation per minute at most.
 * A failed write or read is logged, not thrown: this process's memory still answers, and failing
 * the user's turn for it would be worse.
 */
export class MongoConversationAddresses implements ConversationAddresses {
  private readonly known = new Map<string, Known>();
  private readonly collection: Collection<AddressDoc>;

  constructor(
    db: Db,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.collection = db.collection<AddressDoc>(SERVICE_URL_COLLECTION);
  }

  async remember(address: ConversationAddress): Promise<void> {
    const keys = [conversationKey(address.conversationId), ...(address.tenantId ? [tenantKey(address.tenantId)] : [])];
    const now = this.now();
    const current = (key: string) => {
      const known = this.known.get(key);
      return known?.serviceUrl === address.serviceUrl && now - known.at < ADDRESS_KNOWN_FOR_MS;
    };
    if (keys.every(current)) return;
    // All keys together: a lookup renews only the conversation's entry, yet the tenant's may be as stale.
    for (const key of keys) {
      try {
        await this.collection.updateOne({ _id: key }, { $set: { serviceUrl: address.serviceUrl, at: new Date() } }, { upsert: true });
        this.known.set(key, { serviceUrl: address.serviceUrl, at: now });
      } catch (err) {
        // Remembered, but not as stored: the next activity tries the write again.
        this.known.set(key, { serviceUrl: address.serviceUrl, at: Number.NEGATIVE_INFINITY });
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

  /** The stored address, else (unreadable, or never stored) what this process knows. */
  private async find(key: string): Promise<string | undefined> {
    const stored = await this.collection.findOne({ _id: key }).catch((err: unknown) => {
      this.logger.warn({ err, key }, 'could not read a stored conversation address');
      return null;
    });
    if (stored) this.known.set(key, { serviceUrl: stored.serviceUrl, at: this.now() });
    return stored?.serviceUrl ?? this.known.get(key)?.serviceUrl;
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
