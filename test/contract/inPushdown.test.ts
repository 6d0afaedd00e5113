import { MongoClient, ObjectId, type Collection, type Document, type Filter } from 'mongodb';
import { idSetFilter } from '../../adapters/mongo/idSetFilter.js';
import { freshDatabaseUri } from '../support/database.js';

// The development database narrows the SQL query by `$in` lists of strings (of ObjectIds too for
// `_id`), also inside `$and` and `$or` (devdb/_ferretdb/.../query_filter.go). Whatever it narrows,
// the answers must stay MongoDB's: each case below is checked against MongoDB's answer written out,
// and against the same filter wrapped in a double `$nor`, which means the same and is never
// narrowed, so FerretDB answers it by testing every document in Go.
const client = await MongoClient.connect(freshDatabaseUri('inpushdown'));
type Shape = Document & { _id: string | ObjectId };
const docs: Collection<Shape> = client.db().collection('shapes');
afterAll(() => client.close());

const oid = new ObjectId('64b7f0c2a1b2c3d4e5f60718');
const oidKey = new ObjectId('64b7f0c2a1b2c3d4e5f60719');
beforeAll(async () => {
  await docs.insertMany([
    { _id: 'plain', f: 'x', g: 'y' },
    { _id: 'other', f: 'w', g: 'y' },
    { _id: 'array', f: ['a', 'x', 'b'], g: 'y' },
    { _id: 'number', f: 5, g: 'y' },
    { _id: 'numeric-string', f: '5', g: 'z' },
    { _id: 'escapes', f: 'say "hi" <b> & \\ \n tab\t', g: 'y' },
    { _id: 'unicode', f: 'ünïcode ✓ 日本 😀', g: 'y' },
    { _id: 'object-id', f: oid, g: 'y' },
    { _id: 'missing', g: 'y' },
    { _id: 'null', f: null, g: 'y' },
    { _id: 'array-of-objects', f: [{ x: 1 }, 'x'], g: 'q' },
    { _id: oidKey, f: 'x', g: 'o' },
  ]);
  await docs.createIndex({ f: 1, g: 1 });
});

const key = (id: unknown) => (id instanceof ObjectId ? `oid:${id.toHexString()}` : String(id));
const ids = async (filter: Filter<Shape>) => (await docs.find(filter).toArray()).map((d) => key(d._id)).sort();
const unnarrowed = (filter: Filter<Shape>): Filter<Shape> => ({ $nor: [{ $nor: [filter] }] });

const cases: Array<[string, Filter<Shape>, string[]]> = [
  ['strings', { f: { $in: ['x', 'w'] } }, ['array', 'array-of-objects', 'oid:64b7f0c2a1b2c3d4e5f60719', 'other', 'plain']],
  ['an element of an array', { f: { $in: ['b'] } }, ['array']],
  ['escaped and non-ASCII strings', { f: { $in: ['say "hi" <b> & \\ \n tab\t', 'ünïcode ✓ 日本 😀'] } }, ['escapes', 'unicode']],
  ['numbers are not strings', { f: { $in: [5] } }, ['number']],
  ['a string is not a number', { f: { $in: ['5'] } }, ['numeric-string']],
  ['mixed types', { f: { $in: ['w', 5, oid] } }, ['number', 'object-id', 'other']],
  ['ObjectIds', { f: { $in: [oid] } }, ['object-id']],
  ['null matches missing and null', { f: { $in: [null, 'w'] } }, ['missing', 'null', 'other']],
  ['a regular expression', { f: { $in: [/^w/, 'x'] } }, ['array', 'array-of-objects', 'oid:64b7f0c2a1b2c3d4e5f60719', 'other', 'plain']],
  ['the empty list', { f: { $in: [] } }, []],
  ['duplicates', { f: { $in: ['w', 'w', 'w'] } }, ['other']],
  ['no such value', { f: { $in: ['nope'] } }, []],
  ['with other conditions', { f: { $in: ['x'] }, g: 'y' }, ['array', 'plain']],
  ['beside another operator', { f: { $in: ['x', 'w'], $ne: 'w' } }, ['array', 'array-of-objects', 'oid:64b7f0c2a1b2c3d4e5f60719', 'plain']],
  ['_id strings', { _id: { $in: ['plain', 'null', 'nope', 'plain'] } }, ['null', 'plain']],
  ['_id ObjectIds and strings', { _id: { $in: [oidKey, 'number'] } }, ['number', 'oid:64b7f0c2a1b2c3d4e5f60719']],
  ['_id the empty list', { _id: { $in: [] } }, []],
  ['inside $and', { $and: [{ f: { $in: ['x'] } }, { g: { $in: ['q', 'o'] } }] }, ['array-of-objects', 'oid:64b7f0c2a1b2c3d4e5f60719']],
  ['inside $or', { $or: [{ _id: { $in: ['plain'] } }, { f: { $in: ['w'] } }] }, ['other', 'plain']],
  ['$or with a branch that cannot narrow', { $or: [{ _id: { $in: ['plain'] } }, { f: 5 }] }, ['number', 'plain']],
  ['$or beside a narrowed field', { g: 'y', $or: [{ f: { $in: ['x'] } }, { _id: 'number' }] }, ['array', 'number', 'plain']],
];

test.each(cases)('$in with %s selects exactly what MongoDB selects', async (_name, filter, expected) => {
  expect(await ids(filter)).toEqual(expected);
  expect(await ids(unnarrowed(filter))).toEqual(expected);
  expect(await docs.countDocuments(filter)).toBe(expected.length);
});

test('idSetFilter over many ids (an $or of ranged $in groups) selects exactly the listed ids', async () => {
  const many = Array.from({ length: 1200 }, (_, i) => `n-${String(i).padStart(4, '0')}`);
  await docs.insertMany(many.map((id, i) => ({ _id: id, f: 'bulk', n: i })));
  const asked = many.filter((_, i) => i % 3 === 0).concat('plain', 'nope');
  const filter = idSetFilter(asked, '_id') as Filter<Shape>;
  expect(filter).toHaveProperty('$or');
  const expected = asked.filter((id) => id !== 'nope').sort();
  expect(await ids(filter)).toEqual(expected);
  expect(await ids({ ...filter, f: 'bulk' })).toEqual(expected.filter((id) => id !== 'plain'));
  await docs.deleteMany({ f: 'bulk' });
});

test('the query is narrowed: explain shows the $in served from an index', async () => {
  const explained = (filter: Filter<Shape>) => docs.find(filter).explain() as Promise<{ filterPushdown?: boolean; queryPlanner?: { Plan?: string[] } }>;
  const byId = await explained({ _id: { $in: ['plain', 'number'] } });
  expect(byId.filterPushdown).toBe(true);
  expect(byId.queryPlanner?.Plan?.join('\n')).toMatch(/SEARCH .* USING INDEX/);
  const byField = await explained({ f: { $in: ['x'] } });
  expect(byField.filterPushdown).toBe(true);
  expect(byField.queryPlanner?.Plan?.join('\n')).toMatch(/USING INDEX/);
  // A list with a number stays with Go: no narrowing, every document is read.
  expect((await explained({ f: { $in: ['x', 5] } })).filterPushdown).toBe(false);
});

test('updates and deletes by an $in filter touch exactly the matching documents', async () => {
  expect((await docs.updateMany({ f: { $in: ['x', 'w'] }, g: 'y' }, { $set: { seen: true } })).modifiedCount).toBe(3);
  expect(await ids({ seen: true })).toEqual(['array', 'other', 'plain']);
  expect((await docs.updateOne({ _id: { $in: ['number', 'null'] } }, { $set: { one: true } })).modifiedCount).toBe(1);
  expect(await docs.countDocuments({ one: true })).toBe(1);
  expect((await docs.deleteMany({ _id: { $in: ['escapes', 'unicode', 'nope'] } })).deletedCount).toBe(2);
  expect((await docs.deleteMany({ $or: [{ f: { $in: ['b'] } }, { _id: { $in: [oidKey] } }] })).deletedCount).toBe(2);
  expect(await ids({ f: { $in: ['x'] } })).toEqual(['array-of-objects', 'plain']);
});

test('random $in filters: the narrowed answer is always the unnarrowed one', async () => {
  const pool = ['x', 'w', 'a', 'b', '5', 'y', 'q', 'nope'];
  let state = 7;
  const random = (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  const someStrings = () => Array.from({ length: random(4) }, () => pool[random(pool.length)]);
  for (let round = 0; round < 40; round += 1) {
    const filter: Filter<Shape> = random(2) ? { f: { $in: someStrings() } } : { $or: [{ f: { $in: someStrings() } }, { g: { $in: someStrings() } }] };
    if (random(3) === 0) filter.g = pool[random(pool.length)];
    expect({ filter, ids: await ids(filter) }).toEqual({ filter, ids: await ids(unnarrowed(filter)) });
  }
});
