import { translatorFor } from '../../../adapters/chat/i18n/index.js';
import { renderText } from '../../../adapters/chat/renderText.js';
import { englishWords } from '../../support/english.js';
import { withCrmFailures } from '../../../adapters/chat/digestViews.js';
import type { Note } from '../../../src/domain/note.js';
import { startCrmApp, type CrmHarness } from './harness.js';

let h: CrmHarness;
beforeEach(async () => {
  h = await startCrmApp('crmsync');
});
afterEach(async () => {
  await h.close();
});

const noteOf = async (source: 'zoho' | 'hubspot', externalId: string): Promise<Note> => {
  const note = await h.app.deps.notes.findBySource(source, externalId);
  if (!note) throw new Error(`no note for ${source}:${externalId}`);
  return note;
};

test('crm sync pulls both CRMs into the bot; a second sync adds nothing; a CRM edit updates the note', async () => {
  const z = Array.from({ length: 5 }, (_, i) => h.zoho.addNote({ content: `Zoho call ${i} #renewal`, parent: 'acct-42' }));
  const s = Array.from({ length: 3 }, (_, i) => h.hubspot.addNote({ body: `<p>HubSpot call ${i}</p>`, company: '900' }));

  const first = await h.run('crm sync');
  expect(first).toMatchObject({
    kind: 'crm-synced',
    reports: [
      { source: 'zoho', ok: true, added: 5, updated: 0 },
      { source: 'hubspot', ok: true, added: 3, updated: 0 },
    ],
  });
  expect(await noteOf('zoho', z[0].id)).toMatchObject({
    recordId: 'acct-42',
    body: 'Zoho call 0 #renewal',
    tags: ['renewal'],
    source: 'zoho',
    authorId: 'zoho:4150868000000225013',
    deletedAt: null,
  });
  expect(await noteOf('hubspot', s[2].id)).toMatchObject({ recordId: 'company-900', body: 'HubSpot call 2', authorId: 'system:hubspot' });

  const second = await h.run('crm sync');
  expect(second).toMatchObject({ reports: [{ source: 'zoho', added: 0, updated: 0 }, { source: 'hubspot', added: 0, updated: 0 }] });
  expect(await h.app.deps.notes.count({ state: 'live' })).toBe(8);

  h.zoho.editNote(z[1].id, 'Zoho call 1, edited');
  const third = await h.run('crm sync');
  expect(third).toMatchObject({ reports: [{ source: 'zoho', added: 0, updated: 1 }, { source: 'hubspot', added: 0 }] });
  expect((await noteOf('zoho', z[1].id)).body).toBe('Zoho call 1, edited');

  const status = await h.run('crm status');
  expect(status.kind).toBe('crm-status');
  const text = renderText(status);
  expect(text).toMatch(/zoho: last sync .*next pull: changes since 2026-11-01T00:00:0\ds?/);
  expect(text).toMatch(/outbox: 0 pending, 0 sending, 0 failed/);
  const audit = await h.app.deps.audit.query({ limit: 10 });
  expect(audit.some((e) => e.action === 'crm.sync' && e.details.source === 'zoho' && e.details.added === 5)).toBe(true);
});

test('a 429 during a pull is waited out as the CRM asked, and the cursor only moves past stored pages', async () => {
  for (let i = 0; i < 3; i += 1) h.zoho.addNote({ content: `note ${i}` });
  await h.run('crm sync'); // the token
  h.zoho.addNote({ content: 'after the first sync' });
  h.zoho.rateLimit(1, 4);
  const report = await h.app.crm!.pull('zoho');
  expect(report).toMatchObject({ ok: true, added: 1 });
  expect(h.waits).toContain(4000);
});

test('deletes and restores of CRM notes in the bot reach the CRM through the outbox, once', async () => {
  const z = Array.from({ length: 3 }, (_, i) => h.zoho.addNote({ content: `zoho ${i}` }));
  const s = Array.from({ length: 2 }, (_, i) => h.hubspot.addNote({ body: `hubspot ${i}`, company: '42' }));
  await h.run('crm sync');
  const zNote = await noteOf('zoho', z[0].id);
  const sNote = await noteOf('hubspot', s[0].id);

  await h.confirmed(`delete ${zNote.id} duplicate`);
  await h.confirmed(`delete ${sNote.id}`);
  // A chat note has no CRM: nothing to send.
  await h.run('add acct-1 typed in chat');
  expect((await h.outbox()).map((e) => [e.source, e.change, e.state])).toEqual([
    ['hubspot', 'delete', 'pending'],
    ['zoho', 'delete', 'pending'],
  ]);
  expect(renderText(await h.run('crm status'))).toMatch(/zoho: .*\n {2}outbox: 1 pending/);

  expect(await h.app.crm!.drain('zoho')).toMatchObject({ sent: 1, done: 1 });
  expect(await h.app.crm!.drain('hubspot')).toMatchObject({ sent: 1, done: 1 });
  expect(h.zoho.recycleBin.has(z[0].id)).toBe(true);
  expect(h.hubspot.notes.get(s[0].id)!.archived).toBe(true);
  // Drained: nothing goes twice.
  expect(await h.app.crm!.drain('zoho')).toMatchObject({ sent: 0 });
  expect(h.zoho.deleteCalls.flat().filter((id) => id === z[0].id)).toHaveLength(1);

  await h.run(`restore ${zNote.id}`);
  await h.run(`restore ${sNote.id}`);
  await h.app.crm!.drain('zoho');
  await h.app.crm!.drain('hubspot');
  expect(h.zoho.notes.has(z[0].id)).toBe(true);
  expect(h.zoho.restoreCalls).toEqual([z[0].id]);
  // HubSpot cannot restore: the note was re-created and the bot's note now carries the new id.
  expect(h.hubspot.created).toHaveLength(1);
  const recreated = h.hubspot.created[0];
  expect(recreated.properties.hs_note_body).toBe('hubspot 0');
  expect((await h.app.deps.notes.findById(sNote.id))!.externalId).toBe(recreated.id);
  // The next pull sees the re-created note as the same note, not a new one.
  const again = await h.run('crm sync');
  expect(again).toMatchObject({ reports: [{ source: 'zoho', added: 0 }, { source: 'hubspot', added: 0 }] });
  expect(await h.app.deps.notes.count({ state: 'live' })).toBe(6);
});

test('a bulk delete goes out in batches of at most 100; undo brings the notes back from the recycle bin', async () => {
  const z = Array.from({ length: 230 }, (_, i) => h.zoho.addNote({ content: `bulk ${i} #cleanup` }));
  await h.run('crm sync');
  const executed = await h.confirmed('bulk-delete tag:cleanup');
  expect(executed.kind).toBe('plan-executed');
  const planId = (executed as { plan: { id: string } }).plan.id;
  expect((await h.outbox()).filter((e) => e.change === 'delete')).toHaveLength(230);

  await h.app.crm!.drain('zoho');
  expect(h.zoho.deleteCalls.map((c) => c.length).sort((a, b) => b - a)).toEqual([100, 100, 30]);
  expect(new Set(h.zoho.deleteCalls.flat()).size).toBe(230);
  expect(h.zoho.notes.size).toBe(0);

  await h.run(`undo ${planId}`);
  await h.app.crm!.drain('zoho');
  expect(h.zoho.restoreCalls.sort()).toEqual(z.map((n) => n.id).sort());
  expect(h.zoho.notes.size).toBe(230);
});

test('a delete undone before it was sent is never sent; a 429 while sending is waited out', async () => {
  const z = Array.from({ length: 2 }, (_, i) => h.zoho.addNote({ content: `quick ${i}` }));
  await h.run('crm sync');
  const first = await noteOf('zoho', z[0].id);
  const second = await noteOf('zoho', z[1].id);
  await h.confirmed(`delete ${first.id}`);
  await h.run(`restore ${first.id}`);
  await h.confirmed(`delete ${second.id}`);
  h.zoho.rateLimit(1, 2);
  const report = await h.app.crm!.drain('zoho');
  expect(report).toMatchObject({ cancelled: 2, done: 1 });
  expect(h.waits).toContain(2000);
  expect(h.zoho.deleteCalls).toEqual([[z[1].id]]);
  expect(h.zoho.restoreCalls).toEqual([]);
});

test('changes that keep failing stop after their attempts and show in crm status and the backup digest', async () => {
  await h.close();
  h = await startCrmApp('crmfail', { drain: { maxAttempts: 2 } });
  const z = h.zoho.addNote({ content: 'will fail' });
  await h.run('crm sync');
  const note = await noteOf('zoho', z.id);
  await h.confirmed(`delete ${note.id}`);
  await h.zoho.stop(); // Zoho unreachable: retryable failures

  const tries = [await h.app.crm!.drain('zoho'), await h.app.crm!.drain('zoho')];
  expect(tries.map((r) => [r.retried, r.failed])).toEqual([
    [1, 0],
    [0, 1],
  ]);
  const outcome = await h.run('crm status');
  const status = renderText(outcome);
  expect(status).toMatch(/outbox: 0 pending, 0 sending, 1 failed/);
  expect(status).toContain(`failed: delete of note ${note.id} after 2 attempts: zoho could not be reached (ECONNREFUSED)`);
  // Stored as data, worded for each reader: a Chinese admin reads the failure in Chinese.
  expect((await h.outbox())[0].lastError).toEqual({ code: 'unreachable', crm: 'zoho', detail: 'ECONNREFUSED' });
  const zh = renderText(outcome, translatorFor('zh-CN'));
  expect(zh).toContain(`失败：备注 ${note.id} 的删除同步在 2 次尝试后仍未成功：无法连接 Zoho（ECONNREFUSED）`);
  expect(englishWords(zh.replace(/ECONNREFUSED/g, ''))).toEqual([]);
  const gaveUp = (await h.app.deps.audit.query({ limit: 20 })).find((e) => e.action === 'crm.giveUp');
  expect(gaveUp?.details.error).toEqual([{ code: 'unreachable', crm: 'zoho', detail: 'ECONNREFUSED' }]);
  const digest = withCrmFailures({ topic: 'backup', ok: true, title: 'Backup', lines: [] }, await h.app.crm!.failedCounts());
  expect(digest.ok).toBe(false);
  expect(digest.lines).toEqual(['CRM zoho: 1 change could not be sent (see "crm status")', ]);
  await h.zoho.start();
});

test('a HubSpot re-create cut off before its result was stored is found, not made twice', async () => {
  await h.close();
  let crashes = 1;
  h = await startCrmApp('crmrecreate', {
    drain: {
      leaseMs: 0,
      afterSend(entries) {
        // Stands in for a crash between HubSpot creating the note and the outbox recording it.
        if (entries[0]?.change === 'restore' && crashes-- > 0) throw new Error('crashed after the send');
      },
    },
  });
  const written = h.hubspot.addNote({ body: 'bring me back', company: '8' });
  await h.run('crm sync');
  const note = await noteOf('hubspot', written.id);
  await h.confirmed(`delete ${note.id}`);
  await h.app.crm!.drain('hubspot');
  await h.run(`restore ${note.id}`);
  await expect(h.app.crm!.drain('hubspot')).rejects.toThrow('crashed after the send');
  expect((await h.outbox()).find((e) => e.change === 'restore')!.state).toBe('sending');

  expect(await h.app.crm!.drain('hubspot')).toMatchObject({ sent: 0, done: 1 });
  expect(h.hubspot.created).toHaveLength(1);
  expect((await h.app.deps.notes.findById(note.id))!.externalId).toBe(h.hubspot.created[0].id);
  expect((await h.outbox()).every((e) => e.state === 'done')).toBe(true);
});
