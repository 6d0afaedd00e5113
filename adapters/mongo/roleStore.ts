import { Schema, type Connection, type Model } from 'mongoose';
import type { ActorId } from '../../src/domain/actor.js';
import { adminGrants, holdsAdmin, type AdminSet, type MemberGrant, type RoleGrant } from '../../src/domain/roles.js';
import type { RoleRepository } from '../../src/ports/stores.js';
import { type Keyed } from './models.js';
import { isDuplicateKey, toDomain, withoutUndefined } from './documents.js';

/**
 * The admin set as a chain of versions, one document each, `_id` = the version number as a
 * string, plus a `head` document that remembers the newest version it has seen.
 *
 * Why: no update is isolated across connections on FerretDB 1.24 (and it has no transactions),
 * but an insert of an existing `_id` is refused every time, on MongoDB too. So a change of the
 * admin set inserts version N+1; of two changes based on version N exactly one lands, and the
 * other re-reads and re-checks the last-admin rule. The head is only a hint (its update may
 * lose a race or a crash may skip it): readers start there and probe forward by `_id`, the one
 * lookup every backend serves from an index.
 */
interface AdminSetDoc extends AdminSet {
  _id: string;
}

const HEAD = 'head';

const adminSetSchema = new Schema<AdminSetDoc>(
  { _id: { type: String, required: true }, version: Number, admins: Schema.Types.Mixed, changedBy: String, changedAt: Date },
  { minimize: false, versionKey: false, id: false, autoCreate: false, strict: true, _id: false },
);

export function adminSetModel(connection: Connection): Model<AdminSetDoc> {
  return (connection.models.AdminSet as Model<AdminSetDoc> | undefined) ?? connection.model<AdminSetDoc>('AdminSet', adminSetSchema, 'adminsets');
}

const toAdminSet = (doc: AdminSetDoc): AdminSet => ({
  version: doc.version,
  admins: doc.admins.map((a) => ({ actorId: a.actorId, grantedBy: a.grantedBy, grantedAt: a.grantedAt })),
  changedBy: doc.changedBy ?? null,
  changedAt: doc.changedAt ?? null,
});

export class MongoRoleRepository implements RoleRepository {
  constructor(
    /** Viewer and member grants, `_id` = actor id. */
    private readonly roles: Model<Keyed<RoleGrant>>,
    private readonly adminSets: Model<AdminSetDoc>,
  ) {}

  async find(actorId: ActorId): Promise<RoleGrant | null> {
    const [set, grant] = await Promise.all([this.adminSet(), this.roles.collection.findOne({ _id: actorId } as never)]);
    const admin = set.admins.find((a) => a.actorId === actorId);
    if (admin) return { ...admin, role: 'admin' };
    const found = grant ? toDomain(grant as unknown as RoleGrant) : null;
    // A stored admin grant predates the admin set; once the set exists it alone says who is admin.
    return found && found.role !== 'admin' ? found : null;
  }

  async list(): Promise<RoleGrant[]> {
    const [set, docs] = await Promise.all([this.adminSet(), this.roles.find().lean<RoleGrant[]>()]);
    const others = docs.map(toDomain).filter((g) => g.role !== 'admin' && !holdsAdmin(set, g.actorId));
    return [...adminGrants(set), ...others].sort((a, b) => (a.actorId < b.actorId ? -1 : 1));
  }

  async upsert(grant: MemberGrant): Promise<void> {
    if ((grant.role as string) === 'admin') throw new Error('admin is held through the admin set, not a grant');
    const fields = withoutUndefined({ actorId: grant.actorId, role: grant.role, grantedBy: grant.grantedBy, grantedAt: grant.grantedAt });
    const write = () => this.roles.collection.updateOne({ _id: grant.actorId } as never, { $set: fields }, { upsert: true });
    try {
      await write();
    } catch (error) {
      // Two first-time upserts of one actor race on `_id`; the loser's retry updates.
      if (!isDuplicateKey(error)) throw error;
      await write();
    }
  }

  async adminSet(): Promise<AdminSet> {
    const head = await this.version(HEAD);
    let newest = head;
    for (let next = (head?.version ?? 0) + 1; ; next += 1) {
      const found = await this.version(String(next));
      if (!found) break;
      newest = found;
    }
    if (!newest) return this.genesis();
    if (newest !== head) await this.moveHead(newest);
    return toAdminSet(newest);
  }

  async commitAdminSet(next: AdminSet): Promise<boolean> {
    if (!Number.isSafeInteger(next.version) || next.version < 1) throw new Error(`admin set version must be a positive integer, got ${next.version}`);
    if (next.version > 1 && !(await this.version(String(next.version - 1)))) {
      throw new Error(`admin set version ${next.version} would leave a gap: version ${next.version - 1} does not exist`);
    }
    const doc = withoutUndefined({ _id: String(next.version), ...next });
    try {
      await this.adminSets.collection.insertOne(doc as never);
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
    await this.moveHead(doc);
    return true;
  }

  private async version(id: string): Promise<AdminSetDoc | null> {
    return (await this.adminSets.collection.findOne({ _id: id } as never)) as AdminSetDoc | null;
  }

  /**
   * Best effort and never backwards on MongoDB: a head already past `doc` makes the filter miss
   * and the upsert collide on `_id`. Where it does go backwards (FerretDB), probing still finds
   * the newest version; a stale head only costs reads.
   */
  private async moveHead(doc: AdminSetDoc): Promise<void> {
    const { _id, ...content } = doc;
    try {
      await this.adminSets.collection.updateOne({ _id: HEAD, version: { $lt: content.version } } as never, { $set: content }, { upsert: true });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  /**
   * Before the first change, admins are those that older versions of the bot stored as admin
   * grants in the roles collection; the first change carries them into version 1.
   */
  private async genesis(): Promise<AdminSet> {
    const legacy = await this.roles.find({ role: 'admin' }).lean<RoleGrant[]>();
    const admins = legacy
      .map((g) => ({ actorId: g.actorId, grantedBy: g.grantedBy, grantedAt: g.grantedAt }))
      .sort((a, b) => (a.actorId < b.actorId ? -1 : 1));
    return { version: 0, admins, changedBy: null, changedAt: null };
  }
}
