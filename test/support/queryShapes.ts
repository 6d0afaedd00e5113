/**
 * Query shapes and the index rule that MongoDB needs to serve them without a collection scan.
 *
 * A shape is what an index can use of a query: its equality fields (a value, `$eq`, `$in`, `$all`),
 * its range fields (`$lt`..., `$ne`, `$type`, `$regex`; every field under an `$or`, as in a
 * key-paging condition) and its sort. An index serves it (MongoDB's equality-sort-range rule) when
 * its leading fields are equality fields of the query, at least the most selective one the query
 * has, and the sort fields follow right after them, all in the index's direction or all against it.
 * Equality fields the index leaves out are then checked on the few documents it leads to. Without
 * equality fields the index must start with the sort, or without a sort with a range field.
 */
export type IndexKey = [string, 1 | -1][];

export interface QueryShape {
  collection: string;
  method: string;
  equality: string[];
  range: string[];
  sort: IndexKey;
}

const EQUALITY_OPERATORS = new Set(['$eq', '$in', '$all']);

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && Object.keys(value).some((k) => k.startsWith('$'));
}

export function shapeOf(collection: string, method: string, filter: Record<string, unknown>, sort: Record<string, number> = {}): QueryShape {
  const equality = new Set<string>();
  const range = new Set<string>();
  const walk = (doc: Record<string, unknown>, underOr: boolean) => {
    for (const [field, value] of Object.entries(doc)) {
      if (field === '$and') for (const part of value as Record<string, unknown>[]) walk(part, underOr);
      else if (field === '$or' || field === '$nor') for (const part of value as Record<string, unknown>[]) walk(part, true);
      else if (field.startsWith('$')) continue;
      else if (underOr) range.add(field);
      else if (isOperatorObject(value) && !Object.keys(value).every((op) => EQUALITY_OPERATORS.has(op))) range.add(field);
      else equality.add(field);
    }
  };
  walk(filter, false);
  for (const field of equality) range.delete(field);
  return { collection, method, equality: [...equality].sort(), range: [...range].sort(), sort: Object.entries(sort).map(([f, d]) => [f, d < 0 ? -1 : 1]) };
}

/**
 * Whether `index` serves `shape`. `selectivity` ranks the collection's fields, most selective
 * first: an index that leaves out an equality field must lead with one at least as selective.
 */
export function serves(index: IndexKey, shape: QueryShape, selectivity: string[]): boolean {
  let prefix = 0;
  while (prefix < index.length && shape.equality.includes(index[prefix][0])) prefix += 1;
  if (shape.equality.length) {
    if (prefix === 0) return false;
    const rank = (field: string) => (selectivity.includes(field) ? selectivity.indexOf(field) : selectivity.length);
    const best = Math.min(...shape.equality.map(rank));
    if (!index.slice(0, prefix).some(([field]) => rank(field) <= best)) return false;
  }
  const rest = index.slice(prefix);
  if (!shape.sort.length) return shape.equality.length > 0 || shape.range.some((field) => rest[0]?.[0] === field);
  if (rest.length < shape.sort.length) return false;
  const flips = shape.sort.map(([field, dir], i) => (rest[i][0] === field ? dir * rest[i][1] : 0));
  return flips.every((f) => f === 1) || flips.every((f) => f === -1);
}

export const describeShape = (s: QueryShape) =>
  `${s.collection}.${s.method} eq[${s.equality.join(',')}] range[${s.range.join(',')}] sort[${s.sort.map(([f, d]) => `${f}:${d}`).join(',')}]`;
