import { CrmCallFailed, CrmRateLimited, type CrmSource } from '../../src/ports/crm.js';

/** Waited when a 429 names no `Retry-After`: HubSpot's ten-second window, Zoho's per-minute one. */
export const DEFAULT_RETRY_AFTER_MS = 10_000;

/**
 * `Retry-After` is either seconds or an HTTP date (RFC 9110 10.2.3). Anything unreadable falls
 * back to the default rather than to zero, which would hammer a CRM that asked for quiet.
 */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number {
  if (!header) return DEFAULT_RETRY_AFTER_MS;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, at - now);
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null for an empty body (Zoho answers 204 when nothing changed). */
  body: unknown;
}

/**
 * One HTTP call that speaks JSON. 429 becomes `CrmRateLimited`; a network fault or a 5xx becomes
 * a retryable `CrmCallFailed`; other statuses come back for the connector to read, since CRMs put
 * per-record verdicts in 4xx bodies.
 */
export async function callJson(source: CrmSource, url: string, init: RequestInit): Promise<JsonResponse> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: init.signal ?? AbortSignal.timeout(30_000) });
  } catch (error) {
    // fetch says only "fetch failed": the reason is the cause's code (ECONNREFUSED, ENOTFOUND...).
    throw new CrmCallFailed({ code: 'unreachable', crm: source, detail: networkFault(error) }, true);
  }
  if (response.status === 429) {
    await response.body?.cancel();
    throw new CrmRateLimited(source, retryAfterMs(response.headers.get('retry-after')));
  }
  const text = await response.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = { raw: text.slice(0, 200) };
    }
  }
  if (response.status >= 500) {
    throw new CrmCallFailed({ code: 'serverError', crm: source, status: response.status }, true);
  }
  return { status: response.status, headers: response.headers, body };
}

/** A network fault's short name: the system error code, or the error's class (`TimeoutError`). */
export function networkFault(error: unknown): string {
  const e = error as { cause?: { code?: unknown }; code?: unknown; name?: unknown } | null;
  const name = e?.cause?.code ?? e?.code ?? e?.name ?? 'Error';
  return String(name).slice(0, 60);
}

/** Splits `items` into runs of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
