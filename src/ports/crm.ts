import type { Note } from '../domain/note.js';

/** The CRMs the bot keeps in step with (DESIGN.md section 3: a note's `source`). */
export const crmSources = ['zoho', 'hubspot'] as const;
export type CrmSource = (typeof crmSources)[number];

export const isCrmSource = (value: unknown): value is CrmSource => crmSources.includes(value as CrmSource);

/** A note as a CRM holds it, mapped to the bot's fields by the connector. */
export interface CrmNote {
  /** The CRM's own note id. */
  externalId: string;
  /** The CRM record the note hangs off, e.g. `Accounts-4150868000001` or `company-512`. */
  recordId: string;
  body: string;
  /** The CRM user who owns the note (Zoho `Owner.id`, HubSpot `hubspot_owner_id`), if any. */
  ownerId?: string;
  createdAt: Date;
  /** The CRM's last-modified time: what the pull cursor moves along. */
  modifiedAt: Date;
}

/**
 * Where a pull stands, owned by the connector that wrote it: `since` is the last-modified time
 * every earlier note had been stored at (null: from the beginning); `page` continues a paged
 * read started from `since` (a page number, a page token, HubSpot's `after`).
 */
export interface PullCursor {
  since: string | null;
  page: string | null;
}

export interface PullPage {
  notes: CrmNote[];
  /** Where the next read starts; null when this page was the last of the changes. */
  next: PullCursor | null;
}

/** What happened to one note of a push batch. */
export type PushResult =
  | { outcome: 'done' }
  /** The CRM has no such note (deleted already, or never there): counts as done for a delete. */
  | { outcome: 'gone' }
  /** Re-created (the CRM cannot restore it): the CRM's new id for the note. */
  | { outcome: 'recreated'; externalId: string }
  | { outcome: 'failed'; error: CrmProblem; retryable: boolean };

/** The note a restore brings back, as the bot holds it (for CRMs that must re-create it). */
export interface CrmRestoreRequest {
  externalId: string;
  recordId: string;
  body: string;
  createdAt: Date;
}

/**
 * One CRM's API (adapters/crm). Every call is one request or a few, never a loop over the whole
 * CRM: the pull job pages, the outbox batches. A 429 throws `CrmRateLimited` with the wait the
 * CRM asked for; other failures throw or come back per note as `failed`.
 */
export interface CrmConnector {
  readonly source: CrmSource;
  /** Most note ids one delete call takes (Zoho 100, HubSpot batch archive 100). */
  readonly deleteBatchMax: number;
  /** One page of notes created or changed at or after `cursor.since`, oldest change first. */
  pullPage(cursor: PullCursor): Promise<PullPage>;
  /** Deletes (archives) the notes; a note the CRM no longer has is `gone`. */
  deleteNotes(externalIds: readonly string[]): Promise<Map<string, PushResult>>;
  /** Brings a deleted note back: from the recycle bin where the CRM has one, else re-created. */
  restoreNote(note: CrmRestoreRequest): Promise<PushResult>;
  /**
   * Which of `externalIds` the CRM holds live now. After a crash between a send and its record,
   * the outbox asks before sending again, so nothing is sent twice.
   */
  liveIds(externalIds: readonly string[]): Promise<Set<string>>;
  /** For a re-create that may have been sent before a crash: the note it made, if any. */
  findRecreated?(note: CrmRestoreRequest): Promise<string | null>;
}

/**
 * What went wrong talking to a CRM, as data: a code, and the vendor's own status, code and message
 * as they came. The edge words it in the reader's language (catalog `crm.problem.<code>`); the
 * outbox, the sync state and the audit store this, never a sentence.
 */
export interface CrmProblem {
  code: CrmProblemCode;
  crm: CrmSource;
  /** The HTTP status the CRM answered. */
  status?: number;
  /** The CRM's own error code (`INVALID_DATA`, `invalid_code`, a HubSpot category). */
  vendorCode?: string;
  /** The CRM's own message text, quoted as it came. */
  vendorMessage?: string;
  /** The setting that holds the refused credential (`ZOHO_REFRESH_TOKEN`, `HUBSPOT_TOKEN`). */
  setting?: string;
  /** The note the CRM could not act on, by the CRM's id. */
  externalId?: string;
  /** Seconds the CRM asked to wait (rateLimited). */
  seconds?: number;
  /** A short technical name: a network error code (`ECONNREFUSED`), an error class (unexpected). */
  detail?: string;
}

export type CrmProblemCode = 'refused' | 'authRefused' | 'unreachable' | 'serverError' | 'rateLimited' | 'notInRecycleBin' | 'noAnswer' | 'unexpected';

/** A problem as the English of the logs (the `message` of the errors below); users read the catalog's. */
const logText = (p: CrmProblem) => `${p.crm} ${p.code}${p.status ? ` ${p.status}` : ''}${p.setting ? ` ${p.setting}` : ''}${p.vendorCode ? ` ${p.vendorCode}` : ''}${p.vendorMessage ? ` "${p.vendorMessage}"` : ''}${p.detail ? ` ${p.detail}` : ''}`;

/** The CRM asked to slow down (HTTP 429): wait `retryAfterMs` before the next call. */
export class CrmRateLimited extends Error {
  override name = 'CrmRateLimited';
  readonly problem: CrmProblem;
  constructor(
    readonly source: CrmSource,
    readonly retryAfterMs: number,
  ) {
    const problem: CrmProblem = { code: 'rateLimited', crm: source, seconds: Math.ceil(retryAfterMs / 1000) };
    super(logText(problem));
    this.problem = problem;
  }
}

/** A CRM call that failed; `retryable` for 5xx and network faults, not for a refused request. */
export class CrmCallFailed extends Error {
  override name = 'CrmCallFailed';
  readonly source: CrmSource;
  readonly status: number | null;
  constructor(
    readonly problem: CrmProblem,
    readonly retryable: boolean,
  ) {
    super(logText(problem));
    this.source = problem.crm;
    this.status = problem.status ?? null;
  }
}

/**
 * Any error met while talking to a CRM, as a problem to store: the CRM's own, or `unexpected`
 * with the error's class name (the caller logs the error itself).
 */
export function crmProblemOf(error: unknown, crm: CrmSource): CrmProblem {
  if (error instanceof CrmCallFailed || error instanceof CrmRateLimited) return error.problem;
  const name = error instanceof Error ? ((error as { code?: unknown }).code ?? error.name) : typeof error;
  return { code: 'unexpected', crm, detail: String(name).slice(0, 60) };
}

/**
 * The seam the core calls where a note leaves or comes back in the bot (single delete, plan
 * batches, restore, undo, restore from backup). The implementation stores an outbox entry per
 * note with a CRM source, keyed by `(change, note, eventKey)` so that a repeated call (a plan
 * batch re-run after a crash) stores nothing twice; a job sends them later.
 */
export interface CrmChangeFeed {
  notesChanged(change: 'delete' | 'restore', notes: readonly Note[], eventKey: string): Promise<void>;
}

/**
 * Where a CRM gave a note a new id: HubSpot has no restore API, so a restore re-creates the note
 * under a new id (adapters/crm/hubspot.ts). Mongo in adapters/crm/noteLinks.ts, a twin in tests.
 */
export interface CrmNoteLinks {
  /**
   * The note `noteId` is `source`'s note `externalId` from now on: the id it had goes to its
   * `previousExternalIds`, and the key `<source>:<externalId>` names it, so a later pull of the
   * new id updates it instead of importing a second note. Idempotent; false when there is no
   * such note.
   */
  relink(noteId: string, source: CrmSource, externalId: string, at: Date): Promise<boolean>;
}

/**
 * Where each connector's pull stands, stored so that a run resumes where the last one stopped,
 * in this process or another (the pull job of a source runs on one instance at a time). Mongo in
 * adapters/crm/syncState.ts, a twin in test/support/memoryCrm.ts; test/contract/suites/crmSyncState.ts.
 */
export interface CrmSyncState {
  cursor(source: CrmSource): Promise<PullCursor | null>;
  /** Called only after the page read from the previous cursor is stored in the bot. */
  saveCursor(source: CrmSource, cursor: PullCursor): Promise<void>;
  /** The end of a run: when, and what it brought (a failure's problem as data). Leaves the cursor. */
  finish(source: CrmSource, at: Date, result: Omit<CrmSyncReport, 'source'>): Promise<void>;
  /** The last run's end, for `crm status`; null before the first. */
  lastSync(source: CrmSource): Promise<{ at: Date; result: NonNullable<CrmConnectorStatus['lastSyncResult']> } | null>;
}

/** One connector's state, for `crm status`. */
export interface CrmConnectorStatus {
  source: CrmSource;
  lastSyncAt: Date | null;
  /** `problem` is a string in results stored before the codes. */
  lastSyncResult: { ok: boolean; pulled: number; added: number; updated: number; problem?: CrmProblem | string } | null;
  cursor: PullCursor | null;
  outbox: { pending: number; sending: number; failed: number; done: number };
  /** The entries that keep failing, newest first, at most a few. */
  failures: Array<{ noteId: string; change: 'delete' | 'restore'; attempts: number; error: CrmProblem | string | null }>;
}

export interface CrmSyncReport {
  source: CrmSource;
  ok: boolean;
  pages: number;
  pulled: number;
  added: number;
  updated: number;
  unchanged: number;
  problem?: CrmProblem;
}

/** `crm status` and `crm sync`, as the composition root provides them. */
export interface CrmService {
  status(): Promise<CrmConnectorStatus[]>;
  syncNow(): Promise<CrmSyncReport[]>;
}
