import { LoopbackServer, type LoopbackRequest, type Reply } from '../../support/loopbackServer.js';

export const HUBSPOT_TOKEN = 'pat-na1-fake-token';

export interface HubSpotNoteRecord {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  /** Associated records by object type (`companies`, `contacts`, `deals`). */
  associations: Record<string, string[]>;
}

/** HubSpot's documented limits the fake holds the bot to. */
const SEARCH_LIMIT_MAX = 200;
const SEARCH_WINDOW = 10_000;
const BATCH_MAX = 100;

/**
 * A loopback HubSpot CRM API that behaves as HubSpot documents for notes: bearer tokens (401
 * otherwise); search with filters (`GTE`, `EQ`), sorts, `limit` up to 200 and `after` paging up to
 * 10,000 results; batch archive and batch read of at most 100 inputs; archived notes cannot be
 * restored (only created anew, with a new id); associations v4 batch read; 429 with Retry-After
 * on demand.
 */
export class FakeHubSpot extends LoopbackServer {
  readonly notes = new Map<string, HubSpotNoteRecord>();
  readonly archiveCalls: string[][] = [];
  readonly created: HubSpotNoteRecord[] = [];
  private rateLimited: { remaining: number; retryAfterS: number } | null = null;
  private clock = Date.parse('2026-11-01T00:00:00Z');
  private serial = 0;

  addNote(fields: { body: string; company?: string }): HubSpotNoteRecord {
    const at = this.tick();
    return this.store(fields.body, at, fields.company ? { companies: [fields.company] } : {});
  }

  editNote(id: string, body: string): void {
    const note = this.notes.get(id)!;
    note.properties.hs_note_body = body;
    note.properties.hs_lastmodifieddate = this.tick();
    note.updatedAt = note.properties.hs_lastmodifieddate;
  }

  rateLimit(count: number, retryAfterS: number): void {
    this.rateLimited = { remaining: count, retryAfterS };
  }

  live(): HubSpotNoteRecord[] {
    return [...this.notes.values()].filter((n) => !n.archived);
  }

  private store(body: string, timestamp: string, associations: Record<string, string[]>): HubSpotNoteRecord {
    this.serial += 1;
    const now = this.tick();
    const note: HubSpotNoteRecord = {
      id: String(90_000_000_000 + this.serial),
      properties: { hs_note_body: body, hs_timestamp: timestamp, hs_createdate: now, hs_lastmodifieddate: now, hs_object_id: String(90_000_000_000 + this.serial) },
      createdAt: now,
      updatedAt: now,
      archived: false,
      associations,
    };
    this.notes.set(note.id, note);
    return note;
  }

  private tick(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  protected handle(r: LoopbackRequest): Reply {
    if (r.headers.authorization !== `Bearer ${HUBSPOT_TOKEN}`) {
      return { status: 401, body: { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION' } };
    }
    if (this.rateLimited && this.rateLimited.remaining > 0) {
      this.rateLimited.remaining -= 1;
      return {
        status: 429,
        headers: { 'retry-after': String(this.rateLimited.retryAfterS) },
        body: { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' },
      };
    }
    const path = r.url.pathname;
    if (r.method !== 'POST') return { status: 405, body: { status: 'error', message: 'method not allowed' } };
    if (path === '/crm/v3/objects/notes/search') return this.search(r.json<SearchBody>());
    if (path === '/crm/v3/objects/notes/batch/archive') return this.archive(r.json<{ inputs: Array<{ id: string }> }>());
    if (path === '/crm/v3/objects/notes/batch/read') return this.read(r.json<{ inputs: Array<{ id: string }> }>());
    if (path === '/crm/v3/objects/notes') return this.create(r.json<CreateBody>());
    const assoc = /^\/crm\/v4\/associations\/notes\/(\w+)\/batch\/read$/.exec(path);
    if (assoc) return this.associations(assoc[1], r.json<{ inputs: Array<{ id: string }> }>());
    return { status: 404, body: { status: 'error', message: `no route ${path}` } };
  }

  private search(body: SearchBody): Reply {
    const limit = body.limit ?? 10;
    const offset = Number(body.after ?? 0);
    if (limit > SEARCH_LIMIT_MAX) return { status: 400, body: { status: 'error', message: `limit must be at most ${SEARCH_LIMIT_MAX}`, category: 'VALIDATION_ERROR' } };
    if (offset + limit > SEARCH_WINDOW) return { status: 400, body: { status: 'error', message: 'paging beyond 10000 results is not supported', category: 'VALIDATION_ERROR' } };
    const filters = body.filterGroups?.[0]?.filters ?? [];
    const matches = this.live().filter((n) =>
      filters.every((f) => {
        const value = Date.parse(n.properties[f.propertyName] ?? '');
        const wanted = Number(f.value);
        return f.operator === 'GTE' ? value >= wanted : f.operator === 'EQ' ? value === wanted : false;
      }),
    );
    const sort = body.sorts?.[0];
    if (sort) {
      const key = sort.propertyName;
      matches.sort((a, b) => (Date.parse(a.properties[key]) - Date.parse(b.properties[key])) * (sort.direction === 'DESCENDING' ? -1 : 1) || a.id.localeCompare(b.id));
    }
    const results = matches.slice(offset, offset + limit).map(toObject);
    const more = offset + limit < matches.length;
    return { status: 200, body: { total: matches.length, results, ...(more ? { paging: { next: { after: String(offset + limit) } } } : {}) } };
  }

  private archive(body: { inputs: Array<{ id: string }> }): Reply {
    if (body.inputs.length > BATCH_MAX) return { status: 400, body: { status: 'error', message: `at most ${BATCH_MAX} inputs`, category: 'VALIDATION_ERROR' } };
    this.archiveCalls.push(body.inputs.map((i) => i.id));
    for (const { id } of body.inputs) {
      const note = this.notes.get(id);
      if (note) note.archived = true;
    }
    return { status: 204 };
  }

  private read(body: { inputs: Array<{ id: string }> }): Reply {
    if (body.inputs.length > BATCH_MAX) return { status: 400, body: { status: 'error', message: `at most ${BATCH_MAX} inputs`, category: 'VALIDATION_ERROR' } };
    const found = body.inputs.map((i) => this.notes.get(i.id)).filter((n): n is HubSpotNoteRecord => Boolean(n && !n.archived));
    const missing = body.inputs.filter((i) => !found.some((n) => n.id === i.id));
    const now = new Date().toISOString();
    const base = { status: 'COMPLETE', results: found.map(toObject), startedAt: now, completedAt: now };
    if (missing.length === 0) return { status: 200, body: base };
    return {
      status: 207,
      body: { ...base, numErrors: 1, errors: [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Could not get some NOTE objects', context: { ids: missing.map((m) => m.id) } }] },
    };
  }

  private create(body: CreateBody): Reply {
    const associations: Record<string, string[]> = {};
    for (const a of body.associations ?? []) {
      const type = { 190: 'companies', 202: 'contacts', 214: 'deals', 228: 'tickets' }[a.types[0]?.associationTypeId as 190 | 202 | 214 | 228];
      if (type) associations[type] = [...(associations[type] ?? []), a.to.id];
    }
    const timestamp = body.properties.hs_timestamp ?? new Date(this.clock).toISOString();
    const note = this.store(body.properties.hs_note_body ?? '', new Date(timestamp).toISOString(), associations);
    this.created.push(note);
    return { status: 201, body: toObject(note) };
  }

  private associations(toType: string, body: { inputs: Array<{ id: string }> }): Reply {
    const now = new Date().toISOString();
    const results = body.inputs
      .map((i) => ({ id: i.id, to: this.notes.get(i.id)?.associations[toType] ?? [] }))
      .filter((r) => r.to.length > 0)
      .map((r) => ({ from: { id: r.id }, to: r.to.map((toObjectId) => ({ toObjectId, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 190, label: null }] })) }));
    return { status: 200, body: { status: 'COMPLETE', results, startedAt: now, completedAt: now } };
  }
}

interface SearchBody {
  filterGroups?: Array<{ filters: Array<{ propertyName: string; operator: string; value: string }> }>;
  sorts?: Array<{ propertyName: string; direction: string }>;
  limit?: number;
  after?: string;
}

interface CreateBody {
  properties: Record<string, string>;
  associations?: Array<{ to: { id: string }; types: Array<{ associationTypeId: number }> }>;
}

function toObject(note: HubSpotNoteRecord) {
  return { id: note.id, properties: note.properties, createdAt: note.createdAt, updatedAt: note.updatedAt, archived: note.archived };
}
