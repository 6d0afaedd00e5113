import type { NoteQuery } from '../../../src/domain/filter.js';
import type { Note } from '../../../src/domain/note.js';
import type { DeletionMark, NoteRepository } from '../../../src/ports/notes.js';
import { aDeletedNote, aNote, at, collect, expectDate, expectSameShape, minutes, T0 } from './builders.js';

/** The NoteRepository contract. `fresh` returns an empty repository for each test. */
export function noteRepositoryContract(label: string, fresh: () => Promise<NoteRepository>): void {
  describe(`NoteRepository contract: ${label}`, () => {
    let repo: NoteRepository;
    beforeEach(async () => {
      repo = await fresh();
    });
    const insertAll = async (notes: Note[]) => {
      for (const note of notes) await repo.insert(note);
    };

    describe('insert and find', () => {
      test('round-trips every field: Dates as Date, null as null, no storage fields', async () => {
        const note = aNote('n1', { body: 'Renewal #q3 ünïcode', tags: ['q3'], createdAt: at('2026-01-01T10:00:00.123Z') });
        const deleted = aDeletedNote('n2', minutes(5), { deletionPlanId: 'p1' });
        await insertAll([note, deleted]);
        const found = await repo.findById('n1');
        expect(found).toEqual(note);
        expectSameShape(found!, note);
        expectDate(found!.createdAt);
        expect(found!.deletedAt).toBeNull();
        const foundDeleted = await repo.findById('n2');
        expect(foundDeleted).toEqual(deleted);
        expectDate(foundDeleted!.deletedAt);
      });

      test('a missing id is null', async () => {
        expect(await repo.findById('nope')).toBeNull();
      });

      test('a duplicate id answers id-taken (no driver error code) and leaves the first note alone', async () => {
        expect(await repo.insert(aNote('dup', { body: 'first' }))).toBe('inserted');
        expect(await repo.insert(aNote('dup', { body: 'second' }))).toBe('id-taken');
        expect((await repo.findById('dup'))!.body).toBe('first');
      });

      test('findByIds returns the found notes in the order asked, skipping missing ones', async () => {
        await insertAll([aNote('a'), aNote('b'), aDeletedNote('c', T0)]);
        const found = await repo.findByIds(['c', 'missing', 'a']);
        expect(found.map((n) => n.id)).toEqual(['c', 'a']);
        expect(await repo.findByIds([])).toEqual([]);
      });
    });

    describe('filters', () => {
      const seed: Note[] = [
        aNote('n01', { recordId: 'acct-1', authorId: 'slack:U1', tags: ['renewal', 'urgent'], body: 'Renewal call went well', createdAt: at('2026-01-01T10:00:00Z') }),
        aNote('n02', { recordId: 'acct-1', authorId: 'slack:U2', tags: ['renewal'], body: 'Price is a.b (c) maybe', createdAt: at('2026-01-02T00:00:00Z') }),
        aNote('n03', { recordId: 'acct-2', authorId: 'teams:abc-1', body: 'Customer wants a DEMO next week', createdAt: at('2026-01-03T12:00:00Z') }),
        aNote('n04', { recordId: 'acct-2', authorId: 'slack:U1', tags: ['urgent'], body: 'aXb (c) escalate', createdAt: at('2026-01-04T00:00:00Z') }),
        aDeletedNote('n05', at('2026-01-09T00:00:00Z'), { recordId: 'acct-1', authorId: 'slack:U1', tags: ['renewal'], body: 'Renewal, deleted', createdAt: at('2026-01-05T00:00:00Z') }),
        aNote('n06', { recordId: 'acct-3', authorId: 'slack:U3', body: 'Sure? 100% [yes]* $5 ^_^ | \\o/', createdAt: at('2026-01-06T00:00:00Z') }),
      ];
      const live = (extra: Omit<NoteQuery, 'state'> = {}): NoteQuery => ({ state: 'live', ...extra });
      const cases: [string, NoteQuery, string[]][] = [
        ['no filter: every live note, newest first', live(), ['n06', 'n04', 'n03', 'n02', 'n01']],
        ['record', live({ recordId: 'acct-1' }), ['n02', 'n01']],
        ['author', live({ authorId: 'slack:U1' }), ['n04', 'n01']],
        ['one tag', live({ tags: ['renewal'] }), ['n02', 'n01']],
        ['tags are ANDed', live({ tags: ['renewal', 'urgent'] }), ['n01']],
        ['an unknown tag', live({ tags: ['nope'] }), []],
        ['an empty tag list is no condition', live({ tags: [] }), ['n06', 'n04', 'n03', 'n02', 'n01']],
        ['before is strict', live({ before: at('2026-01-02T00:00:00Z') }), ['n01']],
        ['after is inclusive', live({ after: at('2026-01-02T00:00:00Z') }), ['n06', 'n04', 'n03', 'n02']],
        ['before and after', live({ after: at('2026-01-02T00:00:00Z'), before: at('2026-01-04T00:00:00Z') }), ['n03', 'n02']],
        ['text is case-insensitive', live({ text: ['RENEWAL'] }), ['n01']],
        ['text matches inside words', live({ text: ['demo'] }), ['n03']],
        ['text phrases are ANDed', live({ text: ['call', 'well'] }), ['n01']],
        ['text phrases all must occur', live({ text: ['call', 'demo'] }), []],
        ['regex characters are literal: a.b (c)', live({ text: ['a.b (c)'] }), ['n02']],
        ['regex characters are literal: .*', live({ text: ['.*'] }), []],
        ['regex characters are literal: the lot', live({ text: ['100% [yes]* $5 ^_^ | \\o/'] }), ['n06']],
        ['a question mark is literal', live({ text: ['sure?'] }), ['n06']],
        ['every token combined', live({ recordId: 'acct-1', authorId: 'slack:U1', tags: ['renewal'], text: ['call'], after: at('2026-01-01T00:00:00Z') }), ['n01']],
        ['trash: deleted notes only', { state: 'deleted' }, ['n05']],
        ['trash with a filter', { state: 'deleted', recordId: 'acct-1', text: ['renewal'] }, ['n05']],
        ['trash with a filter that misses', { state: 'deleted', recordId: 'acct-2' }, []],
      ];

      test.each(cases)('%s: list, count and matchIds agree', async (_name, query, expected) => {
        await insertAll(seed);
        expect((await repo.list(query, { limit: 50 })).map((n) => n.id)).toEqual(expected);
        expect(await repo.count(query)).toBe(expected.length);
        expect(await repo.matchIds(query, 50)).toEqual(expected);
      });

      test('list returns whole notes equal to what was stored', async () => {
        await insertAll(seed);
        const [first] = await repo.list(live({ recordId: 'acct-3' }), { limit: 1 });
        expect(first).toEqual(seed[5]);
        expectSameShape(first, seed[5]);
      });
    });

    describe('order and pagination', () => {
      const keyOf = (note: Note, state: NoteQuery['state'] = 'live') => ({ at: state === 'live' ? note.createdAt : note.deletedAt!, id: note.id });
      const ids = (notes: Note[]) => notes.map((n) => n.id);

      test('equal createdAt is broken by id, descending, so pages by key neither overlap nor skip', async () => {
        const tied = ['k3', 'k7', 'k1', 'k5', 'k2', 'k6', 'k4'];
        await insertAll(tied.map((id) => aNote(id, { createdAt: T0 })));
        await repo.insert(aNote('newer', { createdAt: minutes(1) }));
        const pages: string[][] = [];
        let page = await repo.list({ state: 'live' }, { limit: 3 });
        while (page.length) {
          pages.push(ids(page));
          page = await repo.list({ state: 'live' }, { limit: 3, after: keyOf(page[page.length - 1]) });
        }
        expect(pages).toEqual([
          ['newer', 'k7', 'k6'],
          ['k5', 'k4', 'k3'],
          ['k2', 'k1'],
        ]);
        expect(await repo.matchIds({ state: 'live' }, 4)).toEqual(['newer', 'k7', 'k6', 'k5']);
      });

      test('a page before a key is the page that precedes it, in list order', async () => {
        await insertAll(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id, i) => aNote(id, { createdAt: minutes(i) })));
        const first = await repo.list({ state: 'live' }, { limit: 3 });
        const second = await repo.list({ state: 'live' }, { limit: 3, after: keyOf(first[2]) });
        expect(ids(second)).toEqual(['d', 'c', 'b']);
        expect(ids(await repo.list({ state: 'live' }, { limit: 3, before: keyOf(second[0]) }))).toEqual(ids(first));
        // Fewer than a page before the key: what there is, not the page after it.
        expect(ids(await repo.list({ state: 'live' }, { limit: 3, before: keyOf(first[1]) }))).toEqual(['g']);
        expect(await repo.list({ state: 'live' }, { limit: 3, before: keyOf(first[0]) })).toEqual([]);
      });

      test('a key past the end gives an empty page; keys keep to the filter; an offset still skips', async () => {
        await insertAll([aNote('r1', { recordId: 'acct-9', createdAt: minutes(1) }), aNote('x', { createdAt: minutes(2) }), aNote('r2', { recordId: 'acct-9', createdAt: minutes(3) })]);
        const query: NoteQuery = { state: 'live', recordId: 'acct-9' };
        const [newest] = await repo.list(query, { limit: 1 });
        expect(ids(await repo.list(query, { limit: 5, after: keyOf(newest) }))).toEqual(['r1']);
        expect(await repo.list(query, { limit: 5, after: { at: minutes(-1), id: 'zzz' } })).toEqual([]);
        expect(ids(await repo.list({ state: 'live' }, { limit: 1, offset: 1 }))).toEqual(['x']);
        expect(await repo.list({ state: 'live' }, { limit: 3, offset: 20 })).toEqual([]);
      });

      test('trash is ordered by deletedAt, newest first, then id; not by createdAt', async () => {
        await insertAll([
          aDeletedNote('t1', minutes(30), { createdAt: minutes(-300) }),
          aDeletedNote('t2', minutes(10), { createdAt: minutes(-100) }),
          aDeletedNote('t3', minutes(30), { createdAt: minutes(-200) }),
          aDeletedNote('t4', minutes(20), { createdAt: minutes(-50) }),
          aNote('live', { createdAt: minutes(40) }),
        ]);
        const trash = await repo.list({ state: 'deleted' }, { limit: 10 });
        expect(ids(trash)).toEqual(['t3', 't1', 't4', 't2']);
        expect(ids(await repo.list({ state: 'deleted' }, { limit: 2, after: keyOf(trash[0], 'deleted') }))).toEqual(['t1', 't4']);
        expect(ids(await repo.list({ state: 'deleted' }, { limit: 2, before: keyOf(trash[3], 'deleted') }))).toEqual(['t1', 't4']);
      });
    });

    const adminMark = (deletedAt: Date, planId: string | null = null): DeletionMark => ({
      deletedAt,
      deletedBy: 'slack:UADMIN',
      reason: 'cleanup',
      planId,
    });

    describe('single soft delete and restore', () => {
      test('softDelete marks a live note once; a second call gets null', async () => {
        await repo.insert(aNote('n1', { updatedAt: minutes(-5) }));
        const deleted = await repo.softDelete('n1', adminMark(minutes(1)));
        expect(deleted).toEqual({
          ...aNote('n1', { updatedAt: minutes(-5) }),
          deletedAt: minutes(1),
          deletedBy: 'slack:UADMIN',
          deleteReason: 'cleanup',
          deletionPlanId: null,
        });
        expect(await repo.findById('n1')).toEqual(deleted);
        expect(await repo.softDelete('n1', adminMark(minutes(2)))).toBeNull();
        expect((await repo.findById('n1'))!.deletedAt).toEqual(minutes(1));
        expect(await repo.softDelete('missing', adminMark(minutes(2)))).toBeNull();
      });

      test('only one of many concurrent soft deletes wins', async () => {
        await repo.insert(aNote('n1'));
        const results = await Promise.all(Array.from({ length: 10 }, (_, i) => repo.softDelete('n1', adminMark(minutes(i + 1)))));
        const winners = results.filter((r) => r !== null);
        expect(winners).toHaveLength(1);
        expect((await repo.findById('n1'))!.deletedAt).toEqual(winners[0]!.deletedAt);
      });

      test('restore clears the deletion and stamps updatedAt; only once; never a live note', async () => {
        await insertAll([aDeletedNote('d1', minutes(1), { deletionPlanId: 'p1' }), aNote('live')]);
        const restored = await repo.restore('d1', minutes(9));
        expect(restored).toEqual({ ...aNote('d1'), updatedAt: minutes(9) });
        expect(await repo.findById('d1')).toEqual(restored);
        expect(await repo.restore('d1', minutes(10))).toBeNull();
        expect(await repo.restore('live', minutes(10))).toBeNull();
        expect(await repo.restore('missing', minutes(10))).toBeNull();
        expect((await repo.findById('live'))!.updatedAt).toEqual(T0);
      });
    });

    describe('bulk delete by plan', () => {
      const frozenAt = minutes(10);
      const planMark = (planId: string, deletedAt = minutes(20)) => ({ ...adminMark(deletedAt, planId), planId });
      const setup = () =>
        insertAll([
          aNote('a', { updatedAt: minutes(5) }),
          aNote('b', { updatedAt: minutes(11) }), // edited after the preview: skipped
          aDeletedNote('c', minutes(6)), // someone else deleted it first: left as it is
          aNote('d', { updatedAt: frozenAt }), // unchanged since exactly the freeze: included
          aNote('outside', { updatedAt: minutes(1) }), // not in the plan
        ]);
      const planIds = ['a', 'b', 'c', 'd', 'missing'];

      test('deletes the live, unchanged notes of the plan and nothing else', async () => {
        await setup();
        expect(await repo.softDeleteMany(planIds, frozenAt, planMark('p1'))).toBe(2);
        const byId = new Map((await collect(repo.streamAll())).map((n) => [n.id, n]));
        expect(byId.get('a')).toMatchObject({ deletedAt: minutes(20), deletedBy: 'slack:UADMIN', deleteReason: 'cleanup', deletionPlanId: 'p1', updatedAt: minutes(5) });
        expect(byId.get('d')).toMatchObject({ deletionPlanId: 'p1', deletedAt: minutes(20) });
        expect(byId.get('b')).toEqual(aNote('b', { updatedAt: minutes(11) }));
        expect(byId.get('c')).toEqual(aDeletedNote('c', minutes(6)));
        expect(byId.get('outside')!.deletedAt).toBeNull();
        expect((await repo.idsDeletedByPlan(planIds, 'p1')).sort()).toEqual(['a', 'd']);
        expect(await repo.idsDeletedByPlan(['a'], 'p1')).toEqual(['a']);
        expect(await repo.idsDeletedByPlan(planIds, 'other')).toEqual([]);
        expect(await repo.idsDeletedByPlan([], 'p1')).toEqual([]);
      });

      test('running the same batch twice changes nothing the second time', async () => {
        await setup();
        await repo.softDeleteMany(planIds, frozenAt, planMark('p1'));
        const once = await collect(repo.streamAll());
        expect(await repo.softDeleteMany(planIds, frozenAt, planMark('p1', minutes(30)))).toBe(0);
        expect(await collect(repo.streamAll())).toEqual(once);
        expect((await repo.idsDeletedByPlan(planIds, 'p1')).sort()).toEqual(['a', 'd']);
        await repo.softDeleteMany([], frozenAt, planMark('p1'));
        expect(await collect(repo.streamAll())).toEqual(once);
      });

      test('idsDeletedByPlan no longer lists a note restored since', async () => {
        await setup();
        await repo.softDeleteMany(planIds, frozenAt, planMark('p1'));
        await repo.restore('a', minutes(25));
        expect(await repo.idsDeletedByPlan(planIds, 'p1')).toEqual(['d']);
      });

      test('restoreByPlan restores, among the ids given, what the plan still holds deleted, and only that', async () => {
        await insertAll([aNote('x1'), aNote('x2'), aNote('x3'), aNote('x4'), aNote('y1'), aDeletedNote('z', minutes(1))]);
        await repo.softDeleteMany(['x1', 'x2', 'x3', 'x4'], frozenAt, planMark('p1'));
        await repo.softDeleteMany(['y1'], frozenAt, planMark('p2'));
        await repo.restore('x3', minutes(21));
        const batch = ['x1', 'x2', 'x3', 'y1', 'z', 'missing'];
        expect((await repo.restoreByPlan(batch, 'p1', minutes(30))).sort()).toEqual(['x1', 'x2']);
        expect(await repo.findById('x1')).toEqual(aNote('x1', { updatedAt: minutes(30) }));
        expect(await repo.findById('x2')).toEqual(aNote('x2', { updatedAt: minutes(30) }));
        expect((await repo.findById('x3'))!.updatedAt).toEqual(minutes(21));
        expect((await repo.findById('x4'))!.deletionPlanId).toBe('p1'); // not in the batch
        expect((await repo.findById('y1'))!.deletionPlanId).toBe('p2');
        expect((await repo.findById('z'))!.deletedAt).toEqual(minutes(1));
        expect(await repo.restoreByPlan([], 'p1', minutes(30))).toEqual([]);
        expect(await repo.restoreByPlan(batch, 'unknown', minutes(31))).toEqual([]);
      });

      test('restoreByPlan re-run with the same stamp restores nothing more and still reports what it restored', async () => {
        await insertAll([aNote('x1'), aNote('x2')]);
        await repo.softDeleteMany(['x1', 'x2'], frozenAt, planMark('p1'));
        expect(await repo.restoreByPlan(['x1'], 'p1', minutes(30))).toEqual(['x1']);
        // Someone else restores x2 in between: it is not this stamp's.
        await repo.restore('x2', minutes(31));
        const once = await collect(repo.streamAll());
        expect((await repo.restoreByPlan(['x1', 'x2'], 'p1', minutes(30))).sort()).toEqual(['x1']);
        expect(await collect(repo.streamAll())).toEqual(once);
      });
    });

    describe('streams', () => {
      test('streamAll yields every note, live and deleted, in id order', async () => {
        const notes = ['m', 'c', 'x', 'a', 'k'].map((id, i) => (i % 2 ? aDeletedNote(id, minutes(i)) : aNote(id, { createdAt: minutes(-i) })));
        await insertAll(notes);
        const streamed = await collect(repo.streamAll());
        expect(streamed.map((n) => n.id)).toEqual(['a', 'c', 'k', 'm', 'x']);
        expect(streamed).toEqual([...notes].sort((p, q) => (p.id < q.id ? -1 : 1)));
        for (const note of streamed) expectSameShape(note, notes[0]);
      });

      test('streamAll of an empty repository yields nothing', async () => {
        expect(await collect(repo.streamAll())).toEqual([]);
      });

      test('streamByIds yields exactly the asked notes that exist, live or deleted, each once', async () => {
        await insertAll([aNote('s0'), aDeletedNote('s1500', minutes(1)), aNote('s2400'), aNote('unasked')]);
        const asked = Array.from({ length: 2500 }, (_, i) => `s${i}`).reverse();
        // Any order: a snapshot is a set of before-images.
        const streamed = (await collect(repo.streamByIds(asked))).sort((a, b) => a.id.localeCompare(b.id));
        expect(streamed.map((n) => n.id)).toEqual(['s0', 's1500', 's2400']);
        expect(streamed[1]).toEqual(aDeletedNote('s1500', minutes(1)));
        expect(await collect(repo.streamByIds([]))).toEqual([]);
      });
    });
  });
}
