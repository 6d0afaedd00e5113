import { verifyChain, type AuditEntry } from '../domain/audit.js';
import type { CoreDeps } from './context.js';
import type { Outcome } from './outcomes.js';

export type AuditRequest =
  | { kind: 'recent' }
  | { kind: 'note'; noteId: string }
  | { kind: 'actor'; actorId: string }
  | { kind: 'since'; since: Date }
  | { kind: 'verify' };

const LIMIT = 20;

/**
 * Answers "who deleted note X, who approved it, what did it say": the note's own entries plus
 * those of the plans and approval requests that touched it.
 */
export async function queryAudit(deps: CoreDeps, request: AuditRequest): Promise<Outcome> {
  switch (request.kind) {
    case 'verify':
      return { kind: 'audit-verified', verdict: await verifyChain(deps.audit.streamAll()) };
    case 'recent':
      return entries(request, await deps.audit.query({ limit: LIMIT }));
    case 'actor':
      return entries(request, await deps.audit.query({ actorId: request.actorId, limit: LIMIT }));
    case 'since':
      return entries(request, await deps.audit.query({ since: request.since, limit: 200 }));
    case 'note': {
      const direct = await deps.audit.query({ targetIds: [request.noteId], limit: 200 });
      const related = new Set<string>();
      for (const entry of direct) {
        for (const key of ['planId', 'approvalId'] as const) {
          const value = entry.details[key];
          if (typeof value === 'string') related.add(value);
        }
        if (entry.action === 'approval.request') related.add(entry.targetIds[0]);
      }
      const indirect = related.size ? await deps.audit.query({ targetIds: [...related], limit: 200 }) : [];
      const bySeq = new Map<number, AuditEntry>();
      for (const entry of [...direct, ...indirect]) bySeq.set(entry.seq, entry);
      const timeline = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
      const note = await deps.notes.findById(request.noteId);
      return { kind: 'audit-entries', query: request, entries: timeline, notes: note ? [note] : [] };
    }
  }
}

export type AuditListing = Exclude<AuditRequest, { kind: 'verify' }>;

function entries(query: AuditListing, list: AuditEntry[]): Outcome {
  return { kind: 'audit-entries', query, entries: list, notes: [] };
}
