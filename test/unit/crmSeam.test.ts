import type { Note } from '../../src/domain/note.js';
import type { CrmChangeFeed } from '../../src/ports/crm.js';
import { aNote } from '../support/builders.js';
import { expectKind, makeCore } from '../support/core.js';

/** What the core hands the CRM outbox: each change once per step, keyed so a repeat is a no-op. */
class RecordingFeed implements CrmChangeFeed {
  readonly calls: Array<{ change: string; ids: string[]; eventKey: string }> = [];
  async notesChanged(change: 'delete' | 'restore', notes: readonly Note[], eventKey: string) {
    this.calls.push({ change, ids: notes.map((n) => n.id).sort(), eventKey });
  }
}

test('single delete and restore, bulk delete and undo all pass their notes to the CRM seam', async () => {
  const core = makeCore({ batchSize: 4 });
  const feed = new RecordingFeed();
  core.deps.crm = feed;
  const ids: string[] = [];
  for (let i = 0; i < 6; i += 1) {
    const note = aNote(`crm ${i}`).on('acct-crm').build();
    await core.stores.notes.insert(note);
    ids.push(note.id);
  }

  const asked = expectKind(await core.run('console:admin', { name: 'delete', noteId: ids[0], reason: null }), 'confirm-delete');
  await core.run('console:admin', { name: 'confirm', confirmationId: asked.confirmationId });
  await core.run('console:admin', { name: 'restore', noteId: ids[0] });
  expect(feed.calls.map((c) => [c.change, c.ids])).toEqual([
    ['delete', [ids[0]]],
    ['restore', [ids[0]]],
  ]);
  // Each single change is keyed by its own effect: a delete and the restore after it are two entries.
  expect(feed.calls[0].eventKey).toMatch(/^e-/);
  expect(feed.calls[1].eventKey).not.toBe(feed.calls[0].eventKey);
  feed.calls.length = 0;

  const preview = expectKind(await core.run('console:admin', { name: 'bulk-delete', filter: { recordId: 'acct-crm' }, filterText: 'record:acct-crm' }), 'confirm-plan');
  const done = expectKind(await core.run('console:admin', { name: 'confirm', confirmationId: preview.confirmationId }), 'plan-executed');
  // Two batches of at most 4, each keyed by the plan.
  expect(feed.calls.map((c) => [c.change, c.ids.length, c.eventKey])).toEqual([
    ['delete', 4, done.plan.id],
    ['delete', 2, done.plan.id],
  ]);
  expect(feed.calls.flatMap((c) => c.ids).sort()).toEqual([...ids].sort());
  feed.calls.length = 0;

  await core.run('console:admin', { name: 'undo', planId: done.plan.id });
  expect(feed.calls.every((c) => c.change === 'restore' && c.eventKey !== done.plan.id)).toBe(true);
  expect(feed.calls.flatMap((c) => c.ids).sort()).toEqual([...ids].sort());
});
