import { LoopbackServer, type LoopbackRequest, type Reply } from '../../support/loopbackServer.js';

export interface ZohoNoteRecord {
  id: string;
  Note_Title: string;
  Note_Content: string;
  Parent_Id: { id: string };
  $se_module: string;
  Owner: { id: string; name: string };
  Created_Time: string;
  Modified_Time: string;
}

export const ZOHO_CLIENT = { clientId: '1000.FAKECLIENT', clientSecret: 'fake-secret', refreshToken: '1000.fake-refresh' };

/** Zoho's documented limits the fake holds the bot to. */
const PER_PAGE_MAX = 200;
const IDS_MAX = 100;

/**
 * A loopback Zoho CRM (accounts + API on one server) that behaves as Zoho documents: the
 * refresh-token grant answers a refused grant with 200 and `error`; API calls need a live
 * `Zoho-oauthtoken` (401 INVALID_TOKEN otherwise); Get Records pages by `page`/`per_page` up to
 * 2,000 records and by `page_token` beyond, filters on `If-Modified-Since` (modified after) and
 * answers 204 when nothing matches; delete takes at most 100 ids and moves notes to the recycle
 * bin; the recycle bin restores one record per call; 429 with Retry-After on demand.
 */
export class FakeZoho extends LoopbackServer {
  readonly notes = new Map<string, ZohoNoteRecord>();
  readonly recycleBin = new Map<string, ZohoNoteRecord>();
  /** Every delete call's ids, and every restore's id, in order. */
  readonly deleteCalls: string[][] = [];
  readonly restoreCalls: string[] = [];
  tokenGrants = 0;
  /** Records reachable with `page` before `page_token` is needed (Zoho: 2,000). */
  pageParamRecords = 2000;
  /** Seconds an access token lives (Zoho: 3600). */
  tokenLifetimeS = 3600;
  private readonly tokens = new Map<string, number>();
  private readonly pageTokens = new Map<string, number>();
  private rateLimited: { remaining: number; retryAfterS: number } | null = null;
  private clock = Date.parse('2026-11-01T00:00:00Z');
  private serial = 0;

  /** A note written in Zoho now (each call one second later than the last). */
  addNote(fields: { content: string; parent?: string; title?: string }): ZohoNoteRecord {
    this.serial += 1;
    const at = this.tick();
    const note = {
      id: String(4150868000000000000n + BigInt(this.serial)),
      Note_Title: fields.title ?? '',
      Note_Content: fields.content,
      Parent_Id: { id: fields.parent ?? '4150868000000777001' },
      $se_module: 'Accounts',
      Owner: { id: '4150868000000225013', name: 'Patricia Boyle' },
      Created_Time: at,
      Modified_Time: at,
    };
    this.notes.set(note.id, note);
    return note;
  }

  editNote(id: string, content: string): void {
    const note = this.notes.get(id)!;
    note.Note_Content = content;
    note.Modified_Time = this.tick();
  }

  /** Every token handed out so far stops working (as after an hour). */
  expireTokens(): void {
    for (const token of this.tokens.keys()) this.tokens.set(token, 0);
  }

  /** The next `count` API calls answer 429 with `Retry-After: retryAfterS`. */
  rateLimit(count: number, retryAfterS: number): void {
    this.rateLimited = { remaining: count, retryAfterS };
  }

  private tick(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString().replace('.000Z', '+00:00');
  }

  protected handle(r: LoopbackRequest): Reply {
    if (r.url.pathname === '/oauth/v2/token' && r.method === 'POST') return this.grant(r.form());
    const auth = /^Zoho-oauthtoken (\S+)$/.exec(String(r.headers.authorization ?? ''));
    const expiresAt = auth ? this.tokens.get(auth[1]) : undefined;
    if (!expiresAt || expiresAt < Date.now()) return { status: 401, body: { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' } };
    if (this.rateLimited && this.rateLimited.remaining > 0) {
      this.rateLimited.remaining -= 1;
      return { status: 429, headers: { 'retry-after': String(this.rateLimited.retryAfterS) }, body: { code: 'TOO_MANY_REQUESTS', message: 'too many requests', status: 'error' } };
    }
    const restore = /^\/crm\/v8\/settings\/recycle_bin\/(\d+)\/actions\/restore$/.exec(r.url.pathname);
    if (restore && r.method === 'POST') return this.restore(restore[1]);
    if (r.url.pathname === '/crm/v6/Notes' && r.method === 'GET') return this.list(r);
    if (r.url.pathname === '/crm/v6/Notes' && r.method === 'DELETE') return this.remove(r);
    return { status: 404, body: { code: 'INVALID_URL_PATTERN', status: 'error' } };
  }

  private grant(form: URLSearchParams): Reply {
    const ok =
      form.get('grant_type') === 'refresh_token' &&
      form.get('client_id') === ZOHO_CLIENT.clientId &&
      form.get('client_secret') === ZOHO_CLIENT.clientSecret &&
      form.get('refresh_token') === ZOHO_CLIENT.refreshToken;
    if (!ok) return { status: 200, body: { error: 'invalid_code' } };
    this.tokenGrants += 1;
    const token = `1000.access-${this.tokenGrants}`;
    this.tokens.set(token, Date.now() + this.tokenLifetimeS * 1000);
    return { status: 200, body: { access_token: token, api_domain: this.url, token_type: 'Bearer', expires_in: this.tokenLifetimeS } };
  }

  private list(r: LoopbackRequest): Reply {
    const params = r.url.searchParams;
    const ids = params.get('ids');
    if (ids !== null) {
      const list = ids.split(',');
      if (list.length > IDS_MAX) return { status: 400, body: { code: 'LIMIT_EXCEEDED', status: 'error' } };
      const found = list.map((id) => this.notes.get(id)).filter((n): n is ZohoNoteRecord => Boolean(n));
      return found.length ? { status: 200, body: { data: found, info: { more_records: false } } } : { status: 204 };
    }
    if (!params.get('fields')) return { status: 400, body: { code: 'REQUIRED_PARAM_MISSING', details: { param: 'fields' }, status: 'error' } };
    const perPage = Number(params.get('per_page') ?? 200);
    if (perPage > PER_PAGE_MAX) return { status: 400, body: { code: 'INVALID_DATA', details: { param: 'per_page' }, status: 'error' } };
    const sinceHeader = r.headers['if-modified-since'];
    const since = sinceHeader ? Date.parse(String(sinceHeader)) : -Infinity;
    const matching = [...this.notes.values()]
      .filter((n) => Date.parse(n.Modified_Time) > since)
      .sort((a, b) => Date.parse(a.Modified_Time) - Date.parse(b.Modified_Time) || a.id.localeCompare(b.id));
    let offset: number;
    const token = params.get('page_token');
    if (token) {
      const at = this.pageTokens.get(token);
      if (at === undefined) return { status: 400, body: { code: 'INVALID_DATA', details: { param: 'page_token' }, status: 'error' } };
      offset = at;
    } else {
      const page = Number(params.get('page') ?? 1);
      offset = (page - 1) * perPage;
      if (offset + perPage > this.pageParamRecords) return { status: 400, body: { code: 'LIMIT_REACHED', message: 'use page_token beyond the page limit', status: 'error' } };
    }
    const data = matching.slice(offset, offset + perPage);
    if (data.length === 0) return { status: 204 };
    const more = offset + perPage < matching.length;
    const info: Record<string, unknown> = { per_page: perPage, count: data.length, page: token ? null : offset / perPage + 1, more_records: more };
    if (more && offset + 2 * perPage > this.pageParamRecords) {
      const next = `tok-${offset + perPage}-${this.pageTokens.size}`;
      this.pageTokens.set(next, offset + perPage);
      info.next_page_token = next;
    }
    return { status: 200, body: { data, info } };
  }

  private remove(r: LoopbackRequest): Reply {
    const ids = (r.url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
    if (ids.length > IDS_MAX) return { status: 400, body: { code: 'LIMIT_EXCEEDED', details: { limit: IDS_MAX }, status: 'error' } };
    this.deleteCalls.push(ids);
    const data = ids.map((id) => {
      const note = this.notes.get(id);
      if (!note) return { code: 'INVALID_DATA', details: { id }, message: 'the related id given seems to be invalid', status: 'error' };
      this.notes.delete(id);
      this.recycleBin.set(id, note);
      return { code: 'SUCCESS', details: { id }, message: 'record deleted', status: 'success' };
    });
    return { status: 200, body: { data } };
  }

  private restore(id: string): Reply {
    this.restoreCalls.push(id);
    const note = this.recycleBin.get(id);
    if (!note) return { status: 400, body: { code: 'INVALID_DATA', details: { id }, message: 'record not in recycle bin', status: 'error' } };
    this.recycleBin.delete(id);
    this.notes.set(id, note);
    return { status: 200, body: { data: [{ code: 'SUCCESS', details: { id }, message: 'record restored', status: 'success' }] } };
  }
}
