import type { QueryFilter } from 'mongoose';

const printableAscii = /^[\x20-\x7e]*$/;

/** Below this many ids a plain `$in` is as quick as anything. */
const PLAIN_IN_MAX = 256;

/**
 * A filter for "the `field` (`id` unless told) is one of `ids`", to spread into a query that has no `$or` of
 * its own. Exact on any server. The development database (FerretDB on SQLite, devdb/) looks every
 * group's `$in` up in the field's index (the `$or` of them is narrowed as a whole), so there it
 * reads only the listed documents. FerretDB 1.24 upstream (the PostgreSQL backend of the
 * benchmarks) pushes none of it down and tests every document it scans against the filter in Go,
 * `$in` element by element, which is what the shape is for:
 *
 *   { id: { $gte: min, $lte: max }, $or: [ { id: { $gte, $lte, $in: [~10·√n ids] } }, ... ] }
 *
 * The outer range turns away a document outside the list's span with two comparisons; one inside
 * it tries the groups' ranges until its own, then one `$in` of that group. Measured on FerretDB
 * (PostgreSQL backend, 100,000 notes, 50,000 ids; the scan alone 8.6 s): a plain `$in` adds 50 s,
 * 316 groups add 32 s (an `$or` branch costs about 100 `$in` elements), 40 groups 9 s, 10 groups
 * 6.6 s; hence groups of about 10·√n ids (22 groups for 50,000). MongoDB reads the same index
 * ranges either way. Only for printable ASCII ids, where JavaScript's string order is the
 * server's byte order; anything else gets a plain `$in`.
 */
export function idSetFilter<F extends string = 'id'>(ids: readonly string[], field: F = 'id' as F): QueryFilter<Record<F, string>> {
  const unique = [...new Set(ids)];
  if (unique.length <= PLAIN_IN_MAX || !unique.every((id) => printableAscii.test(id))) return { [field]: { $in: unique } } as QueryFilter<Record<F, string>>;
  unique.sort();
  const groupSize = Math.ceil(10 * Math.sqrt(unique.length));
  const groups: Array<Record<string, { $gte: string; $lte: string; $in: string[] }>> = [];
  for (let start = 0; start < unique.length; start += groupSize) {
    const group = unique.slice(start, start + groupSize);
    groups.push({ [field]: { $gte: group[0], $lte: group[group.length - 1], $in: group } });
  }
  return { [field]: { $gte: unique[0], $lte: unique[unique.length - 1] }, $or: groups } as QueryFilter<Record<F, string>>;
}
