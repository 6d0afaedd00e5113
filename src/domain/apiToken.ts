import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ActorId } from './actor.js';

/**
 * Bearer tokens of the ingestion API. A token is `ntk_<name>_<secret>`: the name says which
 * stored token to check (one lookup by key), the secret is 32 random bytes. Only the sha256 of
 * the whole token is stored, so the database never holds a usable token; it is shown once.
 */
export const TOKEN_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;
const TOKEN = /^ntk_([a-z0-9][a-z0-9-]{0,31})_([A-Za-z0-9_-]{43})$/;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export function newToken(name: string): { token: string; hash: string } {
  const token = `ntk_${name}_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token) };
}

/** The name a presented token claims to be, or null when it is not shaped like a token at all. */
export function tokenName(token: string): string | null {
  return TOKEN.exec(token)?.[1] ?? null;
}

/** Constant-time comparison of a presented token with a stored hash. */
export function tokenMatches(token: string, storedHash: string): boolean {
  const presented = Buffer.from(hashToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/**
 * Who a token acts as: `api:<name>`, in the audit log and on approval requests. A token always
 * acts with the member role (see `roleOf`): it may add notes and request deletes, which become
 * approval requests; it can never approve, delete outright or be made an admin.
 */
export const tokenActorId = (name: string): ActorId => `api:${name}`;
export const isTokenActor = (id: ActorId): boolean => id.startsWith('api:');
