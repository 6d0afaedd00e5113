import type { ActorId } from './actor.js';

export const roles = ['viewer', 'member', 'admin'] as const;
export type Role = (typeof roles)[number];
/** Roles held by a grant of their own; admin is held through the admin set instead. */
export type GrantedRole = Exclude<Role, 'admin'>;

const rank: Record<Role, number> = { viewer: 0, member: 1, admin: 2 };

/** True when `held` is at least `required`. Unknown roles never pass (fail closed). */
export function roleAllows(held: Role | undefined, required: Role): boolean {
  if (!held || !(held in rank)) return false;
  return rank[held] >= rank[required];
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/** A role assignment as listed and backed up: admins come from the admin set, the rest from grants. */
export interface RoleGrant {
  actorId: ActorId;
  role: Role;
  grantedBy: ActorId;
  grantedAt: Date;
}

/** A stored viewer or member grant (one per actor). */
export interface MemberGrant extends RoleGrant {
  role: GrantedRole;
}

export interface AdminGrant {
  actorId: ActorId;
  grantedBy: ActorId;
  grantedAt: Date;
}

/**
 * Who holds admin by grant, as one versioned value. Every change of the set writes version
 * `version + 1` in one atomic step, so two changes based on the same version cannot both land:
 * the loser re-reads and checks the last-admin rule again. Version 0 is "never changed".
 */
export interface AdminSet {
  version: number;
  admins: AdminGrant[];
  changedBy: ActorId | null;
  changedAt: Date | null;
}

export const emptyAdminSet: AdminSet = { version: 0, admins: [], changedBy: null, changedAt: null };

export interface RolePolicy {
  /** `NOTES_ADMINS`: admins for as long as they are listed, whatever is stored. */
  bootstrapAdmins: readonly ActorId[];
  /** `DEFAULT_ROLE`: everyone without a grant. */
  defaultRole: Role;
}

/**
 * The role an actor holds: `NOTES_ADMINS` wins (the settings are always a way back in), then the
 * stored grant (admin when the admin set holds the actor), then the default.
 */
export function effectiveRole(actorId: ActorId, grant: RoleGrant | null, policy: RolePolicy): Role {
  if (policy.bootstrapAdmins.includes(actorId)) return 'admin';
  if (grant) return grant.role;
  return policy.defaultRole;
}

export const holdsAdmin = (set: AdminSet, actorId: ActorId): boolean => set.admins.some((a) => a.actorId === actorId);

/**
 * The last-admin rule counts named admins: `NOTES_ADMINS` plus the admin set. A `DEFAULT_ROLE`
 * of admin does not count, since it names nobody who could be relied on to be around.
 */
export function namedAdmins(set: AdminSet, policy: RolePolicy): ActorId[] {
  return [...new Set([...policy.bootstrapAdmins, ...set.admins.map((a) => a.actorId)])];
}

/** The admin set seen as role grants (for listing and backups). */
export const adminGrants = (set: AdminSet): RoleGrant[] => set.admins.map((a) => ({ ...a, role: 'admin' }));
