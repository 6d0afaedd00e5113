import type { CrmSyncReport, CrmSyncState } from '../../../src/ports/crm.js';
import { minutes, T0 } from './builders.js';

/** The pull state, and a peer on another connection (the next run may be another process's). */
export interface CrmSyncStateFixture {
  state: CrmSyncState;
  peer: CrmSyncState;
}

const run = (overrides: Partial<Omit<CrmSyncReport, 'source'>> = {}): Omit<CrmSyncReport, 'source'> => ({
  ok: true,
  pages: 2,
  pulled: 5,
  added: 3,
  updated: 1,
  unchanged: 1,
  ...overrides,
});

/** The contract of `CrmSyncState`: a pull resumes where the last stored page left it, per CRM. */
export function crmSyncStateContract(label: string, fresh: () => Promise<CrmSyncStateFixture>): void {
  describe(`CRM sync state: ${label}`, () => {
    let state: CrmSyncState;
    let peer: CrmSyncState;
    beforeEach(async () => {
      ({ state, peer } = await fresh());
    });

    test('nothing stored yet: no cursor, no last run', async () => {
      expect(await state.cursor('zoho')).toBeNull();
      expect(await state.lastSync('zoho')).toBeNull();
    });

    test('the cursor saved last is the one the next run starts from, in another process too', async () => {
      await state.saveCursor('zoho', { since: '2026-11-01T00:00:00.000Z', page: 'p:2' });
      await state.saveCursor('zoho', { since: '2026-11-01T00:00:00.000Z', page: 'p:3' });
      expect(await peer.cursor('zoho')).toEqual({ since: '2026-11-01T00:00:00.000Z', page: 'p:3' });
      await peer.saveCursor('zoho', { since: null, page: null });
      expect(await state.cursor('zoho')).toEqual({ since: null, page: null });
    });

    test('each CRM has its own cursor and last run', async () => {
      await state.saveCursor('zoho', { since: null, page: 'z:1' });
      await state.finish('hubspot', T0, run({ pulled: 9 }));
      expect(await state.cursor('hubspot')).toBeNull();
      expect(await state.lastSync('zoho')).toBeNull();
      expect((await state.lastSync('hubspot'))?.result.pulled).toBe(9);
    });

    test("a run's end is recorded with its problem as data and leaves the cursor where the stored pages put it", async () => {
      await state.saveCursor('zoho', { since: null, page: 'p:4' });
      const problem = { code: 'serverError' as const, crm: 'zoho' as const, status: 500 };
      await state.finish('zoho', minutes(5), run({ ok: false, problem }));
      expect(await peer.cursor('zoho')).toEqual({ since: null, page: 'p:4' });
      expect(await peer.lastSync('zoho')).toEqual({ at: minutes(5), result: { ok: false, pulled: 5, added: 3, updated: 1, problem } });
      await state.finish('zoho', minutes(20), run());
      expect(await peer.lastSync('zoho')).toEqual({ at: minutes(20), result: { ok: true, pulled: 5, added: 3, updated: 1 } });
    });
  });
}
