import { matchesQuery, type NoteQuery } from '../../../src/domain/filter.js';
import type { Note, NoteSource } from '../../../src/domain/note.js';
import { inChangeOrder, type NoteEffect, type PendingNoteEffects } from '../../../src/domain/noteEffect.js';
import { emptyUpsertReport, holdsKey, sourceKey, sourcedChange, sourcedNote, sourcedNoteId, tally, type SourcedNoteInput } from '../../../src/domain/sourcedNote.js';
import type { NotePurger, NoteRestorer } from '../../../src/ports/backups.js';
import type { DeletionMark, ListKey, NoteInsertResult, NoteRepository, Page } from '../../../src/ports/notes.js';
import { copy, deletionFields, restoredFields } from './shared.js';

/** Notes and what restores and purges them: the twins of src/ports/notes.ts and the backup ports. */

const listKeyOf = (note: Note, query: NoteQuery): ListKey => ({
  at: query.state === 'deleted' ? note.deletedAt! : note.createdAt,
  id: note.id,
});

/** Ascending key order; lists run it backwards (newest first). Ids compare by code unit, as Mongo's do. */
function compareListKeys(a: ListKey, b: ListKey): number {
  return a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export class InMemoryNotes implements NoteRepository {
  readonly byId = new Map<string, Note>();
  /** Pending effects per note id, by key: kept beside the notes, which the domain sees without them. */
  readonly effects = new Map<string, Map<string, NoteEffect>>();
  /** Notes the trash purge is removing, with the purge's key: no restore may bring them back. */
  readonly purging = new Map<string, string>();

  /** Soft-deleted and not being purged: what every restore path may bring back. */
  restorable(note: Note | undefined): note is Note {
    return Boolean(note?.deletedAt) && !this.purging.has(note!.id);
  }

  addEffect(noteId: string, effect: NoteEffect | undefined) {
    if (!effect) return;
    const held = this.effects.get(noteId) ?? new Map<string, NoteEffect>();
    held.set(effect.key, copy(effect));
    this.effects.set(noteId, held);
  }

  async insert(note: Note): Promise<NoteInsertResult> {
    if (this.byId.has(note.id)) return 'id-taken';
    this.byId.set(note.id, copy(note));
    return 'inserted';
  }
  async findById(id: string) {
    const note = this.byId.get(id);
    return note ? copy(note) : null;
  }
  async findByIds(ids: readonly string[]) {
    return ids.flatMap((id) => (this.byId.has(id) ? [copy(this.byId.get(id)!)] : []));
  }
  private ordered(query: NoteQuery): Note[] {
    const matched = [...this.byId.values()].filter((n) => matchesQuery(n, query));
    return matched.sort((a, b) => -compareListKeys(listKeyOf(a, query), listKeyOf(b, query)));
  }
  async list(query: NoteQuery, page: Page) {
    let notes = this.ordered(query);
    const { after, before } = page;
    if (after) notes = notes.filter((n) => compareListKeys(listKeyOf(n, query), after) < 0);
    else if (before) {
      notes = notes.filter((n) => compareListKeys(listKeyOf(n, query), before) > 0);
      notes = notes.slice(Math.max(0, notes.length - page.limit));
    }
    const offset = page.offset ?? 0;
    return notes.slice(offset, offset + page.limit).map(copy);
  }
  async count(query: NoteQuery) {
    return this.ordered(query).length;
  }
  async matchIds(query: NoteQuery, limit: number) {
    return this.ordered(query).slice(0, limit).map((n) => n.id);
  }
  async softDelete(id: string, mark: DeletionMark, effect?: NoteEffect) {
    const note = this.byId.get(id);
    if (!note || note.deletedAt) return null;
    Object.assign(note, deletionFields(mark));
    this.addEffect(id, effect);
    return copy(note);
  }
  async softDeleteMany(ids: readonly string[], unchangedSince: Date, mark: DeletionMark & { planId: string }) {
    let marked = 0;
    for (const id of new Set(ids)) {
      const note = this.byId.get(id);
      if (note && !note.deletedAt && note.updatedAt <= unchangedSince) {
        Object.assign(note, deletionFields(mark));
        marked += 1;
      }
    }
    return marked;
  }
  async idsDeletedByPlan(ids: readonly string[], planId: string) {
    return [...new Set(ids)].filter((id) => {
      const note = this.byId.get(id);
      return note?.deletedAt && note.deletionPlanId === planId;
    });
  }
  async restore(id: string, now: Date, effect?: NoteEffect) {
    const note = this.byId.get(id);
    if (!this.restorable(note)) return null;
    Object.assign(note, restoredFields(now));
    this.addEffect(id, effect);
    return copy(note);
  }
  async pendingEffects(afterId: string | null, limit: number): Promise<PendingNoteEffects[]> {
    const ids = [...this.effects.keys()].filter((id) => this.byId.has(id) && (afterId === null || id > afterId)).sort();
    return ids.slice(0, Math.max(0, limit)).map((id) => ({ note: copy(this.byId.get(id)!), effects: inChangeOrder([...this.effects.get(id)!.values()]).map(copy) }));
  }
  async settleEffect(noteId: string, key: string) {
    const held = this.effects.get(noteId);
    held?.delete(key);
    if (held?.size === 0) this.effects.delete(noteId);
  }
  async restoreByPlan(ids: readonly string[], planId: string, stamp: Date) {
    const unique = [...new Set(ids)];
    for (const id of unique) {
      const note = this.byId.get(id);
      if (this.restorable(note) && note.deletionPlanId === planId) Object.assign(note, restoredFields(stamp));
    }
    return unique.filter((id) => this.byId.get(id)?.updatedAt.getTime() === stamp.getTime());
  }
  async upsertBySource(inputs: readonly SourcedNoteInput[], at: Date) {
    const report = emptyUpsertReport();
    inputs.forEach((input, index) => {
      const found = this.sourced(input.source, input.externalId);
      if (found.note) {
        const change = sourcedChange(found.note, input, at);
        if (change.status === 'updated') Object.assign(found.note, copy(change.fields));
        tally(report, index, found.note.id, change.status);
        return;
      }
      this.byId.set(found.freeId, sourcedNote(copy(input), found.freeId, at));
      tally(report, index, found.freeId, 'created');
    });
    return report;
  }
  async findBySource(source: NoteSource, externalId: string) {
    const { note } = this.sourced(source, externalId);
    return note ? copy(note) : null;
  }
  /** The stored note of a key (found along the key's id sequence, as the Mongo twin does), else the id a new one gets. */
  private sourced(source: NoteSource, externalId: string): { note: Note | null; freeId: string } {
    const key = sourceKey(source, externalId);
    for (let attempt = 0; ; attempt += 1) {
      const id = sourcedNoteId(key, attempt);
      const note = this.byId.get(id);
      if (!note) return { note: null, freeId: id };
      if (holdsKey(note, { source, externalId })) return { note, freeId: id };
    }
  }
  async *streamAll() {
    for (const id of [...this.byId.keys()].sort()) yield copy(this.byId.get(id)!);
  }
  async *streamByIds(ids: readonly string[]) {
    for (const id of ids) if (this.byId.has(id)) yield copy(this.byId.get(id)!);
  }
}

/** The restore-from-backup side of an InMemoryNotes: the same map, as in Mongo the same collection. */
export class InMemoryNoteRestorer implements NoteRestorer {
  constructor(private readonly notes: InMemoryNotes) {}

  async states(ids: readonly string[]) {
    const found = new Map<string, Date | null>();
    for (const id of ids) {
      const note = this.notes.byId.get(id);
      if (note) found.set(id, note.deletedAt);
    }
    return found;
  }
  async insertMissing(notes: readonly Note[]) {
    for (const note of notes) if (!this.notes.byId.has(note.id)) this.notes.byId.set(note.id, copy(note));
  }
  async reviveDeleted(notes: readonly Note[]) {
    for (const note of notes) if (this.notes.restorable(this.notes.byId.get(note.id))) this.notes.byId.set(note.id, copy(note));
  }
  async stampedIds(ids: readonly string[], stamp: Date) {
    return [...new Set(ids)].filter((id) => this.notes.byId.get(id)?.updatedAt.getTime() === stamp.getTime());
  }
}

/** The purge's marks and hard deletes on an InMemoryNotes. */
export class InMemoryNotePurger implements NotePurger {
  constructor(private readonly notes: InMemoryNotes) {}

  async listExpired(cutoff: Date, afterId: string | null, limit: number) {
    const ids = [...this.notes.byId.keys()].filter((id) => afterId === null || id > afterId).sort();
    return ids
      .map((id) => this.notes.byId.get(id)!)
      .filter((note) => note.deletedAt !== null && note.deletedAt < cutoff)
      .slice(0, Math.max(0, limit))
      .map(copy);
  }
  async markPurging(note: Note, effect: NoteEffect) {
    if (effect.change !== 'purge') throw new Error(`a purge mark carries a purge effect, not "${effect.change}"`);
    const stored = this.notes.byId.get(note.id);
    const same = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
    if (!stored || stored.deletedAt === null || !same(stored.deletedAt, note.deletedAt) || !same(stored.updatedAt, note.updatedAt)) return false;
    if (this.notes.purging.has(note.id) || this.notes.effects.has(note.id)) return false;
    this.notes.purging.set(note.id, effect.key);
    this.notes.addEffect(note.id, effect);
    return true;
  }
  async removePurged(noteId: string, key: string) {
    if (this.notes.purging.get(noteId) !== key) return false;
    // Removed with the document, as on Mongo: its mark and pending effects too.
    this.notes.purging.delete(noteId);
    this.notes.effects.delete(noteId);
    return this.notes.byId.delete(noteId);
  }
}

/** Job bookkeeping in fields; peers share the instance, like processes share a database. */
