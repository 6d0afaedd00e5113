import type { ActorId } from './actor.js';

export const roles = ['viewer', 'member', 'admin'] as const;
export type Role = (typeof roles)[number];

const rank: Record<Role, number> = { viewer: 0, member: 1, admin: 2 };

/** True when `held` is at least `required`. Unknown roles never pass (fail closed). */
export function roleAllows(held: Role | undefined, required: Role): boolean {
  if (!held || !(held in rank)) return false;
  return rank[held] >= rank[required];
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/** A stored role assignment. Bootstrap admins from config have no record until changed. */
export interface RoleGrant {
  actorId: ActorId;
  role: Role;
  grantedBy: ActorId;
  grantedAt: Date;
}

export interface RolePolicy {
  /** `NOTES_ADMINS`: admins before anyone grants anything. */
  bootstrapAdmins: readonly ActorId[];
  /** `DEFAULT_ROLE`: everyone without a grant. */
  defaultRole: Role;
}

/** The role an actor holds: a stored grant wins, then bootstrap admins, then the default. */
export function effectiveRole(actorId: ActorId, grant: RoleGrant | null, policy: RolePolicy): Role {
  if (grant) return grant.role;
  if (policy.bootstrapAdmins.includes(actorId)) return 'admin';
  return policy.defaultRole;
}
