import type { Note, NoteSource } from '../../src/domain/note.js';
import { emptyUpsertReport, holdsKey, sourceKey, sourcedChange, tally, type SourcedNoteInput, type UpsertReport } from '../../src/domain/sourcedNote.js';
import type { CrmNoteLinks, CrmSource, CrmSyncReport, CrmSyncState, PullCursor } from '../../src/ports/crm.js';
import type { CrmOutbox, OutboxEntry, OutboxSettlement } from '../../src/ports/crmOutbox.js';
import { InMemoryNotes } from './memory.js';

/**
 * In-memory twins of the CRM ports (src/ports/crm.ts, src/ports/crmOutbox.ts), held to the same
 * contract suites as adapters/crm (test/contract/crm.test.ts).
 */
const copy = <T>(value: T): T => structuredClone(value);

export class InMemoryCrmOutbox implements CrmOutbox {
  readonly byId = new Map<string, OutboxEntry>();
  /** Claimed steps (`send:<id>:<n>`, `reconcile:<batch>:<n>`): each can be claimed once, as in the claim ledger. */
  private readonly claimed = new Set<string>();

  async enqueue(entries: readonly OutboxEntry[]) {
    for (const entry of entries) if (!this.byId.has(entry._id)) this.byId.set(entry._id, copy(entry));
  }
  async due(source: CrmSource, now: Date, limit: number) {
    return [...this.byId.values()]
      .filter((e) => e.source === source && e.state === 'pending')
      .sort((a, b) => a.eventAt.getTime() - b.eventAt.getTime())
      .slice(0, limit)
      .filter((e) => e.nextAttemptAt <= now)
      .map(copy);
  }
  async claimSend(entry: OutboxEntry, batch: string, at: Date) {
    const send = entry.sends + 1;
    if (!this.claim(`send:${entry._id}:${send}`)) return null;
    const stored = this.byId.get(entry._id)!;
    Object.assign(stored, { state: 'sending', attempts: entry.attempts + 1, sends: send, sendingSince: at, batch });
    return { ...copy(entry), state: 'sending' as const, attempts: entry.attempts + 1, sends: send, sendingSince: at, batch };
  }
  async sending(source: CrmSource) {
    return [...this.byId.values()].filter((e) => e.source === source && e.state === 'sending').map(copy);
  }
  async claimReconcile(batch: string, sends: number) {
    return this.claim(`reconcile:${batch}:${sends}`);
  }
  async settle(entry: OutboxEntry, settlement: OutboxSettlement, at: Date) {
    const stored = this.byId.get(entry._id);
    if (!stored || stored.state !== 'sending' || stored.sends !== entry.sends) return false;
    stored.state = settlement.state;
    stored.sendingSince = null;
    if (settlement.state === 'done') Object.assign(stored, { doneAt: at, lastError: null, ...(settlement.newExternalId ? { newExternalId: settlement.newExternalId } : {}) });
    if (settlement.state === 'cancelled') stored.doneAt = at;
    if (settlement.state === 'failed') stored.lastError = settlement.lastError;
    if (settlement.state === 'pending') Object.assign(stored, { nextAttemptAt: settlement.nextAttemptAt, attempts: settlement.attempts, lastError: settlement.lastError });
    return true;
  }
  async counts(source: CrmSource) {
    const count = (state: OutboxEntry['state']) => [...this.byId.values()].filter((e) => e.source === source && e.state === state).length;
    return { pending: count('pending'), sending: count('sending'), failed: count('failed') };
  }
  async failures(source: CrmSource, limit: number) {
    return [...this.byId.values()]
      .filter((e) => e.source === source && e.state === 'failed')
      .sort((a, b) => b.eventAt.getTime() - a.eventAt.getTime())
      .slice(0, limit)
      .map(copy);
  }
  private claim(key: string): boolean {
    if (this.claimed.has(key)) return false;
    this.claimed.add(key);
    return true;
  }
}

/**
 * Notes whose CRM id can move (a re-created HubSpot note): the key of a new id names its note, as
 * `note_keys` does on Mongo, and upserts and lookups of that key find it there. Every other key
 * goes through InMemoryNotes' own lookup.
 */
export class InMemoryCrmNotes extends InMemoryNotes {
  /** `<source>:<externalId>` -> note id, for ids given by `relink`. */
  readonly movedKeys = new Map<string, string>();

  override async upsertBySource(inputs: readonly SourcedNoteInput[], at: Date): Promise<UpsertReport> {
    const report = emptyUpsertReport();
    for (const [index, input] of inputs.entries()) {
      const moved = this.movedNote(input.source, input.externalId);
      if (moved) {
        const change = sourcedChange(moved, input, at);
        if (change.status === 'updated') Object.assign(moved, copy(change.fields));
        tally(report, index, moved.id, change.status);
        continue;
      }
      const [one] = (await super.upsertBySource([input], at)).results;
      tally(report, index, one.id, one.status);
    }
    return report;
  }

  override async findBySource(source: NoteSource, externalId: string): Promise<Note | null> {
    const moved = this.movedNote(source, externalId);
    return moved ? copy(moved) : super.findBySource(source, externalId);
  }

  private movedNote(source: NoteSource, externalId: string): Note | null {
    const id = this.movedKeys.get(sourceKey(source, externalId));
    const note = id ? this.byId.get(id) : undefined;
    return note && holdsKey(note, { source, externalId }) ? note : null;
  }
}

export class InMemoryCrmNoteLinks implements CrmNoteLinks {
  constructor(private readonly notes: InMemoryCrmNotes) {}

  async relink(noteId: string, source: CrmSource, externalId: string) {
    const note = this.notes.byId.get(noteId);
    if (!note) return false;
    if (note.externalId !== externalId) {
      note.previousExternalIds = [...(note.previousExternalIds ?? []), ...(note.externalId ? [note.externalId] : [])];
      Object.assign(note, { source, externalId });
    }
    // A copy a pull made of the re-created note before this relink lets go of the id (as on Mongo).
    for (const other of this.notes.byId.values()) {
      if (other.id === noteId || other.source !== source || other.externalId !== externalId) continue;
      delete other.externalId;
      other.previousExternalIds = [...(other.previousExternalIds ?? []), externalId];
    }
    this.notes.movedKeys.set(sourceKey(source, externalId), noteId);
    return true;
  }
}

/** Each connector's pull state, by source; peers (other processes) share the instance, as they share a database. */
export class InMemoryCrmSyncState implements CrmSyncState {
  private readonly cursors = new Map<CrmSource, PullCursor>();
  private readonly runs = new Map<CrmSource, { at: Date; result: Omit<CrmSyncReport, 'source'> }>();

  async cursor(source: CrmSource): Promise<PullCursor | null> {
    const cursor = this.cursors.get(source);
    return cursor ? copy(cursor) : null;
  }

  async saveCursor(source: CrmSource, cursor: PullCursor): Promise<void> {
    this.cursors.set(source, { since: cursor.since, page: cursor.page });
  }

  async finish(source: CrmSource, at: Date, result: Omit<CrmSyncReport, 'source'>): Promise<void> {
    this.runs.set(source, { at, result: copy(result) });
  }

  async lastSync(source: CrmSource) {
    const run = this.runs.get(source);
    if (!run) return null;
    const { ok, pulled, added, updated, problem } = run.result;
    return { at: run.at, result: { ok, pulled, added, updated, ...(problem ? { problem } : {}) } };
  }
}
