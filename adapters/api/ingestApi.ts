import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { isReservedActorId } from '../../src/domain/actor.js';
import { isNotesError, type NotesErrorCode } from '../../src/domain/errors.js';
import { checkRecordId, cleanNoteBody } from '../../src/domain/input.js';
import { newNote, NOTE_SOURCES } from '../../src/domain/note.js';
import { EXTERNAL_ID_MAX, type SourcedNoteInput } from '../../src/domain/sourcedNote.js';
import type { Origin } from '../../src/domain/approval.js';
import type { Logger } from '../../src/ports/system.js';
import type { ApiTokenStore } from '../../src/ports/tokens.js';
import type { CoreDeps, RequestContext } from '../../src/usecases/context.js';
import { requestDelete } from '../../src/usecases/deleteNote.js';
import { authenticateToken } from '../../src/usecases/tokens.js';
import { sendJson, type HttpServer } from '../http/server.js';
import { FailedLoginThrottle, RateLimiter } from './rateLimiter.js';
import { renderErrorText } from '../chat/words.js';

/** Notes per POST (DESIGN.md section 6). */
export const API_BATCH_MAX = 1000;

export interface IngestApiOptions {
  deps: CoreDeps;
  tokens: ApiTokenStore;
  logger: Logger;
  /** Where approval requests filed through the API are announced (APPROVAL_CHANNEL's platform). */
  origin: Origin;
  maxBodyBytes: number;
  requestsPerMinute: number;
}

const noteSchema = z
  .object({
    recordId: z.string(),
    body: z.string(),
    tags: z.array(z.string().max(50)).max(50).optional(),
    authorId: z
      .string()
      .regex(/^[a-z]+:[A-Za-z0-9._@-]{1,128}$/, 'must be a qualified id like zoho:123')
      .refine((id) => !isReservedActorId(id), 'system:* ids are reserved for the bot itself')
      .optional(),
    createdAt: z.iso.datetime({ offset: true }).optional(),
    source: z.enum(NOTE_SOURCES).optional(),
    externalId: z.string().min(1).max(EXTERNAL_ID_MAX).optional(),
  })
  .strict();
const batchSchema = z.object({ notes: z.array(noteSchema).min(1).max(API_BATCH_MAX) }).strict();
/** One note, or `{notes: [...]}`: told apart by the `notes` key, so errors name the real problem. */
const parseBody = (value: unknown) =>
  typeof value === 'object' && value !== null && 'notes' in value ? batchSchema.safeParse(value) : noteSchema.safeParse(value);
type ApiNote = z.infer<typeof noteSchema>;

/** An error answered as `{error: {code, message}}`. */
class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds, sent as `Retry-After` with a 429. */
    readonly retryAfterS?: number,
  ) {
    super(message);
  }
}

const STATUS_OF: Partial<Record<NotesErrorCode, number>> = {
  BadInput: 400,
  InputTooLong: 400,
  NotPermitted: 403,
  ReservedActor: 403,
  NoteNotFound: 404,
  AlreadyDeleted: 404,
};

/**
 * The ingestion API (DESIGN.md section 6) on the shared HTTP server: `POST /api/v1/notes` and
 * `DELETE /api/v1/notes/<id>`, bearer tokens from the `tokens` command, each token rate-limited.
 * It only translates: bodies are checked here, the rules live in the core (a delete becomes an
 * approval request like a member's).
 */
export function mountIngestApi(http: HttpServer, options: IngestApiOptions): void {
  const nowMs = () => options.deps.clock.now().getTime();
  const limits: Limits = { perToken: new RateLimiter(options.requestsPerMinute, nowMs), failedLogins: new FailedLoginThrottle(nowMs), nowMs };
  const guarded = (handler: (ctx: RequestContext, req: IncomingMessage, res: ServerResponse) => Promise<void>) => async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const ctx = await authenticate(req, options, limits);
      await handler(ctx, req, res);
    } catch (error) {
      answerError(res, error, options.logger);
    }
  };
  http.mount('POST', '/api/v1/notes', guarded(async (ctx, req, res) => {
    const body = parseBody(await readJson(req, options.maxBodyBytes));
    if (!body.success) throw new ApiError(400, 'BadInput', describeIssue(body.error));
    const notes = 'notes' in body.data ? body.data.notes : [body.data];
    const ids = await storeNotes(options.deps, ctx, notes);
    sendJson(res, 201, { ids });
  }));
  http.mountPrefix('DELETE', '/api/v1/notes/', guarded(async (ctx, req, res) => {
    const noteId = decodeURIComponent((req.url ?? '').split('?')[0].slice('/api/v1/notes/'.length));
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(noteId)) throw new ApiError(404, 'NoteNotFound', `There is no note ${noteId}.`);
    const reason = new URL(req.url ?? '/', 'http://api').searchParams.get('reason');
    const outcome = await requestDelete(options.deps, ctx, noteId, reason);
    if (outcome.kind !== 'approval-requested') throw new ApiError(403, 'NotPermitted', 'API tokens can only request deletes.');
    const r = outcome.request;
    sendJson(res, 202, { approvalRequest: { id: r.id, status: r.status, noteId: r.targetId, requesterId: r.requesterId, expiresAt: r.expiresAt.toISOString() } });
  }));
}

interface Limits {
  perToken: RateLimiter;
  failedLogins: FailedLoginThrottle;
  nowMs(): number;
}

async function authenticate(req: IncomingMessage, options: IngestApiOptions, limits: Limits): Promise<RequestContext> {
  // A locked-out address is refused before its token is looked at: the answer is the same for a
  // good token, a bad one and a name that does not exist.
  const client = req.socket.remoteAddress ?? 'unknown';
  const lockedMs = limits.failedLogins.lockedFor(client);
  if (lockedMs > 0) {
    throw new ApiError(429, 'TooManyFailedLogins', `Too many invalid tokens from this address: try again in ${Math.ceil(lockedMs / 1000)} s.`, Math.ceil(lockedMs / 1000));
  }
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiError(401, 'Unauthorized', 'Send "Authorization: Bearer <token>" (an admin creates one with "tokens create <name>").');
  const actor = await authenticateToken(options.tokens, match[1]);
  if (!actor) {
    limits.failedLogins.failed(client);
    throw new ApiError(401, 'Unauthorized', 'The token is not valid: it may have been revoked.');
  }
  if (!limits.perToken.take(actor.id)) {
    const retryAfterS = Math.ceil((60_000 - (limits.nowMs() % 60_000)) / 1000);
    throw new ApiError(429, 'RateLimited', `Too many requests for this token: at most ${options.requestsPerMinute} a minute.`, retryAfterS);
  }
  return { actor, origin: options.origin };
}

/**
 * Checks every note before storing any, so a batch with one bad note stores nothing. Notes with
 * an external id are upserted (the same source + externalId again updates); others are added.
 */
async function storeNotes(deps: CoreDeps, ctx: RequestContext, notes: ApiNote[]): Promise<string[]> {
  const now = deps.clock.now();
  const checked = notes.map((note, i) => {
    try {
      checkRecordId(note.recordId);
      return { ...note, body: cleanNoteBody(note.body) };
    } catch (error) {
      if (isNotesError(error)) throw new ApiError(400, error.code, notes.length > 1 ? `notes[${i}]: ${renderErrorText(error)}` : renderErrorText(error));
      throw error;
    }
  });
  const keyed: { index: number; input: SourcedNoteInput }[] = [];
  const ids: string[] = new Array<string>(checked.length);
  checked.forEach((note, index) => {
    if (!note.externalId) return;
    keyed.push({
      index,
      input: {
        source: note.source ?? 'api',
        externalId: note.externalId,
        recordId: note.recordId,
        body: note.body,
        tags: note.tags ?? [],
        authorId: note.authorId ?? ctx.actor.id,
        createdAt: note.createdAt ? new Date(note.createdAt) : null,
      },
    });
  });
  if (keyed.length) {
    const report = await deps.notes.upsertBySource(keyed.map((k) => k.input), now);
    keyed.forEach((k, i) => (ids[k.index] = report.results[i].id));
  }
  for (const [index, note] of checked.entries()) {
    if (!note.externalId) ids[index] = await insertWithFreshId(deps, note, ctx.actor.id, now);
  }
  await deps.audit.append(
    { actorId: ctx.actor.id, platform: 'api', action: 'notes.import', targetIds: ids.slice(0, 50), details: { via: 'api', notes: ids.length, keyed: keyed.length } },
    deps.clock.now(),
  );
  return ids;
}

/** A note without an external id is simply added; short ids collide now and then, and a fresh one is the fix. */
async function insertWithFreshId(deps: CoreDeps, note: ApiNote, authorId: string, now: Date): Promise<string> {
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    const stored = { ...newNote({ id: deps.ids.noteId(), recordId: note.recordId, body: note.body, authorId: note.authorId ?? authorId, at: now }), source: note.source ?? ('api' as const) };
    if (note.tags?.length) stored.tags = [...new Set([...stored.tags, ...note.tags.map((t) => t.toLowerCase())])];
    if (note.createdAt) stored.createdAt = new Date(note.createdAt);
    if ((await deps.notes.insert(stored)) === 'inserted') return stored.id;
  }
  throw new Error('five note ids in a row were taken');
}

function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      reject(new ApiError(413, 'PayloadTooLarge', `The body is over ${limit} bytes; send at most ${API_BATCH_MAX} notes at a time.`));
      return;
    }
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      req.resume();
      reject(new ApiError(400, 'BadInput', 'Send the notes as JSON with "Content-Type: application/json".'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new ApiError(413, 'PayloadTooLarge', `The body is over ${limit} bytes; send at most ${API_BATCH_MAX} notes at a time.`));
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > limit) return;
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new ApiError(400, 'BadInput', 'The body is not valid JSON.'));
      }
    });
    req.on('error', reject);
  });
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue.code === 'too_big' && issue.path[0] === 'notes') return `At most ${API_BATCH_MAX} notes per request.`;
  const where = issue.path.length ? issue.path.join('.') : 'body';
  return `${where}: ${issue.message}. Send {recordId, body, ...} or {notes: [...]}.`;
}

function answerError(res: ServerResponse, error: unknown, logger: Logger): void {
  if (res.headersSent) return;
  if (error instanceof ApiError) {
    if (error.retryAfterS !== undefined) res.setHeader('retry-after', String(error.retryAfterS));
    sendJson(res, error.status, { error: { code: error.code, message: error.message } });
    return;
  }
  if (isNotesError(error) && STATUS_OF[error.code]) {
    // API clients read English (DEFAULT_LOCALE is for people); the code is the stable part.
    sendJson(res, STATUS_OF[error.code]!, { error: { code: error.code, message: renderErrorText(error) } });
    return;
  }
  logger.error({ err: error }, 'ingestion API request failed');
  sendJson(res, 500, { error: { code: 'Internal', message: 'Something went wrong; the details are in the log.' } });
}
