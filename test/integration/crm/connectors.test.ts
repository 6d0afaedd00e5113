import { HubSpotConnector } from '../../../adapters/crm/hubspot.js';
import { retryAfterMs } from '../../../adapters/crm/http.js';
import { ZohoConnector } from '../../../adapters/crm/zoho.js';
import { CrmCallFailed, CrmRateLimited, type CrmConnector, type CrmNote, type PullCursor } from '../../../src/ports/crm.js';
import { FakeHubSpot, HUBSPOT_TOKEN } from './fakeHubSpot.js';
import { FakeZoho, ZOHO_CLIENT } from './fakeZoho.js';

// The real connectors against loopback fakes that follow the CRMs' documented behaviour.
const zoho = await new FakeZoho().start();
const hubspot = await new FakeHubSpot().start();
afterAll(async () => {
  await zoho.stop();
  await hubspot.stop();
});

const zohoConnector = (perPage = 40) => new ZohoConnector({ ...ZOHO_CLIENT, accountsUrl: zoho.url, apiUrl: zoho.url, perPage });
const hubspotConnector = (pageSize = 100) => new HubSpotConnector({ token: HUBSPOT_TOKEN, apiUrl: hubspot.url, pageSize, minCallGapMs: 0 });

/** Every page from `cursor` to the end of the changes, and the cursor left at the end. */
async function pullAll(connector: CrmConnector, start: PullCursor = { since: null, page: null }) {
  const notes: CrmNote[] = [];
  const pages: PullCursor[] = [];
  let cursor = start;
  for (let i = 0; i < 100; i += 1) {
    const page = await connector.pullPage(cursor);
    notes.push(...page.notes);
    if (!page.next) break;
    cursor = page.next;
    pages.push(cursor);
    if (cursor.page === null) break;
  }
  return { notes, cursor, pages };
}

describe('Zoho connector', () => {
  test('pulls every note once, by page number and then by page token past the page limit, oldest change first', async () => {
    zoho.pageParamRecords = 100;
    const written = Array.from({ length: 130 }, (_, i) => zoho.addNote({ content: `zoho note ${i} 中文`, title: i === 0 ? 'Title' : '' }));
    const { notes, cursor, pages } = await pullAll(zohoConnector(40));
    expect(notes.map((n) => n.externalId)).toEqual(written.map((n) => n.id));
    expect(pages.some((p) => p.page?.startsWith('t:'))).toBe(true);
    expect(pages.some((p) => p.page?.startsWith('p:'))).toBe(true);
    expect(notes[0].body).toBe('Title\nzoho note 0 中文');
    expect(notes[1].recordId).toBe('4150868000000777001');
    expect(cursor).toEqual({ since: new Date(written.at(-1)!.Modified_Time).toISOString(), page: null });

    // From that cursor: only what changed since (and the boundary second again, harmlessly).
    zoho.editNote(written[5].id, 'edited in Zoho');
    const again = await pullAll(zohoConnector(40), cursor);
    expect(again.notes.map((n) => n.externalId)).toContain(written[5].id);
    expect(again.notes.length).toBeLessThanOrEqual(2);
    expect(again.notes.find((n) => n.externalId === written[5].id)!.body).toBe('edited in Zoho');
  });

  test('refreshes the access token once when it expires, and names the setting when the grant is refused', async () => {
    const connector = zohoConnector();
    await connector.liveIds(['1']);
    const grants = zoho.tokenGrants;
    await connector.liveIds(['1']);
    expect(zoho.tokenGrants).toBe(grants); // reused while valid
    zoho.expireTokens();
    await connector.liveIds(['1']);
    expect(zoho.tokenGrants).toBe(grants + 1);

    const refused = new ZohoConnector({ ...ZOHO_CLIENT, refreshToken: 'revoked', accountsUrl: zoho.url, apiUrl: zoho.url });
    await expect(refused.liveIds(['1'])).rejects.toMatchObject({ problem: { code: 'authRefused', crm: 'zoho', setting: 'ZOHO_REFRESH_TOKEN / ZOHO_CLIENT_ID', vendorCode: 'invalid_code' } });
  });

  test('deletes at most 100 ids a call; an id Zoho does not hold is gone; restore takes the note out of the recycle bin', async () => {
    const notes = Array.from({ length: 150 }, (_, i) => zoho.addNote({ content: `to delete ${i}` }));
    const before = zoho.deleteCalls.length;
    const results = await zohoConnector().deleteNotes([...notes.map((n) => n.id), '999']);
    const calls = zoho.deleteCalls.slice(before);
    expect(calls.map((c) => c.length)).toEqual([100, 51]);
    expect(results.get(notes[0].id)).toEqual({ outcome: 'done' });
    expect(results.get('999')).toEqual({ outcome: 'gone' });
    expect(zoho.recycleBin.has(notes[0].id)).toBe(true);

    const restored = await zohoConnector().restoreNote({ externalId: notes[0].id, recordId: 'x', body: 'to delete 0', createdAt: new Date() });
    expect(restored).toEqual({ outcome: 'done' });
    expect(zoho.notes.has(notes[0].id)).toBe(true);
    const missing = await zohoConnector().restoreNote({ externalId: '12345', recordId: 'x', body: 'b', createdAt: new Date() });
    expect(missing).toMatchObject({ outcome: 'failed', retryable: false });
  });

  test('a 429 surfaces with the wait Zoho asked for', async () => {
    const connector = zohoConnector();
    await connector.liveIds(['1']); // token first
    zoho.rateLimit(1, 7);
    const error = await connector.liveIds(['1']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmRateLimited);
    expect((error as CrmRateLimited).retryAfterMs).toBe(7000);
    await expect(connector.liveIds(['1'])).resolves.toBeInstanceOf(Set);
  });
});

describe('HubSpot connector (official client)', () => {
  test('pulls through search pages by `after`, oldest change first, with each note\'s company and its HTML as text', async () => {
    const written = Array.from({ length: 250 }, (_, i) => hubspot.addNote({ body: `<p>Call ${i} &amp; follow-up<br>next line</p>`, company: String(500 + (i % 3)) }));
    const { notes, cursor } = await pullAll(hubspotConnector(100));
    expect(notes.map((n) => n.externalId)).toEqual(written.map((n) => n.id));
    expect(notes[0]).toMatchObject({ recordId: 'company-500', body: 'Call 0 & follow-up\nnext line' });
    expect(cursor.since).toBe(written.at(-1)!.properties.hs_lastmodifieddate);
    hubspot.editNote(written[10].id, 'changed');
    const again = await pullAll(hubspotConnector(100), cursor);
    expect(again.notes.map((n) => n.externalId)).toEqual([written.at(-1)!.id, written[10].id]);
  });

  test('archives in batches of 100; a restore re-creates the note with its record and says the new id', async () => {
    const notes = Array.from({ length: 150 }, (_, i) => hubspot.addNote({ body: `archive ${i}`, company: '777' }));
    const before = hubspot.archiveCalls.length;
    await hubspotConnector().deleteNotes(notes.map((n) => n.id));
    expect(hubspot.archiveCalls.slice(before).map((c) => c.length)).toEqual([100, 50]);
    expect((await hubspotConnector().liveIds([notes[0].id, notes[1].id])).size).toBe(0);

    const createdAt = new Date(notes[0].properties.hs_timestamp);
    const request = { externalId: notes[0].id, recordId: 'company-777', body: 'archive 0', createdAt };
    expect(await hubspotConnector().findRecreated(request)).toBeNull();
    const result = await hubspotConnector().restoreNote(request);
    expect(result.outcome).toBe('recreated');
    const newId = (result as { externalId: string }).externalId;
    expect(newId).not.toBe(notes[0].id);
    expect(hubspot.notes.get(newId)).toMatchObject({ archived: false, associations: { companies: ['777'] } });
    expect(hubspot.notes.get(newId)!.properties.hs_note_body).toBe('archive 0');
    // After a crash the outbox finds the re-created note instead of creating a second one.
    expect(await hubspotConnector().findRecreated(request)).toBe(newId);
  });

  test('a 429 surfaces with its Retry-After; a refused token names HUBSPOT_TOKEN', async () => {
    hubspot.rateLimit(1, 3);
    const error = await hubspotConnector().liveIds(['1']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmRateLimited);
    expect((error as CrmRateLimited).retryAfterMs).toBe(3000);
    const bad = new HubSpotConnector({ token: 'wrong', apiUrl: hubspot.url, minCallGapMs: 0 });
    const refused = await bad.liveIds(['1']).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CrmCallFailed);
    expect((refused as CrmCallFailed).problem).toMatchObject({ code: 'authRefused', crm: 'hubspot', status: 401, setting: 'HUBSPOT_TOKEN' });
    expect((refused as Error).message).toMatch(/HUBSPOT_TOKEN/);
  });
});

test('Retry-After in seconds or as an HTTP date; unreadable falls back to a wait, never zero', () => {
  expect(retryAfterMs('12')).toBe(12_000);
  expect(retryAfterMs(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
  expect(retryAfterMs('soon')).toBe(10_000);
  expect(retryAfterMs(null)).toBe(10_000);
});

test('Zoho: a page token that expired (a pull resumed a day later) restarts from the cursor time instead of failing', async () => {
  const before = await zohoConnector().pullPage({ since: null, page: null });
  const page = await zohoConnector().pullPage({ since: null, page: 't:expired-token' });
  expect(page.notes.map((n) => n.externalId)).toEqual(before.notes.map((n) => n.externalId));
});
