import { MongoClient, ObjectId, type Collection } from 'mongodb';
import { freshDatabaseUri } from '../support/database.js';

// The development database is FerretDB built with devdb/ferretdb-patches.json, which narrows the
// SQL query by every top-level equality to a string. Whatever it narrows, the answers must stay
// MongoDB's: arrays holding the value, escaped and non-ASCII strings, values of other types.
const client = await MongoClient.connect(freshDatabaseUri('pushdown'));
const docs: Collection<{ _id: string } & Record<string, unknown>> = client.db().collection('shapes');
afterAll(() => client.close());

const oid = new ObjectId('64b7f0c2a1b2c3d4e5f60718');
beforeAll(async () => {
  await docs.insertMany([
    { _id: 'plain', f: 'x', g: 'y' },
    { _id: 'array', f: ['a', 'x', 'b'], g: 'y' },
    { _id: 'number', f: 5, g: 'y' },
    { _id: 'numeric-string', f: '5', g: 'z' },
    { _id: 'escapes', f: 'say "hi" <b> & \\ \n tab\t', g: 'y' },
    { _id: 'unicode', f: 'ünïcode ✓ 日本 😀', g: 'y' },
    { _id: 'object-id', f: oid, g: 'y' },
    { _id: 'missing', g: 'y' },
    { _id: 'null', f: null, g: 'y' },
    { _id: 'array-of-objects', f: [{ x: 1 }, 'x'], g: 'q' },
  ]);
  await docs.createIndex({ f: 1, g: 1 });
});

const ids = async (filter: Record<string, unknown>) => (await docs.find(filter).toArray()).map((d) => d._id).sort();

test.each([
  [{ f: 'x' }, ['array', 'array-of-objects', 'plain']],
  [{ f: 'x', g: 'y' }, ['array', 'plain']],
  [{ f: '5' }, ['numeric-string']],
  [{ f: 5 }, ['number']],
  [{ f: 'say "hi" <b> & \\ \n tab\t' }, ['escapes']],
  [{ f: 'ünïcode ✓ 日本 😀' }, ['unicode']],
  [{ f: oid }, ['object-id']],
  [{ f: null }, ['missing', 'null']],
  [{ f: 'nope' }, []],
  [{ _id: 'plain', f: 'x' }, ['plain']],
  [{ _id: 'plain', f: 'other' }, []],
  [{ 'f.x': 1 }, ['array-of-objects']],
])('%j selects exactly what MongoDB selects', async (filter, expected) => {
  expect(await ids(filter)).toEqual(expected);
  expect(await docs.countDocuments(filter)).toBe(expected.length);
});

test('updates and deletes by a narrowed filter touch exactly the matching documents', async () => {
  expect((await docs.updateMany({ g: 'y', f: 'x' }, { $set: { seen: true } })).modifiedCount).toBe(2);
  expect(await ids({ seen: true })).toEqual(['array', 'plain']);
  expect((await docs.deleteMany({ g: 'q', f: 'x' })).deletedCount).toBe(1);
  expect(await ids({ f: 'x' })).toEqual(['array', 'plain']);
});
