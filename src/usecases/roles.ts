import { isActorId, type ActorId } from '../domain/actor.js';
import { badInput, NotesError } from '../domain/errors.js';
import { effectiveRole, type Role, type RoleGrant } from '../domain/roles.js';
import { usageOf } from './actions.js';
import { record, type CoreDeps, type RequestContext } from './context.js';
import type { Outcome, RoleGrantView } from './outcomes.js';

export async function listRoles(deps: CoreDeps): Promise<Outcome> {
  const views = await allAssignments(deps);
  return {
    kind: 'role-list',
    admins: views.filter((v) => v.role === 'admin'),
    others: views.filter((v) => v.role !== 'admin'),
    defaultRole: deps.settings.rolePolicy.defaultRole,
  };
}

/** `roles grant <actor> <role>`; `roles revoke <actor>` is a grant of the default role. */
export async function setRole(
  deps: CoreDeps,
  ctx: RequestContext,
  actorId: ActorId,
  role: Role,
  action: 'role.grant' | 'role.revoke',
): Promise<Outcome> {
  if (!isActorId(actorId)) {
    throw badInput(`"${actorId}" is not an actor id (like slack:U123ABC, teams:<id>, console:alice).`, usageOf('roles'));
  }
  const current = effectiveRole(actorId, await deps.roles.find(actorId), deps.settings.rolePolicy);
  if (current === 'admin' && role !== 'admin') {
    const admins = (await allAssignments(deps)).filter((v) => v.role === 'admin');
    if (admins.length <= 1) {
      throw new NotesError('LastAdmin', `${actorId} is the last admin; grant admin to someone else first.`);
    }
  }
  const grant: RoleGrant = { actorId, role, grantedBy: ctx.actor.id, grantedAt: deps.clock.now() };
  await deps.roles.upsert(grant);
  await record(deps, ctx, action, [actorId], { role, previous: current });
  return { kind: 'role-changed', actorId, role, previous: current };
}

/** Stored grants plus bootstrap admins that no grant has overridden. */
async function allAssignments(deps: CoreDeps): Promise<RoleGrantView[]> {
  const grants = await deps.roles.list();
  const granted = new Set(grants.map((g) => g.actorId));
  const bootstrap: RoleGrantView[] = deps.settings.rolePolicy.bootstrapAdmins
    .filter((id) => !granted.has(id))
    .map((actorId) => ({ actorId, role: 'admin', grantedAt: null, grantedBy: null }));
  return [...bootstrap, ...grants].sort((a, b) => a.actorId.localeCompare(b.actorId));
}
