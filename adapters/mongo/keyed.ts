import type { Model } from 'mongoose';
import { type Keyed } from './models.js';
import { toDomain, withoutUndefined } from './documents.js';

/**
 * Documents keyed by their domain id (`_id` = `id`): the one lookup FerretDB on SQLite serves
 * from an index, and the one insert every backend refuses atomically when the id is taken.
 * Written through the driver's collection, so mongoose never casts the string `_id`.
 */
export async function insertKeyed<T extends { id: string }>(model: Model<Keyed<T>>, doc: T): Promise<void> {
  await model.collection.insertOne(withoutUndefined({ _id: doc.id, ...doc }) as never);
}

/** The document stored under `id`, without Mongo's own fields; null when there is none. */
export async function findKeyed<T extends object>(model: Model<Keyed<T>>, id: string): Promise<T | null> {
  const doc = await model.collection.findOne({ _id: id } as never);
  return doc ? toDomain(doc as unknown as T) : null;
}
