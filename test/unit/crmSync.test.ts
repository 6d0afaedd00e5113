import { CrmCallFailed, CrmRateLimited, type CrmConnector, type PullCursor, type PullPage } from '../../src/ports/crm.js';
import { pullFromCrm } from '../../src/usecases/crmSync.js';
import { InMemoryCrmSyncState } from '../support/memoryCrm.js';
import { makeCore } from '../support/core.js';


const crmNote = (id: string, body = `note ${id}`) => ({ externalId: id, recordId: 'acct-1', body, createdAt: new Date('2026-11-01T00:00:00Z'), modifiedAt: new Date('2026-11-02T00:00:00Z') });

function connectorOf(pages: Array<PullPage | Error>): CrmConnector & { reads: PullCursor[] } {
  const reads: PullCursor[] = [];
  return {
    source: 'zoho',
    deleteBatchMax: 100,
    reads,
    async pullPage(cursor) {
      reads.push(cursor);
      const next = pages.shift();
      if (!next) throw new Error('no more pages scripted');
      if (next instanceof Error) throw next;
      return next;
    },
    deleteNotes: async () => new Map(),
    restoreNote: async () => ({ outcome: 'done' }),
    liveIds: async () => new Set(),
  };
}

test('the cursor moves only past pages that were stored; a failure keeps it for the next run and is audited', async () => {
  const core = makeCore();
  const state = new InMemoryCrmSyncState();
  const page2 = { since: null, page: 'p:2' };
  const connector = connectorOf([{ notes: [crmNote('a'), crmNote('b')], next: page2 }, new CrmCallFailed({ code: 'serverError', crm: 'zoho', status: 500 }, true)]);
  const report = await pullFromCrm(core.deps, connector, state, { sleep: async () => undefined });
  // The problem is data (a code and the CRM's status), worded by the reader's catalog when shown.
  expect(report).toMatchObject({ ok: false, added: 2, problem: { code: 'serverError', crm: 'zoho', status: 500 } });
  expect(await state.cursor('zoho')).toEqual(page2);
  const [entry] = await core.deps.audit.query({ limit: 1 });
  expect(entry).toMatchObject({ action: 'crm.sync', actorId: 'system:scheduler', details: { source: 'zoho', ok: false, added: 2, problem: { code: 'serverError', crm: 'zoho', status: 500 } } });

  // The next run starts at the stored page and re-reading a page adds nothing.
  const again = connectorOf([{ notes: [crmNote('b'), crmNote('c')], next: { since: '2026-11-02T00:00:00.000Z', page: null } }]);
  expect(await pullFromCrm(core.deps, again, state)).toMatchObject({ ok: true, added: 1, unchanged: 1 });
  expect(again.reads).toEqual([page2]);
  expect(await state.cursor('zoho')).toEqual({ since: '2026-11-02T00:00:00.000Z', page: null });
});

test('429s are waited out as asked, but a CRM that keeps refusing ends the run with the cursor where it was', async () => {
  const core = makeCore();
  const state = new InMemoryCrmSyncState();
  const waits: number[] = [];
  const limited = () => new CrmRateLimited('zoho', 1500);
  const once = connectorOf([limited(), { notes: [crmNote('x')], next: null }]);
  expect(await pullFromCrm(core.deps, once, state, { sleep: async (ms) => void waits.push(ms) })).toMatchObject({ ok: true, added: 1 });
  expect(waits).toEqual([1500]);

  const always = connectorOf(Array.from({ length: 10 }, limited));
  const report = await pullFromCrm(core.deps, always, state, { sleep: async (ms) => void waits.push(ms) });
  expect(report).toMatchObject({ ok: false, pulled: 0 });
  expect(report.problem).toEqual({ code: 'rateLimited', crm: 'zoho', seconds: 2 });
  expect(always.reads).toHaveLength(6);
  expect(await state.cursor('zoho')).toBeNull();
});

test('empty notes are not brought in; text over the limit is cut; control characters go', async () => {
  const core = makeCore();
  const state = new InMemoryCrmSyncState();
  const long = 'x'.repeat(5000);
  const connector = connectorOf([{ notes: [crmNote('e', '   '), crmNote('l', long), crmNote('c', 'bell\u0007 here')], next: null }]);
  expect(await pullFromCrm(core.deps, connector, state)).toMatchObject({ ok: true, pulled: 3, added: 2 });
  expect((await core.deps.notes.findBySource('zoho', 'l'))!.body).toHaveLength(4000);
  expect((await core.deps.notes.findBySource('zoho', 'c'))!.body).toBe('bell here');
  expect(await core.deps.notes.findBySource('zoho', 'e')).toBeNull();
});

test('an error that is not the CRM’s own is stored as a code with its class name, not its English message', async () => {
  const core = makeCore();
  const state = new InMemoryCrmSyncState();
  const report = await pullFromCrm(core.deps, connectorOf([new TypeError('cannot read properties of undefined (reading "id")')]), state);
  expect(report.problem).toEqual({ code: 'unexpected', crm: 'zoho', detail: 'TypeError' });
  expect((await state.lastSync('zoho'))?.result.problem).toEqual({ code: 'unexpected', crm: 'zoho', detail: 'TypeError' });
});
