import type { HttpInstance } from '@larksuiteoapi/node-sdk';

/**
 * The SDK's HTTP layer on Node's fetch, with a timeout. The SDK's default is a shared axios
 * instance with none, so an unreachable open platform would hang a reply (and start-up) for
 * minutes. Like the SDK's default it resolves to the response body and rejects an HTTP error. With
 * `rejectFeishuErrors` a body Feishu marks as an error (`code` other than 0) is rejected too, with
 * its code and message; the WSClient wants those bodies back, to tell a retryable code from a
 * refusal.
 */
export class FeishuApiError extends Error {
  override name = 'FeishuApiError';
  constructor(
    readonly code: number | string,
    message: string,
  ) {
    super(message);
  }
}

type Options = { url?: string; method?: string; headers?: Record<string, unknown>; params?: Record<string, unknown>; data?: unknown; timeout?: number };

export function fetchHttpInstance(timeoutMs: number, options: { rejectFeishuErrors?: boolean } = {}): HttpInstance {
  const rejectFeishuErrors = options.rejectFeishuErrors ?? true;
  const request = async (opts: Options): Promise<unknown> => {
    const url = new URL(opts.url ?? '');
    for (const [key, value] of Object.entries(opts.params ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const method = (opts.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(opts.headers ?? {})) if (value !== undefined) headers[key] = String(value);
    const hasBody = opts.data !== undefined && method !== 'GET' && method !== 'HEAD';
    if (hasBody) headers['content-type'] = 'application/json; charset=utf-8';
    const res = await fetch(url, {
      method,
      headers,
      ...(hasBody ? { body: JSON.stringify(opts.data) } : {}),
      signal: AbortSignal.timeout(opts.timeout ?? timeoutMs),
    });
    const raw = await res.text();
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      // Not JSON: an error page from a proxy, kept as text for the message below.
    }
    const code = body && typeof body === 'object' ? (body as { code?: unknown }).code : undefined;
    if (!res.ok || (rejectFeishuErrors && code !== undefined && code !== 0)) {
      const msg = body && typeof body === 'object' ? String((body as { msg?: unknown }).msg ?? '') : String(body).slice(0, 200);
      throw new FeishuApiError(typeof code === 'number' ? code : res.status, `${method} ${url.pathname} answered ${res.status}${code !== undefined ? ` code ${String(code)}` : ''}: ${msg}`);
    }
    return body;
  };
  const withBody = (method: string) => (url: string, data?: unknown, opts: Options = {}) => request({ ...opts, url, method, data });
  const withoutBody = (method: string) => (url: string, opts: Options = {}) => request({ ...opts, url, method });
  return {
    request,
    get: withoutBody('GET'),
    delete: withoutBody('DELETE'),
    head: withoutBody('HEAD'),
    options: withoutBody('OPTIONS'),
    post: withBody('POST'),
    put: withBody('PUT'),
    patch: withBody('PATCH'),
  } as HttpInstance;
}
