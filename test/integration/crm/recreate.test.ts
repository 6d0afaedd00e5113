import { translatorFor } from '../../../adapters/chat/i18n/index.js';
import { renderText } from '../../../adapters/chat/renderText.js';
import { startCrmApp, type CrmHarness } from './harness.js';

let h: CrmHarness;
beforeAll(async () => {
  h = await startCrmApp('crmrelink');
});
afterAll(async () => {
  await h.close();
});

test('a note HubSpot re-created on restore is updated by the next pull, never imported twice, and its sends are audited in both languages', async () => {
  const written = h.hubspot.addNote({ body: 'renewal call', company: '42' });
  await h.run('crm sync');
  const note = (await h.app.deps.notes.findBySource('hubspot', written.id))!;
  await h.confirmed(`delete ${note.id}`);
  expect(await h.app.crm!.drain('hubspot')).toMatchObject({ sent: 1, done: 1 });
  await h.run(`restore ${note.id}`);
  expect(await h.app.crm!.drain('hubspot')).toMatchObject({ sent: 1, done: 1 });
  const recreated = h.hubspot.created[0];
  expect(recreated.id).not.toBe(written.id);
  expect(await h.app.deps.notes.findById(note.id)).toMatchObject({ externalId: recreated.id, previousExternalIds: [written.id] });

  // Someone edits the re-created note in HubSpot; the pull updates the bot's note in place.
  h.hubspot.editNote(recreated.id, 'renewal call, moved to May');
  expect(await h.run('crm sync')).toMatchObject({ reports: [{ source: 'zoho' }, { source: 'hubspot', added: 0, updated: 1 }] });
  expect((await h.app.deps.notes.findBySource('hubspot', recreated.id))!.id).toBe(note.id);
  expect((await h.app.deps.notes.findById(note.id))!.body).toBe('renewal call, moved to May');
  expect(await h.app.deps.notes.count({ state: 'live', recordId: 'company-42' })).toBe(1);

  const history = await h.run(`audit note:${note.id}`);
  const en = renderText(history);
  expect(en).toMatch(/system:crm-outbox crm\.send .*CRM: hubspot; change: re-create; result: done; attempt: 1; CRM ids: \d+/);
  expect(en).toMatch(/system:crm-outbox crm\.send .*change: delete; result: done; attempt: 1/);
  const zh = renderText(history, translatorFor('zh-CN'));
  expect(zh).toMatch(/推送到 CRM .*CRM：hubspot；变更：重新创建；结果：已完成/);
  expect(zh).toContain('重新创建');
  expect(zh).toContain('已完成');
});
