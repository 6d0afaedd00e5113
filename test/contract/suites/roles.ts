import { toActor } from '../../../src/domain/actor.js';
import type { AdminSet, MemberGrant, RolePolicy } from '../../../src/domain/roles.js';
import type { RoleRepository } from '../../../src/ports/stores.js';
import type { CoreDeps, RequestContext } from '../../../src/usecases/context.js';
import { listRoles, setRole } from '../../../src/usecases/roles.js';
import { InMemoryAudit } from '../../support/memory.js';
import { expectDate, expectSameShape, minutes, T0 } from './builders.js';

/**
 * `roles` and `peer` share one storage: for Mongo two connections (as two processes would be),
 * for the in-memory twin one instance.
 */
export interface RoleStores {
  roles: RoleRepository;
  peer: RoleRepository;
}

const grant = (actorId: string, role: MemberGrant['role'], grantedAt = T0): MemberGrant => ({ actorId, role, grantedBy: 'console:root', grantedAt });
const adminsOf = (version: number, ...ids: string[]): AdminSet => ({
  version,
  admins: ids.map((actorId) => ({ actorId, grantedBy: 'console:root', grantedAt: T0 })),
  changedBy: 'console:root',
  changedAt: minutes(version),
});

export function roleRepositoryContract(label: string, fresh: () => Promise<RoleStores>): void {
  describe(`RoleRepository contract: ${label}`, () => {
    let roles: RoleRepository;
    let peer: RoleRepository;
    beforeEach(async () => {
      ({ roles, peer } = await fresh());
    });

    test('nothing stored: no grant, no list, admin set version 0', async () => {
      expect(await roles.find('slack:UNOBODY')).toBeNull();
      expect(await roles.list()).toEqual([]);
      expect(await roles.adminSet()).toEqual({ version: 0, admins: [], changedBy: null, changedAt: null });
    });

    test('upsert creates, then replaces, one grant per actor', async () => {
      await roles.upsert(grant('slack:U1', 'viewer'));
      await roles.upsert(grant('teams:abc', 'viewer'));
      const found = await roles.find('slack:U1');
      expect(found).toEqual(grant('slack:U1', 'viewer'));
      expectSameShape(found!, grant('slack:U1', 'viewer'));
      expectDate(found!.grantedAt);

      const replaced = { ...grant('slack:U1', 'member', minutes(5)), grantedBy: 'slack:U9' };
      await roles.upsert(replaced);
      expect(await peer.find('slack:U1')).toEqual(replaced);
      expect(await roles.list()).toEqual([replaced, grant('teams:abc', 'viewer')]);
    });

    test('concurrent first grants of one actor from two processes leave exactly one grant', async () => {
      await Promise.all(['viewer', 'member', 'viewer', 'member'].map((role, i) => (i % 2 ? peer : roles).upsert(grant('slack:UNEW', role as MemberGrant['role']))));
      const listed = await roles.list();
      expect(listed).toHaveLength(1);
      expect(listed[0].actorId).toBe('slack:UNEW');
    });

    test('an admin set version is written once; the newest one says who is admin, above any grant', async () => {
      await roles.upsert(grant('slack:U1', 'viewer'));
      expect(await roles.commitAdminSet(adminsOf(1, 'slack:U1', 'slack:U2'))).toBe(true);
      expect(await peer.commitAdminSet(adminsOf(1, 'slack:U3'))).toBe(false);
      expect(await peer.adminSet()).toEqual(adminsOf(1, 'slack:U1', 'slack:U2'));
      expect(await peer.find('slack:U1')).toEqual({ actorId: 'slack:U1', role: 'admin', grantedBy: 'console:root', grantedAt: T0 });
      expect((await roles.list()).map((g) => [g.actorId, g.role])).toEqual([['slack:U1', 'admin'], ['slack:U2', 'admin']]);

      // Leaving the admin set brings the actor's own grant back.
      expect(await peer.commitAdminSet(adminsOf(2, 'slack:U2'))).toBe(true);
      expect(await roles.find('slack:U1')).toEqual(grant('slack:U1', 'viewer'));
      expect((await roles.adminSet()).version).toBe(2);
    });

    test('versions written by another process are found, however far ahead they are', async () => {
      expect(await roles.commitAdminSet(adminsOf(1, 'slack:U1'))).toBe(true);
      expect(await roles.adminSet()).toEqual(adminsOf(1, 'slack:U1'));
      for (let v = 2; v <= 6; v += 1) expect(await peer.commitAdminSet(adminsOf(v, `slack:U${v}`))).toBe(true);
      expect(await roles.adminSet()).toEqual(adminsOf(6, 'slack:U6'));
      expect(await roles.commitAdminSet(adminsOf(6, 'slack:ULATE'))).toBe(false);
      await expect(roles.commitAdminSet(adminsOf(9, 'slack:UGAP'))).rejects.toThrow(/gap/);
      expect(await peer.adminSet()).toEqual(adminsOf(6, 'slack:U6'));
    });

    test('of many concurrent writers of one version on two processes, exactly one wins and is what is read', async () => {
      for (let version = 1; version <= 5; version += 1) {
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) => (i % 2 ? peer : roles).commitAdminSet(adminsOf(version, `slack:W${version}x${i}`))),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await peer.adminSet()).toEqual(adminsOf(version, `slack:W${version}x${results.indexOf(true)}`));
      }
    });
  });

  adminRaceContract(label, fresh);
}

const policy: RolePolicy = { bootstrapAdmins: [], defaultRole: 'member' };

function depsOn(roles: RoleRepository): CoreDeps {
  // setRole and listRoles touch only these; anything else would be a bug worth a crash.
  return { roles, audit: new InMemoryAudit(), clock: { now: () => T0 }, settings: { rolePolicy: policy } } as unknown as CoreDeps;
}

const ctxOf = (id: string): RequestContext => ({ actor: toActor(id), origin: { platform: 'console', channelId: 'test' } });

/** The last-admin rule lives in the core (setRole), the atomic step in the repository: held together. */
function adminRaceContract(label: string, fresh: () => Promise<RoleStores>, rounds = 12): void {
  describe(`last-admin rule across processes: ${label}`, () => {
    test(`two admins revoking each other at the same moment leave one admin, ${rounds} rounds`, async () => {
      const { roles, peer } = await fresh();
      const here = depsOn(roles);
      const there = depsOn(peer);
      let survivors = ['console:root'];
      await setRole(here, ctxOf('console:root'), 'console:root', 'admin', 'role.grant');
      for (let round = 0; round < rounds; round += 1) {
        const [a, b] = [`console:a${round}`, `console:b${round}`];
        await setRole(here, ctxOf(survivors[0]), a, 'admin', 'role.grant');
        await setRole(here, ctxOf(a), b, 'admin', 'role.grant');
        for (const old of survivors) await setRole(here, ctxOf(a), old, 'member', 'role.revoke');

        const results = await Promise.allSettled([
          setRole(here, ctxOf(a), b, 'member', 'role.revoke'),
          setRole(there, ctxOf(b), a, 'member', 'role.revoke'),
        ]);
        const listed = await listRoles(here);
        if (listed.kind !== 'role-list') throw new Error(`unexpected ${listed.kind}`);
        survivors = listed.admins.map((g) => g.actorId);
        expect({ round, admins: survivors.length }).toEqual({ round, admins: 1 });
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const seenThere = await listRoles(there);
        expect(seenThere.kind === 'role-list' && seenThere.admins.map((g) => g.actorId)).toEqual(survivors);
      }
    });
  });
}
