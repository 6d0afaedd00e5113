import mongoose, { type Connection } from 'mongoose';

/**
 * What the server behind a connection can do, detected once at connect. Repositories choose
 * their query shapes from it.
 */
export interface DatabaseServer {
  kind: 'mongodb' | 'ferretdb';
  /**
   * True when `findOneAndUpdate` with a filter beyond `_id` is atomic (MongoDB) and a cheap
   * index lookup. FerretDB 1.24 runs it as "query, then replace by _id" without isolation, and on
   * SQLite any filter other than exactly `{_id}` scans the whole collection: there a conditional
   * write is read by `_id`, checked, and written by `_id` under the process's write queue, which
   * is safe because the embedded database has exactly one owner process (several instances need
   * MongoDB).
   */
  atomicConditionalUpdates: boolean;
}

export const MONGODB: DatabaseServer = { kind: 'mongodb', atomicConditionalUpdates: true };
export const FERRETDB: DatabaseServer = { kind: 'ferretdb', atomicConditionalUpdates: false };

const servers = new WeakMap<Connection, DatabaseServer>();

/**
 * One mongoose connection per process, shared by the repositories and by Agenda
 * (`connection.db`), so jobs and commands see the same database and pool.
 */
export async function connectDatabase(uri: string): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: 5_000,
    // FerretDB and small deployments: a modest pool is plenty and keeps memory flat.
    maxPoolSize: 20,
    autoIndex: false,
  });
  await connection.asPromise();
  servers.set(connection, await detectServer(connection));
  return connection;
}

/** FerretDB answers `buildInfo` with a `ferretdbVersion` field; MongoDB has no such field. */
async function detectServer(connection: Connection): Promise<DatabaseServer> {
  const info = await connection.db!.admin().command({ buildInfo: 1 });
  return typeof info.ferretdbVersion === 'string' ? FERRETDB : MONGODB;
}

/**
 * The server detected at connect. A connection made elsewhere counts as MongoDB: its
 * conditional `findOneAndUpdate` is correct on every server, only slow on FerretDB.
 */
export function serverOf(connection: Connection): DatabaseServer {
  return servers.get(connection) ?? MONGODB;
}

/** True when the server answers a ping: what `GET /healthz` reports. */
export async function databaseAnswers(connection: Connection, timeoutMs = 2_000): Promise<boolean> {
  const db = connection.db;
  if (!db || connection.readyState !== 1) return false;
  try {
    await Promise.race([
      db.command({ ping: 1 }),
      new Promise((_, reject) => setTimeout(() => reject(new Error('ping timed out')), timeoutMs).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}
