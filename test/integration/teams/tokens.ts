import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';

/**
 * A signing key of the test's own, published as JWKS by the fake connector, so botbuilder's real
 * token validation (issuer, audience, signature, expiry, service URL claim, endorsements) runs
 * against tokens the test mints.
 */
export class TestSigningKey {
  private readonly privateKey: KeyObject;
  readonly jwk: Record<string, unknown>;

  constructor(readonly kid: string) {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    const { n, e } = pair.publicKey.export({ format: 'jwk' });
    this.jwk = { kty: 'RSA', use: 'sig', kid, n, e, endorsements: ['msteams'] };
  }

  /** An RS256 JWT with the claims the Bot Framework channel puts in its tokens, plus overrides. */
  sign(claims: Record<string, unknown>): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: this.kid };
    const payload = { iss: 'https://api.botframework.com', nbf: now - 60, iat: now - 60, exp: now + 3600, ...claims };
    const unsigned = `${base64url(header)}.${base64url(payload)}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(this.privateKey).toString('base64url');
    return `${unsigned}.${signature}`;
  }
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
