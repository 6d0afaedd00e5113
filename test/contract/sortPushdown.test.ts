import { Double, Int32, Long, MongoClient, ObjectId, type Collection, type Document } from 'mongodb';
import { freshDatabaseUri } from '../support/database.js';

// The development database is FerretDB built with devdb/ferretdb-patches.json, which reads a sort
// that a declared index serves in order from SQLite (a sorted index of type rank and value per
// key field) and stops when the limit is met, instead of sorting in Go. The order must stay
// MongoDB's: BSON type order, numbers of every width by value, strings by bytes (escapes and
// prefixes too), null and missing alike, dates before 1970; ranges, skips, limits and batches.
const client = await MongoClient.connect(freshDatabaseUri('sortpush'));
const db = client.db();
afterAll(() => client.close());

const oid = new ObjectId('64b7f0c2a1b2c3d4e5f60718');
const day = 86_400_000;

// Ascending MongoDB order of `s`, ties broken by `_id` (the second sort key).
const ascending: [string, unknown][] = [
  ['a-missing', undefined],
  ['b-null', null],
  ['c-minus-one', new Int32(-1)],
  ['d-two-and-a-half', new Double(2.5)],
  ['e-int-five', new Int32(5)],
  ['f-long-five', Long.fromNumber(5)],
  ['g-double-five-and-a-half', new Double(5.5)],
  ['h-ten', new Int32(10)],
  ['i-long-big', Long.fromString('9007199254740993')],
  ['j-empty', ''],
  ['k-upper', 'Z'],
  ['l-quote', 'a"b'],
  ['m-hash', 'a#'],
  ['n-ab', 'ab'],
  ['o-ab-space', 'ab c'],
  ['p-backslash', 'a\\'],
  ['q-unicode', 'ünï'],
  ['r-object-id', oid],
  ['s-false', false],
  ['t-true', true],
  ['u-1969', new Date(-day)],
  ['v-epoch', new Date(0)],
  ['w-2024', new Date(Date.UTC(2024, 0, 1))],
  ['x-9999', new Date(Date.UTC(9999, 0, 1))],
];
// Strings compare by their UTF-8 bytes: '"' 0x22 < '#' 0x23 < '\' 0x5c < 'b' 0x62, and a prefix first.
const stringsByBytes = ['j-empty', 'k-upper', 'l-quote', 'm-hash', 'p-backslash', 'n-ab', 'o-ab-space', 'q-unicode'];
const expectedAscending = ascending.map(([id]) => id).filter((id) => !stringsByBytes.includes(id));
expectedAscending.splice(expectedAscending.indexOf('r-object-id'), 0, ...stringsByBytes);

function doc(id: string, s: unknown, extra: Document = {}): Keyed {
  return s === undefined ? { _id: id, ...extra } : { _id: id, s, ...extra };
}

type Keyed = { _id: string } & Document;
const ranked: Collection<Keyed> = db.collection('ranked');
const unranked: Collection<Keyed> = db.collection('unranked');

beforeAll(async () => {
  await ranked.createIndex({ s: 1, _id: 1 });
  await ranked.createIndex({ g: 1, s: -1, _id: -1 });
  // Every other document is in group `a`, and each has a counter `n` for ranges on numbers.
  await ranked.insertMany(ascending.map(([id, s], i) => doc(id, s, { g: i % 2 ? 'a' : 'b', n: i })));
  await unranked.createIndex({ s: 1, _id: 1 });
  await unranked.insertMany([doc('a', 3), doc('b', 'x'), doc('c', [4, 'y']), doc('d', [1]), doc('e', { z: 1 }), doc('f', null), doc('g', [])]);
});

const ids = (docs: Document[]) => docs.map((d) => d._id as string);

test('an ascending sort is MongoDB order: type order, numbers by value, strings by bytes, null and missing alike', async () => {
  expect(ids(await ranked.find().sort({ s: 1, _id: 1 }).toArray())).toEqual(expectedAscending);
});

test('a descending sort is the exact reverse (the index read backwards)', async () => {
  expect(ids(await ranked.find().sort({ s: -1, _id: -1 }).toArray())).toEqual([...expectedAscending].reverse());
});

test('a limit, a skip and small batches give the same order', async () => {
  expect(ids(await ranked.find().sort({ s: 1, _id: 1 }).limit(3).toArray())).toEqual(expectedAscending.slice(0, 3));
  expect(ids(await ranked.find().sort({ s: 1, _id: 1 }).skip(5).limit(4).toArray())).toEqual(expectedAscending.slice(5, 9));
  expect(ids(await ranked.find().sort({ s: 1, _id: 1 }).batchSize(2).toArray())).toEqual(expectedAscending);
});

test('an equality on the leading field, then the sort: only that group, in order', async () => {
  const group = new Set(ascending.filter((_, i) => i % 2).map(([id]) => id));
  const expected = [...expectedAscending].reverse().filter((id) => group.has(id));
  expect(ids(await ranked.find({ g: 'a' }).sort({ s: -1, _id: -1 }).toArray())).toEqual(expected);
  expect(ids(await ranked.find({ g: 'a' }).sort({ s: -1, _id: -1 }).limit(2).toArray())).toEqual(expected.slice(0, 2));
  // A sort on fewer fields than the index has after the equality (the group's values are distinct).
  expect(ids(await ranked.find({ g: 'a' }).sort({ s: -1 }).toArray())).toEqual(expected);
});

test('a null equality on the leading field matches null and missing', async () => {
  await ranked.insertMany([doc('z-no-group', 1), doc('z-null-group', 2, { g: null })]);
  try {
    expect(ids(await ranked.find({ g: null }).sort({ s: 1, _id: 1 }).toArray())).toEqual(['z-no-group', 'z-null-group']);
  } finally {
    await ranked.deleteMany({ _id: { $in: ['z-no-group', 'z-null-group'] } });
  }
});

test.each([
  [{ $gte: new Date(0) }, ['v-epoch', 'w-2024', 'x-9999']],
  [{ $lt: new Date(0) }, ['u-1969']],
  [{ $gt: 2, $lte: 5 }, ['d-two-and-a-half', 'e-int-five', 'f-long-five']],
  [{ $lt: 'ab' }, ['j-empty', 'k-upper', 'l-quote', 'm-hash', 'p-backslash']],
  [{ $gt: 'ab', $lt: 'b' }, ['o-ab-space']],
  [{ $gt: 1, $lt: 'z' }, []],
  [{ $ne: null, $lte: -1 }, ['c-minus-one']],
])('a range on the sort field %j selects and orders as MongoDB', async (range, expected) => {
  expect(ids(await ranked.find({ s: range }).sort({ s: 1, _id: 1 }).toArray())).toEqual(expected);
  expect(ids(await ranked.find({ s: range }).sort({ s: -1, _id: -1 }).toArray())).toEqual([...expected].reverse());
});

test('a key-paging condition continues exactly after the key', async () => {
  const [, , third] = expectedAscending;
  const key = ascending.find(([id]) => id === third)![1];
  const next = await ranked
    .find({ s: { $gte: key }, $or: [{ s: { $gt: key } }, { s: key, _id: { $gt: third } }] })
    .sort({ s: 1, _id: 1 })
    .limit(2)
    .toArray();
  // From a number the range holds numbers only (type bracketing), like MongoDB's.
  expect(ids(next)).toEqual(expectedAscending.slice(3, 5));
});

test('values without an order of their own (arrays, objects) still sort as in MongoDB', async () => {
  // Ascending: an empty array first, then null; arrays by their smallest element, objects after strings.
  expect(ids(await unranked.find().sort({ s: 1, _id: 1 }).toArray())).toEqual(['g', 'f', 'd', 'a', 'c', 'b', 'e']);
  // Descending: arrays by their largest element; the empty array last.
  expect(ids(await unranked.find().sort({ s: -1, _id: -1 }).toArray())).toEqual(['e', 'c', 'b', 'a', 'd', 'f', 'g']);
});
