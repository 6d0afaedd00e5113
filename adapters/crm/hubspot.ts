import type { Client } from '@hubspot/api-client';
import { RECORD_ID_PATTERN } from '../../src/domain/input.js';
import { CrmCallFailed, CrmRateLimited, type CrmConnector, type CrmNote, type CrmRestoreRequest, type PullCursor, type PullPage, type PushResult } from '../../src/ports/crm.js';
import { chunks, networkFault, retryAfterMs } from './http.js';

export interface HubSpotOptions {
  /** A private app's access token (scopes: crm.objects.contacts/companies/deals read, notes via those). */
  token: string;
  /** The API base, `https://api.hubapi.com` unless a test points it elsewhere. */
  apiUrl: string;
  /** Notes per search page (HubSpot's maximum is 200). */
  pageSize?: number;
  /** Least time between two calls, ms: HubSpot allows about 10 a second for private apps, 5 for search. */
  minCallGapMs?: number;
}

/** HubSpot's limit for inputs of one batch call. */
const BATCH_MAX = 100;
/** The search endpoint returns at most 10,000 results per query: restart from the newest change before it. */
const SEARCH_WINDOW = 10_000;
const PROPERTIES = ['hs_note_body', 'hs_timestamp', 'hs_createdate', 'hs_lastmodifieddate', 'hubspot_owner_id'];
/**
 * Where a note's record is looked for, in the order imports of HubSpot exports use
 * (adapters/imports), and HubSpot's note-to-X association type ids.
 */
const RECORD_TYPES = [
  { objectType: 'companies', prefix: 'company', associationTypeId: 190 },
  { objectType: 'deals', prefix: 'deal', associationTypeId: 214 },
  { objectType: 'contacts', prefix: 'contact', associationTypeId: 202 },
  { objectType: 'tickets', prefix: 'ticket', associationTypeId: 228 },
] as const;

interface HubSpotObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt?: Date;
  updatedAt?: Date;
}

/**
 * HubSpot through its official client. Pull: the notes search endpoint filtered on
 * `hs_lastmodifieddate >= since`, sorted ascending, paged by `after`; a note's record is its first
 * associated company, contact or deal (associations v4 batch read). Push: batch archive of up to
 * 100; HubSpot cannot restore an archived note through its API, so a restore re-creates it with
 * the same body, time and record, and the bot records the new id.
 */
export class HubSpotConnector implements CrmConnector {
  readonly source = 'hubspot' as const;
  readonly deleteBatchMax = BATCH_MAX;
  private client: Promise<Client> | null = null;
  private lastCall = 0;

  constructor(private readonly options: HubSpotOptions) {}

  /** The client, loaded on first use: a bot without HubSpot never loads the library. */
  private api(): Promise<Client> {
    this.client ??= import('@hubspot/api-client').then(
      // No retries inside the client: 429s surface with their Retry-After and the job decides.
      ({ Client: HubSpot }) => new HubSpot({ accessToken: this.options.token, basePath: this.options.apiUrl.replace(/\/$/, ''), numberOfApiCallRetries: 0 }),
    );
    return this.client;
  }

  async pullPage(cursor: PullCursor): Promise<PullPage> {
    const limit = this.options.pageSize ?? 100;
    const after = cursor.page ?? undefined;
    const since = cursor.since ? Date.parse(cursor.since) : 0;
    const page = await this.call((client) =>
      client.crm.objects.notes.searchApi.doSearch({
        filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE' as never, value: String(since) }] }],
        sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' } as unknown as string],
        properties: PROPERTIES,
        limit,
        ...(after ? { after } : {}),
      }),
    );
    const results = page.results as HubSpotObject[];
    const records = await this.recordsOf(results.map((r) => r.id));
    const notes = results.map((r) => toCrmNote(r, records.get(r.id)));
    const newest = notes.reduce<Date | null>((max, n) => (!max || n.modifiedAt > max ? n.modifiedAt : max), null);
    const nextAfter = page.paging?.next?.after;
    if (nextAfter) {
      // Near the end of the search window: start a new query from the newest change read so far.
      if (Number(nextAfter) + limit > SEARCH_WINDOW && newest) return { notes, next: { since: newest.toISOString(), page: null } };
      return { notes, next: { since: cursor.since, page: nextAfter } };
    }
    return { notes, next: newest ? { since: newest.toISOString(), page: null } : null };
  }

  async deleteNotes(externalIds: readonly string[]): Promise<Map<string, PushResult>> {
    const results = new Map<string, PushResult>();
    for (const ids of chunks(externalIds, BATCH_MAX)) {
      // Batch archive answers 204 for the whole batch, ids it does not hold included.
      await this.call((client) => client.crm.objects.notes.batchApi.archive({ inputs: ids.map((id) => ({ id })) }));
      for (const id of ids) results.set(id, { outcome: 'done' });
    }
    return results;
  }

  async restoreNote(note: CrmRestoreRequest): Promise<PushResult> {
    if ((await this.liveIds([note.externalId])).has(note.externalId)) return { outcome: 'done' };
    const association = associationFor(note.recordId);
    const created = await this.call((client) =>
      client.crm.objects.notes.basicApi.create({
        properties: { hs_note_body: note.body, hs_timestamp: note.createdAt.toISOString() },
        associations: association ? [association] : [],
      } as never),
    );
    return { outcome: 'recreated', externalId: String((created as HubSpotObject).id) };
  }

  async liveIds(externalIds: readonly string[]): Promise<Set<string>> {
    const live = new Set<string>();
    for (const ids of chunks(externalIds, BATCH_MAX)) {
      const read = await this.call((client) =>
        client.crm.objects.notes.batchApi.read({ inputs: ids.map((id) => ({ id })), properties: ['hs_lastmodifieddate'], propertiesWithHistory: [] }, false),
      );
      for (const r of read.results as HubSpotObject[]) live.add(String(r.id));
    }
    return live;
  }

  async findRecreated(note: CrmRestoreRequest): Promise<string | null> {
    const found = await this.call((client) =>
      client.crm.objects.notes.searchApi.doSearch({
        filterGroups: [{ filters: [{ propertyName: 'hs_timestamp', operator: 'EQ' as never, value: String(note.createdAt.getTime()) }] }],
        properties: PROPERTIES,
        limit: 100,
      }),
    );
    const match = (found.results as HubSpotObject[]).find((r) => r.id !== note.externalId && (r.properties.hs_note_body ?? '') === note.body);
    return match ? String(match.id) : null;
  }

  /** Note id -> record id, from the first association type that has one. */
  private async recordsOf(noteIds: string[]): Promise<Map<string, string>> {
    const records = new Map<string, string>();
    for (const type of RECORD_TYPES) {
      const missing = noteIds.filter((id) => !records.has(id));
      if (missing.length === 0) break;
      for (const ids of chunks(missing, BATCH_MAX)) {
        const read = await this.call((client) => client.crm.associations.v4.batchApi.getPage('notes', type.objectType, { inputs: ids.map((id) => ({ id })) }));
        for (const r of read.results) {
          const to = r.to[0]?.toObjectId;
          if (to) records.set(String(r._from.id), `${type.prefix}-${String(to)}`);
        }
      }
    }
    return records;
  }

  /** One client call, spaced from the last, with HubSpot's errors turned into the port's. */
  private async call<T>(request: (client: Client) => Promise<T>): Promise<T> {
    const client = await this.api();
    const gap = (this.options.minCallGapMs ?? 110) - (Date.now() - this.lastCall);
    if (gap > 0) await new Promise((resolve) => setTimeout(resolve, gap));
    this.lastCall = Date.now();
    try {
      return await request(client);
    } catch (error) {
      throw toPortError(error);
    }
  }
}

function toPortError(error: unknown): Error {
  const e = error as { code?: unknown; headers?: Record<string, string>; body?: { message?: string; category?: string } };
  if (typeof e.code !== 'number') return new CrmCallFailed({ code: 'unreachable', crm: 'hubspot', detail: networkFault(error) }, true);
  if (e.code === 429) return new CrmRateLimited('hubspot', retryAfterMs(e.headers?.['retry-after']));
  if (e.code >= 500) return new CrmCallFailed({ code: 'serverError', crm: 'hubspot', status: e.code }, true);
  // HubSpot's category (`VALIDATION_ERROR`) and message are its own words: kept as data.
  const vendor = { ...(e.body?.category ? { vendorCode: e.body.category } : {}), ...(e.body?.message ? { vendorMessage: e.body.message } : {}) };
  if (e.code === 401) return new CrmCallFailed({ code: 'authRefused', crm: 'hubspot', status: 401, setting: 'HUBSPOT_TOKEN', ...vendor }, false);
  return new CrmCallFailed({ code: 'refused', crm: 'hubspot', status: e.code, ...vendor }, false);
}

function associationFor(recordId: string) {
  const match = /^(company|contact|deal|ticket)-(\d+)$/.exec(recordId);
  const type = match && RECORD_TYPES.find((t) => t.prefix === match[1]);
  if (!match || !type) return null;
  return { to: { id: match[2] }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: type.associationTypeId }] };
}

function toCrmNote(object: HubSpotObject, record: string | undefined): CrmNote {
  const p = object.properties;
  const created = p.hs_timestamp ?? p.hs_createdate;
  const modified = p.hs_lastmodifieddate ?? created;
  const recordId = record && RECORD_ID_PATTERN.test(record) ? record : `hubspot-note-${object.id}`;
  return {
    externalId: String(object.id),
    recordId,
    body: htmlToText(p.hs_note_body ?? ''),
    ...(p.hubspot_owner_id ? { ownerId: p.hubspot_owner_id } : {}),
    createdAt: created ? new Date(created) : new Date(0),
    modifiedAt: modified ? new Date(modified) : new Date(0),
  };
}

/** HubSpot stores note bodies as HTML: the bot keeps text (line breaks kept, tags dropped, entities read). */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
