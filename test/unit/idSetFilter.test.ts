import { describe, expect, test } from '@jest/globals';
import { idSetFilter } from '../../adapters/mongo/idSetFilter.js';

type Cond = { $gte?: string; $lte?: string; $in?: string[] };
type Filter = { id: Cond; $or?: Array<{ id: Cond }> };

/** How a server reads the filter's operators, for one id. */
const meets = (id: string, c: Cond) =>
  (c.$gte === undefined || id >= c.$gte) && (c.$lte === undefined || id <= c.$lte) && (c.$in === undefined || c.$in.includes(id));
const matches = (filter: Filter, id: string) => meets(id, filter.id) && (!filter.$or || filter.$or.some((branch) => meets(id, branch.id)));

const noteId = (n: number) => `n-${n.toString(36).padStart(5, '0')}`;

describe('idSetFilter: exactly the listed ids, in a shape FerretDB evaluates quickly', () => {
  test('a large list matches exactly its ids, not its neighbours, whatever order it came in', () => {
    const all = Array.from({ length: 3_000 }, (_, i) => noteId(i));
    const asked = all.filter((_, i) => i % 3 !== 1).reverse();
    const filter = idSetFilter(asked) as Filter;
    const askedSet = new Set(asked);
    for (const id of [...all, 'n-', 'n-zzzzzz', 'm-00001', '']) expect(matches(filter, id)).toBe(askedSet.has(id));
  });

  test('a large list is split into sorted groups of about 10·√n ids behind one outer range', () => {
    const asked = Array.from({ length: 10_000 }, (_, i) => noteId(10_000 - i));
    const filter = idSetFilter(asked) as Filter;
    expect(filter.id).toEqual({ $gte: noteId(1), $lte: noteId(10_000) });
    const groups = filter.$or ?? [];
    expect(groups).toHaveLength(10);
    expect(groups.every((g) => (g.id.$in?.length ?? 0) <= 1_000 && g.id.$gte === g.id.$in?.[0])).toBe(true);
    expect(groups.flatMap((g) => g.id.$in ?? [])).toEqual([...asked].sort());
  });

  test('short lists, duplicates and ids outside printable ASCII get a plain $in', () => {
    expect(idSetFilter(['n-b', 'n-a', 'n-b'])).toEqual({ id: { $in: ['n-b', 'n-a'] } });
    const unusual = [...Array.from({ length: 300 }, (_, i) => noteId(i)), 'n-é'];
    expect(idSetFilter(unusual)).toEqual({ id: { $in: unusual } });
  });
});
