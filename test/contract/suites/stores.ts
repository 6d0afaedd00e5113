import type { ConfirmationAction } from '../../../src/domain/confirmation.js';
import type { RoleGrant } from '../../../src/domain/roles.js';
import type { ApprovalStore, ConfirmationStore, RoleRepository } from '../../../src/ports/stores.js';
import { aConfirmation, anApproval, at, expectDate, expectDuplicateKey, expectSameShape, minutes, T0 } from './builders.js';

const byActor = (a: RoleGrant, b: RoleGrant) => (a.actorId < b.actorId ? -1 : 1);

export function roleRepositoryContract(label: string, fresh: () => Promise<RoleRepository>): void {
  describe(`RoleRepository contract: ${label}`, () => {
    let roles: RoleRepository;
    beforeEach(async () => {
      roles = await fresh();
    });
    const grant = (actorId: string, role: RoleGrant['role'], grantedAt = T0): RoleGrant => ({
      actorId,
      role,
      grantedBy: 'console:root',
      grantedAt,
    });

    test('an actor without a grant has none', async () => {
      expect(await roles.find('slack:UNOBODY')).toBeNull();
      expect(await roles.list()).toEqual([]);
    });

    test('upsert creates, then replaces, one grant per actor', async () => {
      await roles.upsert(grant('slack:U1', 'admin'));
      await roles.upsert(grant('teams:abc', 'viewer'));
      const found = await roles.find('slack:U1');
      expect(found).toEqual(grant('slack:U1', 'admin'));
      expectSameShape(found!, grant('slack:U1', 'admin'));
      expectDate(found!.grantedAt);

      await roles.upsert({ ...grant('slack:U1', 'member', minutes(5)), grantedBy: 'slack:U9' });
      expect(await roles.find('slack:U1')).toEqual({ ...grant('slack:U1', 'member', minutes(5)), grantedBy: 'slack:U9' });
      const listed = (await roles.list()).sort(byActor);
      expect(listed).toEqual([{ ...grant('slack:U1', 'member', minutes(5)), grantedBy: 'slack:U9' }, grant('teams:abc', 'viewer')]);
    });

    test('concurrent first grants of one actor leave exactly one grant', async () => {
      await Promise.all(['viewer', 'member', 'admin', 'member'].map((role) => roles.upsert(grant('slack:UNEW', role as RoleGrant['role']))));
      const listed = await roles.list();
      expect(listed).toHaveLength(1);
      expect(listed[0].actorId).toBe('slack:UNEW');
    });
  });
}

export function confirmationStoreContract(label: string, fresh: () => Promise<ConfirmationStore>): void {
  describe(`ConfirmationStore contract: ${label}`, () => {
    let store: ConfirmationStore;
    beforeEach(async () => {
      store = await fresh();
    });

    const actions: [string, ConfirmationAction][] = [
      ['delete-note', { type: 'delete-note', noteId: 'n1', reason: null }],
      ['delete-note with a reason', { type: 'delete-note', noteId: 'n1', reason: 'wrong account' }],
      ['run-plan', { type: 'run-plan', planId: 'p1' }],
      ['restore-backup, all', { type: 'restore-backup', backupId: 'b1', scope: { kind: 'all' } }],
      ['restore-backup, one record', { type: 'restore-backup', backupId: 'b1', scope: { kind: 'record', id: 'acct-1' } }],
    ];

    test.each(actions)('round-trips a %s confirmation', async (_name, action) => {
      const confirmation = aConfirmation('c1', { action });
      await store.insert(confirmation);
      const found = await store.find('c1');
      expect(found).toEqual(confirmation);
      expectSameShape(found!, confirmation);
      expectDate(found!.expiresAt);
    });

    test('a missing confirmation is null, and cannot be settled', async () => {
      expect(await store.find('nope')).toBeNull();
      expect(await store.settle('nope', 'confirmed')).toBeNull();
    });

    test('a duplicate id fails with code 11000', async () => {
      await store.insert(aConfirmation('c1'));
      await expectDuplicateKey(store.insert(aConfirmation('c1', { actorId: 'slack:UOTHER' })));
      expect((await store.find('c1'))!.actorId).toBe('slack:UADMIN');
    });

    test.each(['confirmed', 'cancelled'] as const)('settle(%s) returns the pending confirmation once', async (status) => {
      await store.insert(aConfirmation('c1'));
      expect(await store.settle('c1', status)).toEqual(aConfirmation('c1'));
      expect((await store.find('c1'))!.status).toBe(status);
      expect(await store.settle('c1', 'confirmed')).toBeNull();
      expect(await store.settle('c1', 'cancelled')).toBeNull();
      expect((await store.find('c1'))!.status).toBe(status);
    });

    test('ten concurrent settles: exactly one wins, and its status sticks', async () => {
      await store.insert(aConfirmation('c1'));
      const statuses = Array.from({ length: 10 }, (_, i): 'confirmed' | 'cancelled' => (i % 2 ? 'cancelled' : 'confirmed'));
      const results = await Promise.all(statuses.map((status) => store.settle('c1', status)));
      const winners = results.flatMap((r, i) => (r ? [statuses[i]] : []));
      expect(winners).toHaveLength(1);
      expect(results.find((r) => r !== null)).toEqual(aConfirmation('c1'));
      expect((await store.find('c1'))!.status).toBe(winners[0]);
    });
  });
}

export function approvalStoreContract(label: string, fresh: () => Promise<ApprovalStore>): void {
  describe(`ApprovalStore contract: ${label}`, () => {
    let store: ApprovalStore;
    beforeEach(async () => {
      store = await fresh();
    });
    const approve = (decidedBy = 'slack:UADMIN2', decidedAt = minutes(5)) => ({
      status: 'approved' as const,
      decidedBy,
      decidedAt,
      reason: null,
    });

    test('round-trips a request: nested origin, null message, Dates', async () => {
      const request = anApproval('r1', {
        kind: 'bulk-plan',
        targetId: 'p1',
        noteCount: 42,
        origin: { platform: 'teams', channelId: '19:abc', serviceUrl: 'https://smba.example/', tenantId: 't1' },
      });
      await store.insert(request);
      const found = await store.find('r1');
      expect(found).toEqual(request);
      expectSameShape(found!, request);
      expect(found!.message).toBeNull();
      expectDate(found!.expiresAt);
      expect(await store.find('nope')).toBeNull();
    });

    test('a duplicate id fails with code 11000', async () => {
      await store.insert(anApproval('r1'));
      await expectDuplicateKey(store.insert(anApproval('r1', { summary: 'other' })));
      expect((await store.find('r1'))!.summary).toBe('n1: renewal call notes');
    });

    test('listPending: pending and unexpired only, oldest first', async () => {
      const now = minutes(30);
      await store.insert(anApproval('late', { createdAt: minutes(20), expiresAt: minutes(90) }));
      await store.insert(anApproval('early', { createdAt: minutes(1), expiresAt: minutes(90) }));
      await store.insert(anApproval('expired', { createdAt: minutes(0), expiresAt: minutes(29) }));
      await store.insert(anApproval('expiring-now', { createdAt: minutes(0), expiresAt: now }));
      await store.insert(anApproval('decided', { createdAt: minutes(2), status: 'approved', decidedBy: 'slack:U2', decidedAt: minutes(3) }));
      expect((await store.listPending(now)).map((r) => r.id)).toEqual(['early', 'late']);
      expect((await store.listPending(minutes(-1))).map((r) => r.id)).toEqual(['expired', 'expiring-now', 'early', 'late']);
      expect(await store.listPending(minutes(500))).toEqual([]);
    });

    test('decide records the first decision and returns the decided request', async () => {
      await store.insert(anApproval('r1'));
      const decided = await store.decide('r1', { status: 'rejected', decidedBy: 'slack:UADMIN2', decidedAt: minutes(5), reason: 'keep it' }, minutes(5));
      const expected = { ...anApproval('r1'), status: 'rejected', decidedBy: 'slack:UADMIN2', decidedAt: minutes(5), decisionReason: 'keep it' };
      expect(decided).toEqual(expected);
      expect(await store.find('r1')).toEqual(expected);
      expect(await store.decide('r1', approve('slack:UADMIN3'), minutes(6))).toBeNull();
      expect(await store.find('r1')).toEqual(expected);
      expect(await store.decide('missing', approve(), minutes(6))).toBeNull();
    });

    test.each([
      ['after expiry', minutes(61)],
      ['at the instant of expiry', minutes(60)],
    ])('cannot be decided %s', async (_name, now) => {
      await store.insert(anApproval('r1'));
      expect(await store.decide('r1', approve('slack:UADMIN2', now), now)).toBeNull();
      expect((await store.find('r1'))!.status).toBe('pending');
      // Recording the expiry goes through the same compare-and-set, with `now` at the epoch (as the core does).
      const expired = await store.decide('r1', { status: 'expired', decidedBy: 'system:expiry', decidedAt: now, reason: null }, new Date(0));
      expect(expired).toMatchObject({ status: 'expired', decidedBy: 'system:expiry', decidedAt: now });
    });

    test('ten concurrent decisions: exactly one wins, and it is what is stored', async () => {
      await store.insert(anApproval('r1'));
      const deciders = Array.from({ length: 10 }, (_, i) => ({
        status: i % 2 ? ('rejected' as const) : ('approved' as const),
        decidedBy: `slack:UADMIN${i}`,
        decidedAt: minutes(5),
        reason: null,
      }));
      const results = await Promise.all(deciders.map((d) => store.decide('r1', d, minutes(5))));
      const winners = results.filter((r) => r !== null);
      expect(winners).toHaveLength(1);
      expect(await store.find('r1')).toEqual(winners[0]);
      expect(await store.listPending(minutes(5))).toEqual([]);
    });

    test('attachMessage records where the card was posted', async () => {
      await store.insert(anApproval('r1'));
      const message = { platform: 'teams' as const, channelId: '19:abc', messageId: 'act-1', serviceUrl: 'https://smba.example/' };
      await store.attachMessage('r1', message);
      expect((await store.find('r1'))!.message).toEqual(message);
      await store.attachMessage('r1', { platform: 'slack', channelId: 'C1', messageId: '1700000000.000100' });
      expect((await store.find('r1'))!.message).toEqual({ platform: 'slack', channelId: 'C1', messageId: '1700000000.000100' });
      await expect(store.attachMessage('missing', message)).resolves.toBeUndefined();
      expect(await store.find('missing')).toBeNull();
      expect((await store.find('r1'))!.createdAt).toEqual(at(T0.toISOString()));
    });
  });
}
