import { RECORD_ID_PATTERN } from '../../src/domain/input.js';
import { CrmCallFailed, type CrmConnector, type CrmNote, type CrmRestoreRequest, type PullCursor, type PullPage, type PushResult } from '../../src/ports/crm.js';
import { callJson, chunks, type JsonResponse } from './http.js';
import { ZohoTokens, type ZohoCredentials } from './zohoAuth.js';

export interface ZohoOptions extends ZohoCredentials {
  /** The API domain of the data centre, e.g. `https://www.zohoapis.com`. */
  apiUrl: string;
  /** Notes per page (Zoho's maximum is 200). */
  perPage?: number;
}

/** Zoho's limit for ids in one delete or get call. */
const IDS_PER_CALL = 100;
const FIELDS = 'Note_Title,Note_Content,Parent_Id,Owner,Created_Time,Modified_Time';

interface ZohoNote {
  id: string;
  Note_Title?: string | null;
  Note_Content?: string | null;
  Parent_Id?: { id?: string; module?: { api_name?: string } } | null;
  $se_module?: string;
  Owner?: { id?: string } | null;
  Created_Time?: string;
  Modified_Time?: string;
}

interface ZohoList {
  data?: ZohoNote[];
  info?: { more_records?: boolean; page?: number; next_page_token?: string | null };
}

interface ZohoVerdict {
  code?: string;
  status?: string;
  message?: string;
  details?: { id?: string };
}

/**
 * Zoho CRM's REST API (v6 Notes module, v8 recycle bin) with fetch. Pull: Get Records sorted by
 * `Modified_Time` ascending from `If-Modified-Since`, paged by `page` and, past Zoho's 2,000-record
 * limit for page numbers, by `page_token`. Push: delete up to 100 ids a call (Zoho moves them to
 * the recycle bin), restore from the recycle bin one record a call.
 */
export class ZohoConnector implements CrmConnector {
  readonly source = 'zoho' as const;
  readonly deleteBatchMax = IDS_PER_CALL;
  private readonly tokens: ZohoTokens;
  private readonly api: string;

  constructor(private readonly options: ZohoOptions) {
    this.tokens = new ZohoTokens(options);
    this.api = options.apiUrl.replace(/\/$/, '');
  }

  async pullPage(cursor: PullCursor): Promise<PullPage> {
    const params = new URLSearchParams({ fields: FIELDS, sort_by: 'Modified_Time', sort_order: 'asc', per_page: String(this.options.perPage ?? 200) });
    const page = cursor.page ?? 'p:1';
    if (page.startsWith('t:')) params.set('page_token', page.slice(2));
    else params.set('page', page.slice(2));
    // Zoho returns records modified after this time: a second earlier, so a note changed in the
    // same second as the newest one read last time is not missed (reading it again is harmless).
    const headers: Record<string, string> = cursor.since ? { 'If-Modified-Since': zohoTime(Date.parse(cursor.since) - 1000) } : {};
    const response = await this.call(`/crm/v6/Notes?${params}`, { method: 'GET', headers });
    // A page token lives a day: a pull resumed later starts again from `since` (re-reading is harmless).
    if (response.status === 400 && page.startsWith('t:')) return this.pullPage({ since: cursor.since, page: null });
    if (response.status === 204) return { notes: [], next: null };
    this.expectOk(response);
    const body = response.body as ZohoList;
    const notes = (body.data ?? []).map(toCrmNote);
    const info = body.info ?? {};
    if (info.more_records) {
      const next = info.next_page_token ? `t:${info.next_page_token}` : `p:${(info.page ?? Number(page.slice(2))) + 1}`;
      return { notes, next: { since: cursor.since, page: next } };
    }
    // The last page: from now on, changes at or after the newest change seen. Notes modified in
    // that same second come again next time; the upsert by external id makes that a no-op.
    const newest = notes.reduce<Date | null>((max, n) => (!max || n.modifiedAt > max ? n.modifiedAt : max), null);
    return { notes, next: newest ? { since: newest.toISOString(), page: null } : null };
  }

  async deleteNotes(externalIds: readonly string[]): Promise<Map<string, PushResult>> {
    const results = new Map<string, PushResult>();
    for (const ids of chunks(externalIds, IDS_PER_CALL)) {
      const response = await this.call(`/crm/v6/Notes?ids=${ids.map(encodeURIComponent).join(',')}`, { method: 'DELETE' });
      const verdicts = ((response.body as { data?: ZohoVerdict[] } | null)?.data ?? []) as ZohoVerdict[];
      const byId = new Map(verdicts.filter((v) => v.details?.id).map((v) => [v.details!.id!, v]));
      for (const id of ids) results.set(id, deleteVerdict(byId.get(id) ?? verdicts[0], response.status));
    }
    return results;
  }

  async restoreNote(note: CrmRestoreRequest): Promise<PushResult> {
    const response = await this.call(`/crm/v8/settings/recycle_bin/${encodeURIComponent(note.externalId)}/actions/restore`, { method: 'POST' });
    if (response.status >= 200 && response.status < 300) return { outcome: 'done' };
    // Not in the recycle bin: live already (someone restored it in Zoho) is done; emptied from the
    // bin (after 60 days, or by hand) cannot be undone through the API.
    if ((await this.liveIds([note.externalId])).has(note.externalId)) return { outcome: 'done' };
    return { outcome: 'failed', retryable: false, error: { code: 'notInRecycleBin', crm: 'zoho', externalId: note.externalId, status: response.status, ...vendorOf(response.body) } };
  }

  async liveIds(externalIds: readonly string[]): Promise<Set<string>> {
    const live = new Set<string>();
    for (const ids of chunks(externalIds, IDS_PER_CALL)) {
      const response = await this.call(`/crm/v6/Notes?fields=Modified_Time&ids=${ids.map(encodeURIComponent).join(',')}`, { method: 'GET' });
      if (response.status === 204) continue;
      this.expectOk(response);
      for (const note of (response.body as ZohoList).data ?? []) live.add(String(note.id));
    }
    return live;
  }

  /** A call with the current token; a 401 renews the token once and repeats the call. */
  private async call(path: string, init: { method: string; headers?: Record<string, string> }): Promise<JsonResponse> {
    const send = (token: string) =>
      callJson('zoho', `${this.api}${path}`, { method: init.method, headers: { ...init.headers, authorization: `Zoho-oauthtoken ${token}` } });
    const first = await send(await this.tokens.current());
    if (first.status !== 401) return first;
    const second = await send(await this.tokens.renew());
    // A fresh token refused: the refresh token lacks the scopes these calls need.
    if (second.status === 401) throw new CrmCallFailed({ code: 'authRefused', crm: 'zoho', status: 401, setting: 'ZOHO_REFRESH_TOKEN', ...vendorOf(second.body) }, false);
    return second;
  }

  private expectOk(response: JsonResponse): void {
    if (response.status !== 200) throw new CrmCallFailed({ code: 'refused', crm: 'zoho', status: response.status, ...vendorOf(response.body) }, false);
  }
}

/** Zoho's date-time format: ISO 8601 to the second with an offset. */
const zohoTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');

function deleteVerdict(verdict: ZohoVerdict | undefined, status: number): PushResult {
  if (verdict?.code === 'SUCCESS') return { outcome: 'done' };
  // Zoho says INVALID_DATA for an id it does not hold (any more): the delete has nothing to do.
  if (verdict?.code === 'INVALID_DATA' || verdict?.code === 'RECORD_NOT_FOUND') return { outcome: 'gone' };
  return { outcome: 'failed', retryable: false, error: { code: 'refused', crm: 'zoho', status, ...vendorOf(verdict ? { data: [verdict] } : null) } };
}

/** Zoho's own code and message for a refusal (top level, or the first record's verdict): data, kept as it came. */
function vendorOf(body: unknown): { vendorCode?: string; vendorMessage?: string } {
  const b = body as { code?: string; message?: string; data?: ZohoVerdict[] } | null;
  const verdict = b?.code ? b : b?.data?.[0];
  return { ...(verdict?.code ? { vendorCode: String(verdict.code) } : {}), ...(verdict?.message ? { vendorMessage: String(verdict.message).slice(0, 200) } : {}) };
}

function toCrmNote(note: ZohoNote): CrmNote {
  const title = note.Note_Title?.trim() ?? '';
  const content = note.Note_Content ?? '';
  const parent = note.Parent_Id?.id ? String(note.Parent_Id.id) : `zoho-note-${note.id}`;
  return {
    externalId: String(note.id),
    recordId: RECORD_ID_PATTERN.test(parent) ? parent : `zoho-${String(note.id)}`,
    body: title && !content.startsWith(title) ? `${title}\n${content}` : content,
    ...(note.Owner?.id ? { ownerId: String(note.Owner.id) } : {}),
    createdAt: new Date(note.Created_Time ?? note.Modified_Time ?? 0),
    modifiedAt: new Date(note.Modified_Time ?? note.Created_Time ?? 0),
  };
}
