import { createHash } from 'node:crypto';
import type { ActorId, Platform } from './actor.js';

export type AuditAction =
  | 'note.add'
  | 'note.delete'
  | 'note.restore'
  | 'plan.create'
  | 'plan.confirm'
  | 'plan.cancel'
  | 'plan.execute'
  | 'plan.undo'
  | 'job.cancel'
  | 'approval.request'
  | 'approval.approve'
  | 'approval.reject'
  | 'approval.expire'
  | 'role.grant'
  | 'role.revoke'
  | 'backup.create'
  | 'backup.verify'
  | 'backup.restore'
  | 'note.purge'
  | 'crm.sync'
  /** A batch the outbox sent to a CRM (delete, restore or re-create) and what came of it. */
  | 'crm.send'
  /** Outbox entries that will not be sent again: refused, or out of attempts. */
  | 'crm.giveUp'
  | 'notes.import'
  | 'token.create'
  | 'token.revoke'
  | 'channel.lang';

/** What a caller records; the log adds sequence, time and the hash chain. */
export interface AuditInput {
  actorId: ActorId;
  platform: Platform;
  action: AuditAction;
  targetIds: string[];
  details: Record<string, unknown>;
  tenantId?: string;
}

export interface AuditEntry extends AuditInput {
  seq: number;
  at: Date;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/**
 * The hash that chains an entry to its predecessor. Canonical JSON (sorted keys) so the same
 * entry always hashes the same whichever store it was read back from.
 */
export function auditHash(entry: Omit<AuditEntry, 'hash'>): string {
  const content = canonicalJson({
    seq: entry.seq,
    at: entry.at.toISOString(),
    actorId: entry.actorId,
    platform: entry.platform,
    action: entry.action,
    targetIds: entry.targetIds,
    details: entry.details,
    tenantId: entry.tenantId ?? null,
    prevHash: entry.prevHash,
  });
  return createHash('sha256').update(content).digest('hex');
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  // Not `instanceof`: Dates from another realm (structuredClone under jest's VM, some drivers)
  // would otherwise hash as {} and two different times would hash alike.
  if (Object.prototype.toString.call(value) === '[object Date]') return (value as Date).toISOString();
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  /** First entry whose hash or link does not match, when not ok. */
  brokenAt?: number;
  problem?: ChainProblem;
}

/** What breaks the chain at `brokenAt`, as data: the chat layer words it (`audit.problem.<code>`). */
export type ChainProblem = { code: 'sequenceJump'; from: number; to: number } | { code: 'linkMismatch' } | { code: 'hashMismatch' };

/** Walks entries in sequence order and checks every hash and every link. */
export async function verifyChain(
  entries: AsyncIterable<AuditEntry> | Iterable<AuditEntry>,
  previous = { seq: 0, hash: GENESIS_HASH },
): Promise<ChainVerdict> {
  let checked = 0;
  let last = previous;
  for await (const entry of entries) {
    if (entry.seq !== last.seq + 1) {
      return { ok: false, checked, brokenAt: entry.seq, problem: { code: 'sequenceJump', from: last.seq, to: entry.seq } };
    }
    if (entry.prevHash !== last.hash) {
      return { ok: false, checked, brokenAt: entry.seq, problem: { code: 'linkMismatch' } };
    }
    if (auditHash(entry) !== entry.hash) {
      return { ok: false, checked, brokenAt: entry.seq, problem: { code: 'hashMismatch' } };
    }
    checked += 1;
    last = { seq: entry.seq, hash: entry.hash };
  }
  return { ok: true, checked };
}
