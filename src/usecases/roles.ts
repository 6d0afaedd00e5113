import { isActorId, refuseReservedActor, type ActorId } from '../domain/actor.js';
import { badInput, NotesError } from '../domain/errors.js';
import {
  effectiveRole,
  holdsAdmin,
  namedAdmins,
  roleAllows,
  type AdminSet,
  type Role,
  type RoleGrant,
} from '../domain/roles.js';
import type { RoleRepository } from '../ports/stores.js';
import { record, roleOf, type CoreDeps, type RequestContext } from './context.js';
import type { Outcome, RoleGrantView } from './outcomes.js';

/**
 * A change of the admin set that lost its version to another change is retried from a fresh
 * read; only a burst of admin changes at one instant needs more than two attempts.
 */
const ADMIN_SET_ATTEMPTS = 25;

export async function listRoles(deps: CoreDeps): Promise<Outcome> {
  const views = await allAssignments(deps);
  return {
    kind: 'role-list',
    admins: views.filter((v) => v.role === 'admin'),
    others: views.filter((v) => v.role !== 'admin'),
    defaultRole: deps.settings.rolePolicy.defaultRole,
  };
}

/**
 * `roles grant <actor> <role>`; `roles revoke <actor>` is a grant of the default role.
 *
 * The rules: there is always a named admin (in `NOTES_ADMINS` or the admin set), even when two
 * admins revoke each other at the same moment on two instances; an actor listed in
 * `NOTES_ADMINS` stays an admin for as long as it is listed, so lowering it is refused; and
 * `system:*` actors hold no roles.
 */
export async function setRole(
  deps: CoreDeps,
  ctx: RequestContext,
  actorId: ActorId,
  role: Role,
  action: 'role.grant' | 'role.revoke',
): Promise<Outcome> {
  if (!isActorId(actorId)) {
    throw badInput('notActorId', { actorId }, 'roles');
  }
  refuseReservedActor(actorId, 'beGranted');
  const policy = deps.settings.rolePolicy;
  if (action === 'role.revoke' && policy.defaultRole === 'admin') {
    // A revoke returns someone to the default role; with DEFAULT_ROLE=admin it would make them an admin.
    throw badInput('revokeLeavesAdmin', { actorId }, 'roles');
  }
  if (role !== 'admin' && policy.bootstrapAdmins.includes(actorId)) {
    throw new NotesError('ListedAdmin', 'listedAdmin', { actorId });
  }
  const now = deps.clock.now();
  const stored = await deps.roles.find(actorId);
  const { set, changed } = await changeAdminSet(deps, ctx, actorId, role === 'admin' ? 'add' : 'remove');
  const previous = holdsAdminBefore(set, changed, actorId, role) ? 'admin' : effectiveRole(actorId, memberGrantOf(stored), policy);
  if (role !== 'admin') await deps.roles.upsert({ actorId, role, grantedBy: ctx.actor.id, grantedAt: now });
  await record(deps, ctx, action, [actorId], { role, previous, ...(changed ? { adminSetVersion: set.version } : {}) });
  return { kind: 'role-changed', actorId, role, previous };
}

/**
 * Adds or removes one actor as one atomic step of the admin set, re-checking the rules on every
 * attempt against what was actually read. Returns the set as it stands afterwards and whether
 * this call changed it.
 */
async function changeAdminSet(
  deps: CoreDeps,
  ctx: RequestContext,
  actorId: ActorId,
  change: 'add' | 'remove',
): Promise<{ set: AdminSet; changed: boolean }> {
  const policy = deps.settings.rolePolicy;
  for (let attempt = 1; attempt <= ADMIN_SET_ATTEMPTS; attempt += 1) {
    const current = await deps.roles.adminSet();
    // Someone changed the set meanwhile: the requester may have lost admin in that change.
    if (attempt > 1 && !roleAllows(await roleOf(deps, ctx.actor.id), 'admin')) {
      throw new NotesError('NotPermitted', 'noRoleAnymore', { actorId });
    }
    const held = holdsAdmin(current, actorId);
    if (change === 'add' ? held : !held) return { set: current, changed: false };
    const admins =
      change === 'add'
        ? [...current.admins, { actorId, grantedBy: ctx.actor.id, grantedAt: deps.clock.now() }]
        : current.admins.filter((a) => a.actorId !== actorId);
    const next: AdminSet = { version: current.version + 1, admins, changedBy: ctx.actor.id, changedAt: deps.clock.now() };
    if (change === 'remove' && namedAdmins(next, policy).length === 0) {
      throw new NotesError('LastAdmin', 'lastAdmin', { actorId });
    }
    if (await deps.roles.commitAdminSet(next)) return { set: next, changed: true };
  }
  throw new NotesError('Unavailable', 'rolesKeptChanging', { actorId });
}

function holdsAdminBefore(after: AdminSet, changed: boolean, actorId: ActorId, role: Role): boolean {
  // Unchanged: the set already matched the request, so it held the actor exactly when admin was asked for.
  return changed ? role !== 'admin' : holdsAdmin(after, actorId);
}

const memberGrantOf = (grant: RoleGrant | null): RoleGrant | null => (grant && grant.role !== 'admin' ? grant : null);

/**
 * Adds an admin without the ceremony of a command (demo data, tests): adding can never break
 * the last-admin rule, so it only retries until its version lands. Idempotent.
 */
export async function ensureAdmin(roles: RoleRepository, actorId: ActorId, grantedBy: ActorId, at: Date): Promise<void> {
  refuseReservedActor(actorId, 'beGranted');
  for (let attempt = 1; attempt <= ADMIN_SET_ATTEMPTS; attempt += 1) {
    const current = await roles.adminSet();
    if (holdsAdmin(current, actorId)) return;
    const admins = [...current.admins, { actorId, grantedBy, grantedAt: at }];
    if (await roles.commitAdminSet({ version: current.version + 1, admins, changedBy: grantedBy, changedAt: at })) return;
  }
  throw new NotesError('Unavailable', 'rolesKeptChangingAdmin', { actorId });
}

/** Stored roles plus `NOTES_ADMINS`, which are admins whatever is stored for them. */
async function allAssignments(deps: CoreDeps): Promise<RoleGrantView[]> {
  const bootstrapIds = deps.settings.rolePolicy.bootstrapAdmins;
  const stored = (await deps.roles.list()).filter((g) => !bootstrapIds.includes(g.actorId));
  const bootstrap: RoleGrantView[] = bootstrapIds.map((actorId) => ({ actorId, role: 'admin', grantedAt: null, grantedBy: null }));
  return [...bootstrap, ...stored].sort((a, b) => a.actorId.localeCompare(b.actorId));
}
