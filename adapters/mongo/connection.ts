import mongoose, { type Connection } from 'mongoose';

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
  return connection;
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
