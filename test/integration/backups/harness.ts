import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Collection, Db, Document } from 'mongodb';
import { pino } from 'pino';
import { createApp, type App } from '../../../root/app.js';
import type { BackupModule } from '../../../adapters/backups/index.js';
import type { Digest } from '../../../adapters/chat/digestPublisher.js';
import { parseCommand } from '../../../adapters/chat/parseCommand.js';
import { loadConfig } from '../../../adapters/config.js';
import { toActor } from '../../../src/domain/actor.js';
import type { Note } from '../../../src/domain/note.js';
import type { Outcome } from '../../../src/usecases/outcomes.js';
import { freshDatabaseUri } from '../../support/database.js';
import { untilFinished } from '../../support/longWork.js';

export const ADMIN = 'console:admin';

/** Real time plus an offset tests move by hand, so "30 days later" takes no time. */
export class TestClock {
  private offsetMs = 0;
  now = () => new Date(Date.now() + this.offsetMs);
  advanceDays(days: number) {
    this.offsetMs += days * 86_400_000;
  }
}

export interface BackupHarness {
  app: App;
  backups: BackupModule;
  dir: string;
  clock: TestClock;
  databaseUri: string;
  /** The app's database, for tests that change or inspect it behind the ports' backs. */
  db: Db;
  /** Its notes collection, raw: how a test simulates loss or tampering. */
  rawNotes: Collection<Document>;
  /** Every digest posted, with the channel it went to. */
  digests: Array<{ digest: Digest; channel: string | undefined }>;
  /** Parses and dispatches a command as `actor`, like a chat front end; long work is waited for (see untilFinished). */
  run(text: string, actor?: string): Promise<Outcome>;
  close(): Promise<void>;
}

export async function startBackupApp(
  label: string,
  env: Record<string, string> = {},
  shared: { databaseUri?: string; dir?: string; clock?: TestClock } = {},
): Promise<BackupHarness> {
  const dir = shared.dir ?? (await mkdtemp(path.join(tmpdir(), `notes-backups-${label}-`)));
  const databaseUri = shared.databaseUri ?? freshDatabaseUri(label);
  const clock = shared.clock ?? new TestClock();
  const config = loadConfig({ NOTES_ADMINS: ADMIN, BACKUP_DIR: dir, BACKUP_DIGEST_CHANNEL: 'slack:C-backups', APPROVAL_CHANNEL: 'C-approvals', ...env });
  const app = await createApp({ config, logger: pino({ level: 'silent' }), databaseUri, clock });
  app.startBackground();
  const backups = app.backups;
  const db = app.connection.db!;
  const digests: BackupHarness['digests'] = [];
  app.digests.register('slack', { post: async (digest, channel) => void digests.push({ digest, channel }) });
  return {
    app,
    backups,
    dir,
    clock,
    databaseUri,
    db,
    rawNotes: db.collection('notes'),
    digests,
    run: async (text, actor = ADMIN) =>
      untilFinished(app, await app.dispatcher.execute({ actor: toActor(actor), origin: { platform: 'console', channelId: 'console' } }, parseCommand(text, { platform: 'console' }))),
    async close() {
      await app.close();
      if (!shared.dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Narrows an outcome to the kind a test expects, failing with what came instead. */
export function expectKind<K extends Outcome['kind']>(outcome: Outcome, kind: K): Extract<Outcome, { kind: K }> {
  if (outcome.kind !== kind) throw new Error(`expected outcome ${kind}, got ${outcome.kind}: ${JSON.stringify(outcome).slice(0, 300)}`);
  return outcome as Extract<Outcome, { kind: K }>;
}

export async function allNotes(app: App): Promise<Note[]> {
  const notes: Note[] = [];
  for await (const note of app.deps.notes.streamAll()) notes.push(note);
  return notes;
}

/** Waits until `check` returns a value, polling; fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
