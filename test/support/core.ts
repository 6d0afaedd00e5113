import { toActor } from '../../src/domain/actor.js';
import type { Note } from '../../src/domain/note.js';
import type { Clock, IdGenerator, Logger, NotesEvent, SnapshotInfo, SnapshotSink } from '../../src/ports/system.js';
import type { Command } from '../../src/usecases/commands.js';
import type { CoreDeps, CoreSettings, RequestContext } from '../../src/usecases/context.js';
import { createDispatcher } from '../../src/usecases/dispatch.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import { InMemoryApprovals, InMemoryAudit, InMemoryConfirmations, InMemoryLocales, InMemoryNotes, InMemoryPlans, InMemoryRoles } from './memory.js';

export class FixedClock implements Clock {
  constructor(public current = new Date(Date.UTC(2026, 10, 29, 12))) {}
  now() {
    return new Date(this.current);
  }
  advanceMinutes(minutes: number) {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
}

export function sequentialIds(): IdGenerator {
  let n = 0;
  const next = (prefix: string) => `${prefix}-${(++n).toString(36).padStart(6, '0')}`;
  return { noteId: () => next('n'), planId: () => next('p'), approvalId: () => next('r'), confirmationId: () => next('c'), jobId: () => next('j'), effectId: () => next('e') };
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};

/** Records snapshots in memory; the test can assert exactly what was handed over before a delete. */
export class RecordingSnapshots implements SnapshotSink {
  readonly snapshots: Array<{ planId: string; notes: Note[] }> = [];
  async writeSnapshot(planId: string, notes: AsyncIterable<Note>): Promise<SnapshotInfo> {
    const collected: Note[] = [];
    for await (const note of notes) collected.push(note);
    this.snapshots.push({ planId, notes: collected });
    return { id: `snap-${planId}-${this.snapshots.length}`, noteCount: collected.length, bytes: 0, sha256: 'x' };
  }
}

export function makeCore(overrides: Partial<CoreSettings> = {}) {
  const clock = new FixedClock();
  const events: NotesEvent[] = [];
  const stores = {
    notes: new InMemoryNotes(),
    roles: new InMemoryRoles(),
    plans: new InMemoryPlans(),
    approvals: new InMemoryApprovals(),
    confirmations: new InMemoryConfirmations(),
    audit: new InMemoryAudit(),
    locales: new InMemoryLocales(),
  };
  const snapshots = new RecordingSnapshots();
  const deps: CoreDeps = {
    ...stores,
    snapshots,
    notifier: { publish: async (event) => void events.push(event) },
    clock,
    ids: sequentialIds(),
    logger: silentLogger,
    settings: {
      bulkApprovalThreshold: 20,
      bulkMax: 10_000,
      approvalTtlMinutes: 1440,
      confirmTtlMinutes: 15,
      pageSize: 10,
      batchSize: 7,
      rolePolicy: { bootstrapAdmins: ['console:admin', 'console:admin2'], defaultRole: 'member' },
      defaultLocale: 'en',
      ...overrides,
    },
  };
  const dispatcher = createDispatcher(deps);
  // As the console adapter builds it: only the person at the terminal reads the answer.
  const ctx = (actorId: string): RequestContext => ({ actor: toActor(actorId), origin: { platform: 'console', channelId: 'test' }, privateReply: true });
  const run = (actorId: string, command: Command): Promise<Outcome> => dispatcher.execute(ctx(actorId), command);
  return { deps, stores, clock, events, snapshots, dispatcher, ctx, run };
}

/** Narrows an outcome to one kind, failing the test with what came instead. */
export function expectKind<K extends Outcome['kind']>(outcome: Outcome, kind: K): Extract<Outcome, { kind: K }> {
  if (outcome.kind !== kind) throw new Error(`expected outcome ${kind}, got ${outcome.kind}: ${JSON.stringify(outcome).slice(0, 300)}`);
  return outcome as Extract<Outcome, { kind: K }>;
}
