/**
 * The commands the latency benchmark times, each the way a user meets it: typed text parsed by
 * the console grammar and dispatched as a console actor (what adapters/console does, confirmation
 * prompt included), or a Slack button's value through the same parser a click goes through.
 * Every run checks its outcome, so an error answered fast can never pass as a fast command.
 */
import { parseCommand, subcommandParsers } from '../../adapters/chat/parseCommand.js';
import { renderText } from '../../adapters/chat/renderText.js';
import type { App } from '../../root/app.js';
import { renderOutcome } from '../../adapters/slack/blocks.js';
import { slackContext } from '../../adapters/slack/payloads.js';
import { toActor } from '../../src/domain/actor.js';
import type { Command } from '../../src/usecases/commands.js';
import type { RequestContext } from '../../src/usecases/context.js';
import type { Outcome } from '../../src/usecases/outcomes.js';
import { AUTHORS, authorOf, isSeededDeleted, noteId, recordCount, recordOf, TAGS, TRASHED_ROUND } from './dataset.js';

export const ADMIN = 'console:bench-admin';
export const MEMBER = 'console:bench-member';
export const SLACK_ADMIN_USER = 'UBENCHADMIN';

/** Times the part of a run that the user waits for; every run calls it exactly once. */
export type Timed = <T>(work: () => Promise<T>) => Promise<T>;

export interface Scenario {
  name: string;
  targetS: number;
  run(timed: Timed): Promise<void>;
}

type Kind = Outcome['kind'];
const confirmKinds: Kind[] = ['confirm-delete', 'confirm-plan', 'confirm-backup-restore'];

function expect<K extends Kind>(outcome: Outcome, kind: K, what: string): Extract<Outcome, { kind: K }> {
  if (outcome.kind !== kind) throw new Error(`${what}: expected a ${kind} outcome, got ${outcome.kind} (${renderText(outcome).split('\n')[0]})`);
  return outcome as Extract<Outcome, { kind: K }>;
}

/** One console line as adapters/console/consoleAdapter.ts runs it: parse, dispatch, answer "y" to prompts, render. */
async function consoleLine(app: App, actorId: string, text: string): Promise<{ outcome: Outcome; printed: string }> {
  const ctx: RequestContext = { actor: toActor(actorId), origin: { platform: 'console', channelId: 'console' } };
  let outcome = await app.dispatcher.execute(ctx, parseCommand(text, { platform: 'console' }));
  let printed = '';
  while (confirmKinds.includes(outcome.kind)) {
    printed += `${renderText(outcome)}\n`;
    const { confirmationId } = outcome as Extract<Outcome, { confirmationId: string }>;
    outcome = await app.dispatcher.execute(ctx, { name: 'confirm', confirmationId });
  }
  printed += renderText(outcome);
  return { outcome, printed };
}

/** A deterministic stream of seeded notes, each handed out once (a deleted one is not reused). */
function notePicker(count: number) {
  const used = new Set<number>();
  let state = 12345;
  const random = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
  return {
    random,
    live(): string {
      for (let tries = 0; tries < 10_000; tries += 1) {
        const i = Math.floor(random() * count);
        if (isSeededDeleted(i, count) || used.has(i)) continue;
        used.add(i);
        return noteId(i);
      }
      throw new Error(`no unused live note left among ${count}; seed more notes`);
    },
    /** A record with at least one note in the trash. */
    recordWithTrash(): string {
      const records = recordCount(count);
      const first = TRASHED_ROUND * records;
      if (first >= count) throw new Error(`trash record:X needs at least ${first + 1} notes`);
      return recordOf(first + Math.floor(random() * Math.min(records, count - first)), count);
    },
  };
}

const nextPageCommand = (printed: string, what: string) => {
  const next = /next: (.+?)(?: · |\)$)/m.exec(printed)?.[1];
  if (!next) throw new Error(`${what}: the first page printed no "next:" command to run\n${printed.slice(0, 400)}`);
  return next;
};

export function scenarios(app: App, count: number): Scenario[] {
  const pick = notePicker(count);
  const deletedByUs: string[] = [];
  const line = (actorId: string, text: string) => consoleLine(app, actorId, text);
  const listRow = (name: string, text: () => string, targetS: number): Scenario => ({
    name,
    targetS,
    run: async (timed) => {
      const { outcome } = await timed(() => line(ADMIN, text()));
      if (!expect(outcome, 'note-list', name).notes.length) throw new Error(`${name}: listed no notes`);
    },
  });
  /** The next page as the console offers it: the "next:" command printed under the first page. */
  const nextPageRow = (first: Scenario & { text: () => string }): Scenario => ({
    name: `${first.name} (next page)`,
    targetS: first.targetS,
    run: async (timed) => {
      const { printed } = await line(ADMIN, first.text());
      const { outcome } = await timed(() => line(ADMIN, nextPageCommand(printed, first.name)));
      if (!expect(outcome, 'note-list', `${first.name} (next page)`).notes.length) throw new Error(`${first.name} (next page): listed no notes`);
    },
  });
  const paged = (name: string, text: () => string, targetS: number) => {
    const first = { ...listRow(name, text, targetS), text };
    return [first, nextPageRow(first)];
  };
  const slackClick = async (command: Command) => {
    const ctx = slackContext(SLACK_ADMIN_USER, 'C0BENCH', 'bench');
    const outcome = await app.dispatcher.execute(ctx, command);
    renderOutcome(outcome, app.deps.clock.now());
    return { ctx, outcome };
  };
  return [
    { name: 'show', targetS: 0.3, run: async (timed) => void expect((await timed(() => line(ADMIN, `show ${pick.live()}`))).outcome, 'note', 'show') },
    {
      name: 'add',
      targetS: 0.3,
      run: async (timed) => {
        const record = recordOf(Math.floor(pick.random() * count), count);
        expect((await timed(() => line(ADMIN, `add ${record} Called the buyer about the renewal #renewal`))).outcome, 'note-added', 'add');
      },
    },
    {
      name: 'delete + confirm',
      targetS: 0.3,
      run: async (timed) => {
        const id = pick.live();
        expect((await timed(() => line(ADMIN, `delete ${id}`))).outcome, 'note-deleted', 'delete + confirm');
        deletedByUs.push(id);
      },
    },
    {
      name: 'restore',
      targetS: 0.3,
      run: async (timed) => {
        const id = deletedByUs.shift();
        if (!id) throw new Error('restore: runs only after "delete + confirm" left notes in the trash');
        expect((await timed(() => line(ADMIN, `restore ${id}`))).outcome, 'note-restored', 'restore');
      },
    },
    {
      name: 'approve (member delete request)',
      targetS: 0.3,
      run: async (timed) => {
        const asked = expect((await line(MEMBER, `delete ${pick.live()}`)).outcome, 'approval-requested', 'member delete');
        const decided = expect((await timed(() => line(ADMIN, `approve ${asked.request.id}`))).outcome, 'approval-decided', 'approve');
        if (decided.request.status !== 'approved' || decided.result?.kind !== 'note-deleted') throw new Error(`approve: the request ended ${decided.request.status}`);
      },
    },
    {
      name: 'click: Delete button (Slack)',
      targetS: 0.3,
      run: async (timed) => {
        const { ctx, outcome } = await timed(() => slackClick(subcommandParsers.delete([pick.live()], { platform: 'slack' })));
        const { confirmationId } = expect(outcome, 'confirm-delete', 'Delete button');
        // Clicking Cancel on the dialog, untimed, so no confirmation is left pending.
        expect(await app.dispatcher.execute(ctx, subcommandParsers.cancel([confirmationId], { platform: 'slack' })), 'cancelled', 'Cancel button');
      },
    },
    listRow('list record:X', () => `list record:${recordOf(Math.floor(pick.random() * count), count)}`, 0.5),
    listRow('list author:Y', () => `list author:${authorOf(Math.floor(pick.random() * AUTHORS))}`, 0.5),
    listRow('trash record:X', () => `trash record:${pick.recordWithTrash()}`, 0.5),
    ...paged('list', () => 'list', 1.5),
    ...paged('list tag:t', () => `list tag:${TAGS[0]}`, 1.5),
  ];
}
