import { randomBytes, randomInt } from 'node:crypto';
import type { Clock, IdGenerator } from './ports/system.js';

export const systemClock: Clock = { now: () => new Date() };

/** No 0/o, 1/l/i: ids are read off a screen and typed back. */
const TYPEABLE = '23456789abcdefghjkmnpqrstuvwxyz';

function typeable(length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += TYPEABLE[randomInt(TYPEABLE.length)];
  return out;
}

/**
 * Prefixes tell what an id names (`n-` note, `p-` plan, `r-` approval request, `j-` job), so `undo n-...`
 * gets a precise error instead of a confusing "not found".
 */
export const randomIds: IdGenerator = {
  noteId: () => `n-${typeable(6)}`,
  planId: () => `p-${typeable(6)}`,
  approvalId: () => `r-${typeable(6)}`,
  jobId: () => `j-${typeable(6)}`,
  confirmationId: () => `c-${randomBytes(12).toString('base64url')}`,
  effectId: () => `e-${randomBytes(12).toString('base64url')}`,
};
