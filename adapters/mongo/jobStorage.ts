import type { Db } from 'mongodb';
import type { Connection } from 'mongoose';
import { ClaimLedger, claimModel } from './claims.js';

/** Agenda's collection: jobs/index.ts gives the same name to its backend, jobs/health.ts reads it. */
export const AGENDA_COLLECTION = 'agendaJobs';

/**
 * What the scheduler keeps in the database, built here so jobs/ never opens a collection itself:
 * Agenda's database handle (for Agenda's own backend, nothing else), the claims that run each
 * job occurrence once (jobs/oncePerRun.ts), and the clean-up of duplicate schedules.
 */
export interface MongoJobStorage {
  agendaDb: Db;
  claims: ClaimLedger;
  /**
   * Keeps one recurring schedule per name, the lowest `_id`, and removes the others: every
   * process agrees on which one stays (see jobs/index.ts for why duplicates appear).
   */
  keepOneSchedule(names: readonly string[]): Promise<void>;
}

export function createJobStorage(connection: Connection): MongoJobStorage {
  const db = connection.db;
  if (!db) throw new Error('the database connection has no database handle');
  const jobs = db.collection(AGENDA_COLLECTION);
  return {
    agendaDb: db,
    claims: new ClaimLedger(claimModel(connection)),
    async keepOneSchedule(names) {
      for (const name of names) {
        const schedules = await jobs.find({ name, type: 'single' }, { projection: { _id: 1 } }).toArray();
        const extra = schedules.map((j) => j._id).sort((a, b) => String(a).localeCompare(String(b))).slice(1);
        if (extra.length) await jobs.deleteMany({ _id: { $in: extra } });
      }
    },
  };
}
