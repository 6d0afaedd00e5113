import { auditHash, GENESIS_HASH, verifyChain, type AuditEntry } from '../../../src/domain/audit.js';
import type { AuditLog } from '../../../src/ports/stores.js';
import { anAuditInput, at, collect, expectDate, expectSameShape, minutes, T0 } from './builders.js';

/**
 * `log` and `peer` share one storage: for Mongo they are two independent instances (as two
 * processes would be), for the in-memory twin the same instance.
 */
export interface AuditLogs {
  log: AuditLog;
  peer: AuditLog;
}

async function expectConsecutiveVerifiedChain(log: AuditLog, count: number): Promise<AuditEntry[]> {
  const entries = await collect(log.streamAll());
  expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
  expect(await verifyChain(entries)).toEqual({ ok: true, checked: count });
  return entries;
}

export function auditLogContract(label: string, fresh: () => Promise<AuditLogs>): void {
  describe(`AuditLog contract: ${label}`, () => {
    let log: AuditLog;
    let peer: AuditLog;
    beforeEach(async () => {
      ({ log, peer } = await fresh());
    });

    test('the first entry links to the genesis hash, the next to the first', async () => {
      const first = await log.append(anAuditInput(), T0);
      expect(first).toMatchObject({ ...anAuditInput(), seq: 1, at: T0, prevHash: GENESIS_HASH });
      const { hash, ...base } = first;
      expect(hash).toBe(auditHash(base));
      const second = await log.append(anAuditInput({ action: 'note.restore' }), minutes(1));
      expect(second).toMatchObject({ seq: 2, prevHash: first.hash, action: 'note.restore' });
      const streamed = await expectConsecutiveVerifiedChain(log, 2);
      expect(streamed).toEqual([first, second]);
      expectSameShape(streamed[0], first);
    });

    test('details of any JSON shape read back exactly, so the chain still verifies', async () => {
      const details = {
        empty: {},
        nested: { list: [1, 'two', { three: 3 }], flag: false, nothing: null },
        when: at('2026-01-02T03:04:05.678Z'),
        unicode: 'ünïcödé ✓ 日本',
        float: 0.1 + 0.2,
        big: 2 ** 40,
        zKeyBeforeA: { z: 1, a: 2 },
      };
      const entry = await log.append(anAuditInput({ details, tenantId: 'tenant-1', targetIds: ['n1', 'p1'] }), T0);
      await log.append(anAuditInput({ details: {} }), minutes(1));
      const [first, second] = await expectConsecutiveVerifiedChain(log, 2);
      expect(first).toEqual(entry);
      expect(first.details).toEqual(details);
      expectDate(first.details.when);
      expect((first.details.when as Date).toISOString()).toBe('2026-01-02T03:04:05.678Z');
      expect(second.details).toEqual({});
      expect(first.tenantId).toBe('tenant-1');
      expect(second.tenantId).toBeUndefined();
    });

    test('thirty concurrent appends get thirty consecutive sequence numbers and one valid chain', async () => {
      const appended = await Promise.all(
        Array.from({ length: 30 }, (_, i) => log.append(anAuditInput({ targetIds: [`n${i}`], details: { i } }), minutes(i))),
      );
      expect(new Set(appended.map((e) => e.seq)).size).toBe(30);
      const entries = await expectConsecutiveVerifiedChain(log, 30);
      expect(entries.map((e) => e.details.i).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 30 }, (_, i) => i));
    });

    test('two appenders on one store (two processes) never fork the chain', async () => {
      const appended = await Promise.all(
        Array.from({ length: 24 }, (_, i) => (i % 2 ? peer : log).append(anAuditInput({ details: { i } }), minutes(i))),
      );
      expect(new Set(appended.map((e) => e.seq)).size).toBe(24);
      await expectConsecutiveVerifiedChain(peer, 24);
    });

    test('a keyed append happens once, whichever appender repeats it, and keeps the chain whole', async () => {
      const first = await log.append(anAuditInput({ details: { step: 1 } }), T0, 'plan:p1:batch:0:0');
      await log.append(anAuditInput({ details: { other: true } }), minutes(1));
      // The repeat (a resumed run, another process) gets the entry stored first, content and all.
      expect(await peer.append(anAuditInput({ details: { step: 'again' } }), minutes(2), 'plan:p1:batch:0:0')).toEqual(first);
      const racing = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? peer : log).append(anAuditInput({ details: { i } }), minutes(3 + i), 'plan:p1:batch:4:0')),
      );
      expect(new Set(racing.map((e) => e.seq)).size).toBe(1);
      const entries = await expectConsecutiveVerifiedChain(log, 3);
      expect(entries.map((e) => e.details)).toEqual([{ step: 1 }, { other: true }, racing[0].details]);
    });

    describe('query', () => {
      const seed = async () => {
        await log.append(anAuditInput({ actorId: 'slack:U1', targetIds: ['n1'] }), at('2026-01-01T00:00:00Z'));
        await log.append(anAuditInput({ actorId: 'slack:U2', targetIds: ['n2', 'p1'], action: 'plan.execute' }), at('2026-01-02T00:00:00Z'));
        await log.append(anAuditInput({ actorId: 'slack:U1', targetIds: ['r1', 'p1'], action: 'approval.approve' }), at('2026-01-03T00:00:00Z'));
        await log.append(anAuditInput({ actorId: 'teams:abc', targetIds: [], action: 'backup.create' }), at('2026-01-04T00:00:00Z'));
        await log.append(anAuditInput({ actorId: 'slack:U1', targetIds: ['n1'], action: 'note.restore' }), at('2026-01-05T00:00:00Z'));
      };
      const cases: [string, Parameters<AuditLog['query']>[0], number[]][] = [
        ['everything, newest first', { limit: 10 }, [5, 4, 3, 2, 1]],
        ['limited', { limit: 2 }, [5, 4]],
        ['a target', { targetIds: ['n1'], limit: 10 }, [5, 1]],
        ['any of several targets', { targetIds: ['n2', 'r1'], limit: 10 }, [3, 2]],
        ['a target shared by entries', { targetIds: ['p1'], limit: 10 }, [3, 2]],
        ['an unknown target', { targetIds: ['zzz'], limit: 10 }, []],
        ['an actor', { actorId: 'slack:U1', limit: 10 }, [5, 3, 1]],
        ['since is inclusive', { since: at('2026-01-03T00:00:00Z'), limit: 10 }, [5, 4, 3]],
        ['combined', { actorId: 'slack:U1', targetIds: ['p1', 'n1'], since: at('2026-01-02T00:00:00Z'), limit: 10 }, [5, 3]],
        ['combined and limited', { actorId: 'slack:U1', limit: 1 }, [5]],
      ];
      test.each(cases)('%s', async (_name, query, seqs) => {
        await seed();
        const found = await log.query(query);
        expect(found.map((e) => e.seq)).toEqual(seqs);
        for (const entry of found) expect(entry.hash).toBe(auditHash(entry));
      });

      test('returns whole entries equal to what was appended', async () => {
        const appended = await log.append(anAuditInput({ details: { reason: 'dup', at: T0 } }), T0);
        expect(await log.query({ limit: 1 })).toEqual([appended]);
      });
    });

    test('changesAfter returns the chosen actions after a sequence number, oldest first, at most the limit', async () => {
      await log.append(anAuditInput({ action: 'role.grant', targetIds: ['slack:U1'] }), T0);
      await log.append(anAuditInput({ action: 'note.delete' }), minutes(1));
      await peer.append(anAuditInput({ action: 'role.revoke', targetIds: ['slack:U1'] }), minutes(2));
      await log.append(anAuditInput({ action: 'role.grant', targetIds: ['slack:U2'] }), minutes(3));
      const all = await log.changesAfter(0, ['role.grant', 'role.revoke'], 10);
      expect(all.map((e) => [e.seq, e.action])).toEqual([[1, 'role.grant'], [3, 'role.revoke'], [4, 'role.grant']]);
      expect((await log.changesAfter(1, ['role.grant', 'role.revoke'], 1)).map((e) => e.seq)).toEqual([3]);
      expect(await log.changesAfter(4, ['role.grant'], 10)).toEqual([]);
      expectSameShape(all[0], (await collect(log.streamAll()))[0]);
    });

    test('streamAll of an empty log yields nothing', async () => {
      expect(await collect(log.streamAll())).toEqual([]);
      expect(await verifyChain(log.streamAll())).toEqual({ ok: true, checked: 0 });
    });
  });
}
