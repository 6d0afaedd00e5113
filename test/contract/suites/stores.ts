import type { ConfirmationAction } from '../../../src/domain/confirmation.js';
import type { ApprovalStore, ConfirmationStore, LocaleStore } from '../../../src/ports/stores.js';
import { approvalExecutionContract } from './approvalExecution.js';
import { aConfirmation, anApproval, at, expectDate, expectDuplicateKey, expectSameShape, minutes, T0 } from './builders.js';

/**
 * `store` and `peer` share one storage: for Mongo they are two connections, as two processes
 * would be, so nothing in the process serialises their writes; for the in-memory twin they are
 * one instance.
 */
export interface Shared<T> {
  store: T;
  peer: T;
}

export function confirmationStoreContract(label: string, fresh: () => Promise<Shared<ConfirmationStore>>): void {
  describe(`ConfirmationStore contract: ${label}`, () => {
    let store: ConfirmationStore;
    let peer: ConfirmationStore;
    beforeEach(async () => {
      ({ store, peer } = await fresh());
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

    test('concurrent settles from two processes: exactly one wins, and its status sticks, every round', async () => {
      for (let round = 0; round < 8; round += 1) {
        const id = `c-race-${round}`;
        await store.insert(aConfirmation(id));
        const statuses = Array.from({ length: 6 }, (_, i): 'confirmed' | 'cancelled' => (i % 4 < 2 ? 'confirmed' : 'cancelled'));
        const results = await Promise.all(statuses.map((status, i) => (i % 2 ? peer : store).settle(id, status)));
        const winners = results.flatMap((r, i) => (r ? [statuses[i]] : []));
        expect({ round, winners: winners.length }).toEqual({ round, winners: 1 });
        expect(results.find((r) => r !== null)).toEqual(aConfirmation(id));
        expect((await store.find(id))!.status).toBe(winners[0]);
        expect((await peer.find(id))!.status).toBe(winners[0]);
      }
    });
  });
}

export function approvalStoreContract(label: string, fresh: () => Promise<Shared<ApprovalStore>>): void {
  describe(`ApprovalStore contract: ${label}`, () => {
    let store: ApprovalStore;
    let peer: ApprovalStore;
    beforeEach(async () => {
      ({ store, peer } = await fresh());
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
        origin: { platform: 'teams', channelId: '19:abc', tenantId: 't1' },
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
      await expectDuplicateKey(store.insert(anApproval('r1', { subject: { recordId: 'acct-2', excerpt: 'other' } })));
      expect((await store.find('r1'))!.subject).toEqual({ recordId: 'acct-1', excerpt: 'renewal call notes' });
    });

    test('what a request deletes is stored as data; a bulk plan keeps its filter as typed', async () => {
      await store.insert(anApproval('r1', { kind: 'bulk-plan', targetId: 'p1', noteCount: 30, subject: { filterText: 'tag:old record:acct-1' } }));
      const found = await store.find('r1');
      expect(found!.subject).toEqual({ filterText: 'tag:old record:acct-1' });
      expect(found!.summary).toBeUndefined();
    });

    test('a request stored before the message catalog (an English summary, no subject) still reads', async () => {
      const { subject: _dropped, ...legacy } = anApproval('r1');
      await store.insert({ ...legacy, summary: 'note n1 on acct-1: "renewal call notes"' });
      const found = await store.find('r1');
      expect(found!.summary).toBe('note n1 on acct-1: "renewal call notes"');
      expect(found!.subject).toBeUndefined();
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

    test('concurrent decisions from two processes: exactly one wins, and it is what both read, every round', async () => {
      for (let round = 0; round < 8; round += 1) {
        const id = `r-race-${round}`;
        await store.insert(anApproval(id));
        const deciders = Array.from({ length: 6 }, (_, i) => ({
          status: i % 4 < 2 ? ('approved' as const) : ('rejected' as const),
          decidedBy: `slack:UADMIN${i}`,
          decidedAt: minutes(5),
          reason: null,
        }));
        const results = await Promise.all(deciders.map((d, i) => (i % 2 ? peer : store).decide(id, d, minutes(5))));
        const winners = results.filter((r) => r !== null);
        expect({ round, winners: winners.length }).toEqual({ round, winners: 1 });
        expect(await store.find(id)).toEqual(winners[0]);
        expect(await peer.find(id)).toEqual(winners[0]);
      }
      expect(await peer.listPending(minutes(5))).toEqual([]);
    });

    approvalExecutionContract(() => ({ store, peer }));

    test('attachMessage records where the card was posted', async () => {
      await store.insert(anApproval('r1'));
      const message = { platform: 'teams' as const, channelId: '19:abc', messageId: 'act-1' };
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

export function localeStoreContract(label: string, fresh: () => Promise<Shared<LocaleStore>>): void {
  describe(`LocaleStore contract: ${label}`, () => {
    let store: LocaleStore;
    let peer: LocaleStore;
    beforeEach(async () => {
      ({ store, peer } = await fresh());
    });

    test('nothing chosen reads as null', async () => {
      expect(await store.find('slack:U1')).toBeNull();
    });

    test('a choice is stored per subject and read back by any instance', async () => {
      await store.set('slack:U1', 'zh-CN', T0);
      await store.set('channel:slack:C1', 'en', T0);
      expect(await peer.find('slack:U1')).toBe('zh-CN');
      expect(await peer.find('channel:slack:C1')).toBe('en');
      expect(await peer.find('slack:U2')).toBeNull();
    });

    test('a new choice replaces the old one: the last write wins', async () => {
      await store.set('teams:aad-1', 'zh-CN', T0);
      await peer.set('teams:aad-1', 'en', minutes(1));
      expect(await store.find('teams:aad-1')).toBe('en');
    });

    test('replace answers the choice it replaced; null removes it so the defaults apply again', async () => {
      expect(await store.replace('channel:teams:19:abc@thread.tacv2', 'zh-CN', T0)).toBeNull();
      expect(await peer.find('channel:teams:19:abc@thread.tacv2')).toBe('zh-CN');
      expect(await peer.replace('channel:teams:19:abc@thread.tacv2', 'en', minutes(1))).toBe('zh-CN');
      expect(await store.replace('channel:teams:19:abc@thread.tacv2', null, minutes(2))).toBe('en');
      expect(await peer.find('channel:teams:19:abc@thread.tacv2')).toBeNull();
      expect(await store.replace('channel:teams:19:abc@thread.tacv2', null, minutes(3))).toBeNull();
      // Channels and people are separate subjects: a person's choice is not a channel's.
      await store.set('slack:C1', 'zh-CN', T0);
      expect(await peer.find('channel:slack:C1')).toBeNull();
    });
  });
}
