import type { NoteSource } from '../../../src/domain/note.js';
import { sourcedNoteId, type SourcedNoteInput } from '../../../src/domain/sourcedNote.js';
import type { NoteRepository } from '../../../src/ports/notes.js';
import { aNote, at, minutes, T0 } from './builders.js';

/** Two handles on one store: `peer` stands in for another process (the same object for the in-memory twin). */
export interface SourcedNotesFixture {
  notes: NoteRepository;
  peer: NoteRepository;
}

const CREATED = at('2025-06-01T08:00:00.000Z');

function anInput(externalId: string, overrides: Partial<SourcedNoteInput> = {}): SourcedNoteInput {
  return {
    source: 'zoho',
    externalId,
    recordId: 'acct-7',
    body: `CRM note ${externalId} #imported`,
    tags: [],
    authorId: 'system:import',
    createdAt: CREATED,
    ...overrides,
  };
}

/** The contract of `upsertBySource` / `findBySource`: keyed on (source, externalId), idempotent, never a duplicate. */
export function sourcedNotesContract(label: string, fresh: () => Promise<SourcedNotesFixture>): void {
  describe(`NoteRepository upsert by source: ${label}`, () => {
    let notes: NoteRepository;
    let peer: NoteRepository;
    beforeEach(async () => {
      ({ notes, peer } = await fresh());
    });
    const liveCount = () => notes.count({ state: 'live' });

    test('a new key becomes a note carrying its source, external id, tags and source time', async () => {
      const report = await notes.upsertBySource([anInput('z1', { tags: ['Renewal', ' '] })], T0);
      expect(report.counts).toEqual({ created: 1, updated: 0, unchanged: 0, 'in-trash': 0 });
      const id = report.results[0].id;
      expect(report.results).toEqual([{ id, status: 'created' }]);
      expect(id).toBe(sourcedNoteId('zoho:z1'));
      const note = await notes.findBySource('zoho', 'z1');
      expect(note).toMatchObject({ id, source: 'zoho', externalId: 'z1', recordId: 'acct-7', tags: ['renewal', 'imported'], deletedAt: null });
      expect(note!.createdAt).toEqual(CREATED);
      expect(note!.updatedAt).toEqual(T0);
      expect(await notes.findById(id)).toEqual(note);
      expect(await notes.findBySource('hubspot', 'z1')).toBeNull();
    });

    test('the same batch twice adds nothing and changes nothing', async () => {
      const batch = [anInput('a'), anInput('b'), anInput('c')];
      const first = await notes.upsertBySource(batch, T0);
      const second = await notes.upsertBySource(batch, minutes(5));
      expect(second.counts).toEqual({ created: 0, updated: 0, unchanged: 3, 'in-trash': 0 });
      expect(second.results.map((r) => r.id)).toEqual(first.results.map((r) => r.id));
      expect(await liveCount()).toBe(3);
      expect((await notes.findBySource('zoho', 'a'))!.updatedAt).toEqual(T0);
    });

    test('a changed note is updated in place and stamped; the others stay', async () => {
      await notes.upsertBySource([anInput('a'), anInput('b')], T0);
      const report = await notes.upsertBySource([anInput('a', { body: 'Edited in the CRM #edited', recordId: 'acct-8' }), anInput('b')], minutes(5));
      expect(report.counts).toEqual({ created: 0, updated: 1, unchanged: 1, 'in-trash': 0 });
      const edited = await notes.findBySource('zoho', 'a');
      expect(edited).toMatchObject({ body: 'Edited in the CRM #edited', recordId: 'acct-8', tags: ['edited'], createdAt: CREATED });
      expect(edited!.updatedAt).toEqual(minutes(5));
      expect(await liveCount()).toBe(2);
    });

    test('a note in the trash stays as the delete left it', async () => {
      const { results } = await notes.upsertBySource([anInput('a')], T0);
      await notes.softDelete(results[0].id, { deletedAt: minutes(1), deletedBy: 'slack:UADMIN', reason: null, planId: null });
      const report = await notes.upsertBySource([anInput('a', { body: 'changed after the delete' })], minutes(5));
      expect(report.results).toEqual([{ id: results[0].id, status: 'in-trash' }]);
      const note = await notes.findById(results[0].id);
      expect(note!.body).toBe('CRM note a #imported');
      expect(note!.deletedAt).toEqual(minutes(1));
    });

    test('the same key twice in one call: one note, the later input wins', async () => {
      const report = await notes.upsertBySource([anInput('a', { body: 'first' }), anInput('b'), anInput('a', { body: 'second' })], T0);
      expect(report.results.map((r) => r.status)).toEqual(['created', 'created', 'updated']);
      expect(report.results[0].id).toBe(report.results[2].id);
      expect((await notes.findBySource('zoho', 'a'))!.body).toBe('second');
      expect(await liveCount()).toBe(2);
    });

    test('one external id under two sources is two notes', async () => {
      const sources: NoteSource[] = ['zoho', 'hubspot', 'salesforce', 'import', 'api'];
      const report = await notes.upsertBySource(sources.map((source) => anInput('42', { source })), T0);
      expect(report.counts.created).toBe(5);
      expect(new Set(report.results.map((r) => r.id)).size).toBe(5);
      for (const source of sources) expect((await notes.findBySource(source, '42'))!.source).toBe(source);
    });

    test('two processes bringing the same keys in at once store each key once', async () => {
      const batch = Array.from({ length: 40 }, (_, i) => anInput(`k${i}`));
      const [mine, theirs] = await Promise.all([
        notes.upsertBySource(batch, T0),
        peer.upsertBySource(batch.map((input) => ({ ...input, body: `${input.body} (second writer)` })), T0),
      ]);
      expect(mine.counts.created + theirs.counts.created).toBe(40);
      expect(mine.results.map((r) => r.id)).toEqual(theirs.results.map((r) => r.id));
      expect(await liveCount()).toBe(40);
      expect(await notes.count({ state: 'live', recordId: 'acct-7' })).toBe(40);
    });

    test('a note already stored under its id without a key (restored from a backup) is found, not duplicated', async () => {
      const id = sourcedNoteId('hubspot:h1');
      await notes.insert(aNote(id, { source: 'hubspot', externalId: 'h1', body: 'restored', createdAt: CREATED }));
      const report = await notes.upsertBySource([anInput('h1', { source: 'hubspot', body: 'restored' })], T0);
      expect(report.results).toEqual([{ id, status: 'updated' }]);
      expect(await liveCount()).toBe(1);
    });

    test('a key whose id is taken by another note moves to its next candidate, and stays there', async () => {
      const taken = sourcedNoteId('zoho:clash');
      await notes.insert(aNote(taken, { source: 'api', externalId: 'someone-else', body: 'other note' }));
      const first = await notes.upsertBySource([anInput('clash')], T0);
      expect(first.results).toEqual([{ id: sourcedNoteId('zoho:clash', 1), status: 'created' }]);
      const again = await notes.upsertBySource([anInput('clash')], T0);
      expect(again.results).toEqual([{ id: sourcedNoteId('zoho:clash', 1), status: 'unchanged' }]);
      expect((await notes.findById(taken))!.body).toBe('other note');
      expect((await notes.findBySource('zoho', 'clash'))!.id).toBe(sourcedNoteId('zoho:clash', 1));
    });

    test('an empty batch is an empty report', async () => {
      const report = await notes.upsertBySource([], T0);
      expect(report).toEqual({ results: [], counts: { created: 0, updated: 0, unchanged: 0, 'in-trash': 0 } });
    });
  });
}
