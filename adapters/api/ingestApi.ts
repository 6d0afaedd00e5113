import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { isReservedActorId } from '../../src/domain/actor.js';
import { isNotesError, type NotesErrorCode } from '../../src/domain/errors.js';
import { NOTE_SOURCES } from '../../src/domain/note.js';
import { EXTERNAL_ID_MAX } from '../../src/domain/sourcedNote.js';
import type { Origin } from '../../src/domain/approval.js';
import type { Clock, Logger } from '../../src/ports/system.js';
import type { ApiTokenStore } from '../../src/ports/tokens.js';
import type { RequestContext } from '../../src/usecases/context.js';
import type { Dispatcher } from '../../src/usecases/dispatch.js';
import { IngestRefused, type IngestNote } from '../../src/usecases/ingest.js';
import { authenticateToken } from '../../src/usecases/tokens.js';
import { sendJson, type HttpServer } from '../http/server.js';
import { FailedLoginThrottle, RateLimiter } from './rateLimiter.js';
import { renderErrorText } from '../chat/words.js';

/** Notes per POST (DESIGN.md section 6). */
export const API_BATCH_MAX = 1000;

/** The API's own settings, picked from the config by the root (root/api.ts). */
export interface IngestApiSettings {
  /** Where approval requests filed through the API are announced (APPROVAL_CHANNEL's platform). */
  origin: Origin;
  maxBodyBytes: number;
  requestsPerMinute: number;
}

/** What the API receives from the root: the core's one entry point, never its storage. */
export interface IngestApiContext {
  dispatcher: Pick<Dispatcher, 'execute' | 'ingest'>;
  clock: Clock;
  logger: Logger;
  /** Where presented bearer tokens are looked up (the `tokens` command writes them). */
  tokens: ApiTokenStore;
  settings: IngestApiSettings;
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
/** A checked body as the core takes it: the timestamp as a date. */
const toIngestNote = ({ createdAt, ...note }: ApiNote): IngestNote => ({ ...note, ...(createdAt ? { createdAt: new Date(createdAt) } : {}) });

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
 * It only translates: bodies are checked here, the rules live in the core, reached through the
 * dispatcher like any front end (a token acts as a member, so a delete becomes an approval request).
 */
export function mountIngestApi(http: HttpServer, api: IngestApiContext): void {
  const { dispatcher, settings } = api;
  const nowMs = () => api.clock.now().getTime();
  const limits: Limits = { perToken: new RateLimiter(settings.requestsPerMinute, nowMs), failedLogins: new FailedLoginThrottle(nowMs), nowMs };
  const guarded = (handler: (ctx: RequestContext, req: IncomingMessage, res: ServerResponse) => Promise<void>) => async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const ctx = await authenticate(req, api, limits);
      await handler(ctx, req, res);
    } catch (error) {
      answerError(res, error, api.logger);
    }
  };
  http.mount('POST', '/api/v1/notes', guarded(async (ctx, req, res) => {
    const body = parseBody(await readJson(req, settings.maxBodyBytes));
    if (!body.success) throw new ApiError(400, 'BadInput', describeIssue(body.error));
    const notes = 'notes' in body.data ? body.data.notes : [body.data];
    try {
      sendJson(res, 201, { ids: await dispatcher.ingest(ctx, notes.map(toIngestNote)) });
    } catch (error) {
      // A note of the batch broke an input rule: named by its place when there are several.
      if (!(error instanceof IngestRefused)) throw error;
      const text = renderErrorText(error.error);
      throw new ApiError(400, error.error.code, notes.length > 1 ? `notes[${error.index}]: ${text}` : text);
    }
  }));
  http.mountPrefix('DELETE', '/api/v1/notes/', guarded(async (ctx, req, res) => {
    const noteId = decodeURIComponent((req.url ?? '').split('?')[0].slice('/api/v1/notes/'.length));
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(noteId)) throw new ApiError(404, 'NoteNotFound', `There is no note ${noteId}.`);
    const reason = new URL(req.url ?? '/', 'http://api').searchParams.get('reason');
    const outcome = await dispatcher.execute(ctx, { name: 'delete', noteId, reason });
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

async function authenticate(req: IncomingMessage, api: IngestApiContext, limits: Limits): Promise<RequestContext> {
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
  const actor = await authenticateToken(api.tokens, match[1]);
  if (!actor) {
    limits.failedLogins.failed(client);
    throw new ApiError(401, 'Unauthorized', 'The token is not valid: it may have been revoked.');
  }
  if (!limits.perToken.take(actor.id)) {
    const retryAfterS = Math.ceil((60_000 - (limits.nowMs() % 60_000)) / 1000);
    throw new ApiError(429, 'RateLimited', `Too many requests for this token: at most ${api.settings.requestsPerMinute} a minute.`, retryAfterS);
  }
  return { actor, origin: api.settings.origin };
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
