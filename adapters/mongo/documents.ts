import { types } from 'node:util';

/**
 * Documents as the domain sees them (`toDomain`, `withoutUndefined`), the per-collection write
 * queue (`KeyedQueue`), and the duplicate-key test: what every Mongo repository shares, apart
 * from the schemas themselves (models.ts).
 */

/** Fields Mongo adds that the domain never sees. */
interface StorageFields {
  _id?: unknown;
  __v?: unknown;
}

/** Maps a lean document back to its domain shape by dropping Mongo's own fields. */
export function toDomain<T extends object>(doc: T & StorageFields): T {
  const { _id, __v, ...domain } = doc;
  return domain as T;
}

/**
 * A deep copy without `undefined` values. The driver would store an `undefined` inside a Mixed
 * field as `null`, which reads back differently from what the caller passed (and, for audit
 * details, hashes differently). Only arrays and plain objects are walked: Dates and any other
 * BSON-aware value (ObjectId, Buffer) pass through as they are.
 */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => withoutUndefined(item)) as T;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) out[key] = withoutUndefined(item);
  }
  return out as T;
}

/** By prototype, not `instanceof`, so objects from another realm (a VM context) still count. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || types.isDate(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * Runs tasks one at a time per key, in call order. FerretDB 1.24 (the development and test
 * database) executes every update, `findOneAndUpdate` included, as "query, then replace by _id"
 * without isolation: two concurrent compare-and-set updates of one document can both match and
 * both win, and an unrelated `$set` can write back a stale copy over a decision. Queueing the
 * writes to one document within the process makes a single instance correct on FerretDB; on
 * MongoDB, where `findOneAndUpdate` is atomic, the filters alone already make several instances
 * correct, and the queue costs next to nothing. (Several instances on FerretDB are not safe: use MongoDB.)
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release = () => {};
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => done);
    this.tails.set(key, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      // Forget drained keys so the map does not grow with every document ever written.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

const queues = new WeakMap<object, KeyedQueue>();

/** The write queue of one model, shared by every repository built on the same connection. */
export function writeQueue(model: object): KeyedQueue {
  let queue = queues.get(model);
  if (!queue) {
    queue = new KeyedQueue();
    queues.set(model, queue);
  }
  return queue;
}

/** True for the server's duplicate-key error (a unique index refused a write). */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
