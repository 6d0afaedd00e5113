import { pino } from 'pino';
import { drainOutbox, type DrainOptions } from '../../../adapters/crm/drain.js';
import { CrmCallFailed, CrmRateLimited, type CrmConnector, type CrmNoteLinks, type CrmRestoreRequest, type PushResult } from '../../../src/ports/crm.js';
import type { CrmOutbox, OutboxChange, OutboxEntry } from '../../../src/ports/crmOutbox.js';
import { InMemoryAudit } from '../../support/memory.js';
import { T0 } from './builders.js';

const seconds = (n: number) => new Date(T0.getTime() + n * 1000);

/** Two handles on one outbox: `peer` stands in for another process (the same object for the twin). */
export interface CrmOutboxFixture {
  outbox: CrmOutbox;
  peer: CrmOutbox;
}

type Answer = 'ok' | { rateLimitMs: number } | { fail: 'retryable' | 'refused' };

/** A CRM that records what reached it and answers from a script (then `ok`). */
class ScriptedCrm implements CrmConnector {
  readonly source = 'hubspot' as const;
  readonly deleteBatchMax = 3;
  readonly deleteCalls: string[][] = [];
  readonly restores: string[] = [];
  /** Ids the CRM holds live, for a drain reconciling after a crash. */
  readonly live = new Set<string>();
  script: Answer[] = [];

  async pullPage(): Promise<never> {
    throw new Error('not used');
  }
  async deleteNotes(ids: readonly string[]): Promise<Map<string, PushResult>> {
    this.answer();
    // A pause inside the call, so two drains running at once overlap here.
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.deleteCalls.push([...ids]);
    for (const id of ids) this.live.delete(id);
    return new Map(ids.map((id) => [id, { outcome: 'done' as const }]));
  }
  async restoreNote(note: CrmRestoreRequest): Promise<PushResult> {
    this.answer();
    this.restores.push(note.externalId);
    this.live.add(`new-${note.externalId}`);
    return { outcome: 'recreated', externalId: `new-${note.externalId}` };
  }
  async liveIds(ids: readonly string[]): Promise<Set<string>> {
    return new Set(ids.filter((id) => this.live.has(id)));
  }
  private answer(): void {
    const next = this.script.shift() ?? 'ok';
    if (next === 'ok') return;
    if ('rateLimitMs' in next) throw new CrmRateLimited('hubspot', next.rateLimitMs);
    throw new CrmCallFailed(next.fail === 'retryable' ? { code: 'serverError', crm: 'hubspot', status: 503 } : { code: 'refused', crm: 'hubspot', status: 400 }, next.fail === 'retryable');
  }
}

function anEntry(n: number, change: OutboxChange = 'delete', at = T0): OutboxEntry {
  return {
    _id: `${change}:n${n}:ev${n}`,
    source: 'hubspot',
    change,
    noteId: `n${n}`,
    externalId: `h${n}`,
    recordId: 'company-1',
    body: `note ${n}`,
    noteCreatedAt: T0,
    eventAt: new Date(at.getTime() + n),
    state: 'pending',
    attempts: 0,
    sends: 0,
    nextAttemptAt: at,
    sendingSince: null,
    batch: null,
    lastError: null,
    newExternalId: null,
    doneAt: null,
  };
}

/** The outbox contract, through the drain that uses it: claims, retries, Retry-After, done stays done, audit once. */
export function crmOutboxContract(label: string, fresh: () => Promise<CrmOutboxFixture>): void {
  describe(`CRM outbox: ${label}`, () => {
    let outbox: CrmOutbox;
    let peer: CrmOutbox;
    let crm: ScriptedCrm;
    let audit: InMemoryAudit;
    let now: Date;
    let relinked: string[];
    const links: CrmNoteLinks = { relink: async (noteId, source, id) => Boolean(relinked.push(`${noteId}->${source}:${id}`)) };
    const drain = (store: CrmOutbox, options: DrainOptions = {}) =>
      drainOutbox({ connector: crm, outbox: store, links, audit, now: () => now, logger: pino({ level: 'silent' }) }, { retryDelayMs: 1000, ...options });
    const entries = async () => [...(await outbox.due('hubspot', new Date(8.64e15), 1000)), ...(await outbox.sending('hubspot'))];
    const sends = () => audit.entries.filter((e) => e.action === 'crm.send');

    beforeEach(async () => {
      ({ outbox, peer } = await fresh());
      crm = new ScriptedCrm();
      audit = new InMemoryAudit();
      now = T0;
      relinked = [];
    });

    test('an entry enqueued twice is stored once', async () => {
      await outbox.enqueue([anEntry(1), anEntry(2)]);
      await peer.enqueue([anEntry(1), anEntry(3)]);
      expect((await entries()).map((e) => e._id).sort()).toEqual(['delete:n1:ev1', 'delete:n2:ev2', 'delete:n3:ev3']);
    });

    test('two drains at once never send one entry twice, and each batch is audited with its notes and CRM ids', async () => {
      await outbox.enqueue(Array.from({ length: 10 }, (_, i) => anEntry(i)));
      const [mine, theirs] = await Promise.all([drain(outbox), drain(peer)]);
      const sent = crm.deleteCalls.flat();
      expect(sent.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `h${i}`).sort());
      expect(mine.sent + theirs.sent).toBe(10);
      expect((await outbox.counts('hubspot')).pending + (await outbox.counts('hubspot')).sending).toBe(0);
      expect(sends()).toHaveLength(crm.deleteCalls.length);
      for (const entry of sends()) {
        expect(entry.actorId).toBe('system:crm-outbox');
        expect(entry.details).toMatchObject({ source: 'hubspot', change: 'delete', attempt: 1, result: 'done' });
        expect(entry.details.crmIds).toEqual(entry.targetIds.map((id) => `h${id.slice(1)}`));
      }
    });

    test('a failure is retried after a doubling delay, then given up and audited as such', async () => {
      await outbox.enqueue([anEntry(1)]);
      crm.script = [{ fail: 'retryable' }, { fail: 'retryable' }, { fail: 'retryable' }];
      const options = { maxAttempts: 3 };
      expect(await drain(outbox, options)).toMatchObject({ retried: 1, failed: 0 });
      expect((await outbox.due('hubspot', seconds(1), 10))[0]).toMatchObject({ attempts: 1, nextAttemptAt: seconds(1), lastError: { code: 'serverError', crm: 'hubspot', status: 503 } });
      now = new Date(seconds(1).getTime() - 1);
      expect(await drain(outbox, options)).toMatchObject({ retried: 0, failed: 0 });
      now = seconds(1);
      expect(await drain(outbox, options)).toMatchObject({ retried: 1 });
      expect(await outbox.due('hubspot', seconds(2), 10)).toEqual([]);
      now = seconds(3);
      expect(await drain(outbox, options)).toMatchObject({ failed: 1 });
      expect(await outbox.counts('hubspot')).toEqual({ pending: 0, sending: 0, failed: 1 });
      expect((await outbox.failures('hubspot', 5)).map((e) => [e.noteId, e.attempts])).toEqual([['n1', 3]]);
      expect(sends().map((e) => e.details.result)).toEqual(['retry', 'retry', 'failed']);
      const gaveUp = audit.entries.filter((e) => e.action === 'crm.giveUp');
      expect(gaveUp).toHaveLength(1);
      expect(gaveUp[0]).toMatchObject({ targetIds: ['n1'], details: { source: 'hubspot', crmIds: ['h1'], attempt: 3, error: [{ code: 'serverError', crm: 'hubspot', status: 503 }] } });
    });

    test('a refused change gives up at once', async () => {
      await outbox.enqueue([anEntry(1)]);
      crm.script = [{ fail: 'refused' }];
      expect(await drain(outbox)).toMatchObject({ failed: 1, retried: 0 });
      expect(audit.entries.map((e) => e.action)).toEqual(['crm.send', 'crm.giveUp']);
    });

    test('Retry-After is honoured: a short wait is slept within the run, a long one defers the entries without counting an attempt', async () => {
      await outbox.enqueue([anEntry(1), anEntry(2)]);
      const slept: number[] = [];
      crm.script = [{ rateLimitMs: 5000 }];
      expect(await drain(outbox, { sleep: async (ms) => void slept.push(ms) })).toMatchObject({ done: 2, deferredUntil: null });
      expect(slept).toEqual([5000]);

      await outbox.enqueue([anEntry(3)]);
      crm.script = [{ rateLimitMs: 120_000 }];
      expect((await drain(outbox)).deferredUntil).toEqual(seconds(120));
      expect(await outbox.due('hubspot', new Date(seconds(120).getTime() - 1), 10)).toEqual([]);
      expect((await outbox.due('hubspot', seconds(120), 10))[0]).toMatchObject({ _id: 'delete:n3:ev3', attempts: 0 });
      now = seconds(120);
      expect(await drain(outbox)).toMatchObject({ sent: 1, done: 1 });
      // Nothing reached the CRM on a 429: only the sent batches are audited.
      expect(sends()).toHaveLength(2);
    });

    test('done entries stay done: a later drain sends nothing, a stale settlement or claim changes nothing', async () => {
      await outbox.enqueue([anEntry(1)]);
      const [read] = await outbox.due('hubspot', T0, 10);
      await drain(outbox);
      expect(await drain(peer)).toMatchObject({ sent: 0, done: 0 });
      expect(await peer.claimSend(read, 'stale', T0)).toBeNull();
      const asSent = { ...read, state: 'sending' as const, sends: 1, attempts: 1 };
      expect(await peer.settle(asSent, { state: 'pending', nextAttemptAt: T0, attempts: 1, lastError: 'late' }, T0)).toBe(false);
      expect(await peer.settle(asSent, { state: 'failed', lastError: 'late' }, T0)).toBe(false);
      expect(await outbox.counts('hubspot')).toEqual({ pending: 0, sending: 0, failed: 0 });
      expect(crm.deleteCalls).toEqual([['h1']]);
    });

    test('a crash after a batch reached the CRM: two drains resuming at once send nothing again and audit the batch once', async () => {
      await outbox.enqueue([anEntry(1), anEntry(2), anEntry(3), anEntry(4)]);
      crm.live.add('h1').add('h2').add('h3').add('h4');
      const crash = new Error('killed');
      await expect(drain(outbox, { afterSend: () => Promise.reject(crash) })).rejects.toBe(crash);
      expect(crm.deleteCalls).toEqual([['h1', 'h2', 'h3']]);
      expect(sends()).toHaveLength(0);
      const reports = await Promise.all([drain(outbox, { leaseMs: 0 }), drain(peer, { leaseMs: 0 })]);
      expect(crm.deleteCalls.flat().sort()).toEqual(['h1', 'h2', 'h3', 'h4']);
      expect(reports[0].done + reports[1].done).toBe(4);
      const audited = sends();
      expect(audited).toHaveLength(2);
      expect(audited.find((e) => e.details.reconciled)).toMatchObject({ targetIds: ['n1', 'n2', 'n3'], details: { result: 'done', crmIds: ['h1', 'h2', 'h3'] } });
      // A third drain finds nothing to reconcile and nothing to send.
      expect(await drain(outbox, { leaseMs: 0 })).toMatchObject({ sent: 0, done: 0 });
      expect(sends()).toHaveLength(2);
    });

    test('a restore the CRM can only re-create relinks the note and records the new id', async () => {
      await outbox.enqueue([anEntry(1, 'restore')]);
      expect(await drain(outbox)).toMatchObject({ sent: 1, done: 1 });
      expect(relinked).toEqual(['n1->hubspot:new-h1']);
      expect(sends()[0].details).toMatchObject({ change: 'recreate', result: 'done', recreated: [{ noteId: 'n1', previousCrmId: 'h1', crmId: 'new-h1' }] });
    });

    test('a delete undone before it was sent cancels out with its restore: the CRM hears of neither', async () => {
      await outbox.enqueue([anEntry(1, 'delete'), { ...anEntry(1, 'restore'), eventAt: seconds(1) }]);
      expect(await drain(outbox)).toMatchObject({ sent: 0, cancelled: 2 });
      expect(crm.deleteCalls).toEqual([]);
      expect(crm.restores).toEqual([]);
      expect(await entries()).toEqual([]);
    });
  });
}
