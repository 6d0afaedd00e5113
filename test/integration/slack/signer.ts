import { createHmac } from 'node:crypto';

/**
 * Requests signed exactly as Slack signs them: `X-Slack-Signature: v0=<hex HMAC-SHA256 of
 * "v0:{timestamp}:{raw body}">` with the app's signing secret, and `X-Slack-Request-Timestamp`
 * in seconds. Overrides let the security tests forge, replay and corrupt.
 */
export interface SignOptions {
  secret: string;
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  /** Replaces the computed signature (forgeries). */
  signature?: string;
  /** Leave the signature headers off entirely. */
  unsigned?: boolean;
  retryNum?: number;
  contentType?: string;
}

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function signedHeaders(body: string, options: SignOptions): Record<string, string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/x-www-form-urlencoded' };
  if (!options.unsigned) {
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] = options.signature ?? slackSignature(options.secret, timestamp, body);
  }
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  return headers;
}

/** The form body of a slash command, with the fields Slack sends. */
export function slashCommandForm(fields: { userId: string; channelId: string; text: string; responseUrl: string; triggerId: string }): string {
  return new URLSearchParams({
    token: 'verification-token-unused',
    team_id: 'T0TEAM',
    team_domain: 'acme',
    channel_id: fields.channelId,
    channel_name: 'sales',
    user_id: fields.userId,
    user_name: fields.userId.toLowerCase(),
    command: '/notes',
    text: fields.text,
    api_app_id: 'A0NOTES',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId,
  }).toString();
}

/** Interactivity: the JSON payload in a `payload=` form field. */
export function interactionForm(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
