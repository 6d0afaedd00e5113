import { CrmCallFailed } from '../../src/ports/crm.js';
import { callJson } from './http.js';

export interface ZohoCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** Zoho's accounts server of the data centre (`https://accounts.zoho.com`, `.eu`, `.com.cn`...). */
  accountsUrl: string;
}

/** Renewed this long before Zoho says the token expires, so a call never starts on a dying one. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * Zoho's OAuth refresh-token grant (a "self client" refresh token never expires; access tokens
 * last an hour). One refresh at a time: concurrent callers wait for the same one.
 */
export class ZohoTokens {
  private token: { value: string; expiresAt: number } | null = null;
  private refreshing: Promise<string> | null = null;

  constructor(
    private readonly credentials: ZohoCredentials,
    private readonly now: () => number = Date.now,
  ) {}

  /** A token that is valid now, refreshed first when it is missing or about to expire. */
  async current(): Promise<string> {
    if (this.token && this.token.expiresAt - EXPIRY_MARGIN_MS > this.now()) return this.token.value;
    return this.refresh();
  }

  /** Drops the token (Zoho said 401 INVALID_TOKEN) and fetches a new one. */
  async renew(): Promise<string> {
    this.token = null;
    return this.refresh();
  }

  private refresh(): Promise<string> {
    this.refreshing ??= this.grant().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async grant(): Promise<string> {
    const { clientId, clientSecret, refreshToken, accountsUrl } = this.credentials;
    const params = new URLSearchParams({ grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret, refresh_token: refreshToken });
    const response = await callJson('zoho', `${accountsUrl.replace(/\/$/, '')}/oauth/v2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: params.toString(),
    });
    const body = (response.body ?? {}) as { access_token?: string; expires_in?: number; error?: string };
    // Zoho answers a refused grant with 200 and an `error` field (e.g. `invalid_code`).
    if (!body.access_token) {
      const vendor = body.error ? { vendorCode: String(body.error) } : {};
      throw new CrmCallFailed({ code: 'authRefused', crm: 'zoho', status: response.status, setting: 'ZOHO_REFRESH_TOKEN / ZOHO_CLIENT_ID', ...vendor }, false);
    }
    const lifetimeMs = (typeof body.expires_in === 'number' ? body.expires_in : 3600) * 1000;
    this.token = { value: body.access_token, expiresAt: this.now() + lifetimeMs };
    return body.access_token;
  }
}
