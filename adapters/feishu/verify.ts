import { createHash, timingSafeEqual } from 'node:crypto';
import { AESCipher } from '@larksuiteoapi/node-sdk';

/**
 * Is this request from Feishu? Checked on the raw body, before anything acts:
 * - with FEISHU_ENCRYPT_KEY, the body must be `{"encrypt": ...}`, carry Feishu's signature
 *   `X-Lark-Signature = sha256(timestamp + nonce + encryptKey + rawBody)` and decrypt (AES-256-CBC,
 *   key sha256(encryptKey), the SDK's AESCipher) to JSON;
 * - in every case the verification token inside (`header.token` for events and card callbacks
 *   of schema 2.0, `token` for the URL challenge) must match FEISHU_VERIFICATION_TOKEN.
 * Anything else is refused, and the caller answers 401 having changed nothing.
 *
 * The SDK's own check (`EventDispatcher.invoke`) signs `JSON.stringify` of the parsed body, which
 * only equals the bytes Feishu signed when the body has no spaces, and skips the token when no
 * encrypt key is set; so the check is done here and the SDK dispatches with `needCheck: false`.
 */
export interface VerifierSettings {
  verificationToken?: string;
  encryptKey?: string;
}

export type Verified = { ok: true; body: Record<string, unknown> } | { ok: false; reason: string };

export function verifyRequest(rawBody: string, headers: Record<string, string | string[] | undefined>, settings: VerifierSettings): Verified {
  const parsed = parseObject(rawBody);
  if (!parsed) return { ok: false, reason: 'body is not a JSON object' };
  let body = parsed;
  if (settings.encryptKey) {
    if (typeof parsed.encrypt !== 'string') return { ok: false, reason: 'body is not encrypted' };
    const timestamp = header(headers, 'x-lark-request-timestamp');
    const nonce = header(headers, 'x-lark-request-nonce');
    const signature = header(headers, 'x-lark-signature');
    if (!timestamp || !nonce || !signature) return { ok: false, reason: 'signature headers missing' };
    const expected = createHash('sha256').update(timestamp + nonce + settings.encryptKey + rawBody).digest('hex');
    if (!sameText(expected, signature)) return { ok: false, reason: 'signature does not match' };
    const decrypted = decrypt(parsed.encrypt, settings.encryptKey);
    if (!decrypted) return { ok: false, reason: 'body does not decrypt with FEISHU_ENCRYPT_KEY' };
    body = decrypted;
  } else if ('encrypt' in parsed) {
    return { ok: false, reason: 'body is encrypted but FEISHU_ENCRYPT_KEY is not set' };
  }
  if (settings.verificationToken !== undefined && !sameText(tokenOf(body), settings.verificationToken)) {
    return { ok: false, reason: 'verification token does not match' };
  }
  return { ok: true, body };
}

/** A URL-verification request's challenge, to echo back; null for any other body. */
export function challengeOf(body: Record<string, unknown>): string | null {
  return body.type === 'url_verification' && typeof body.challenge === 'string' ? body.challenge : null;
}

function tokenOf(body: Record<string, unknown>): string {
  const head = body.header;
  if (head && typeof head === 'object' && typeof (head as { token?: unknown }).token === 'string') return (head as { token: string }).token;
  return typeof body.token === 'string' ? body.token : '';
}

function decrypt(encrypted: string, key: string): Record<string, unknown> | null {
  try {
    return parseObject(new AESCipher(key).decrypt(encrypted));
  } catch {
    return null;
  }
}

function parseObject(raw: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Constant-time comparison, so the time to refuse says nothing about how much matched. */
function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
