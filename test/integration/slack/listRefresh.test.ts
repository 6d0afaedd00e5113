import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { ACTION, SELECT_BLOCK } from '../../../adapters/slack/blocks.js';
import { decodeButtonValue } from '../../../adapters/slack/buttonValue.js';
import { ADMIN1, buttonOf, elementsOf, idOf, MEMBER, SlackHarness, textOf, type Sent } from './harness.js';

type Json = Record<string, unknown>;

/**
 * A button on a list answers with a new message and re-reads the list in place of the clicked
 * message (ViewAction.refresh), so the list never offers what the click just changed.
 */
describe('Slack: a click on a list refreshes the list', () => {
  const h = new SlackHarness();
  const ids: string[] = [];
  beforeAll(async () => {
    await h.start('slackrefresh');
    for (let i = 1; i <= 4; i += 1) {
      const added = await h.ask(MEMBER, `add acct-ref refresh me ${i} #refresh`);
      ids.push(/n-[0-9a-z]+/.exec(String(added.text))?.[0] ?? '');
    }
    for (const id of ids.slice(0, 2)) {
      const asked = await h.ask(ADMIN1, `delete ${id}`);
      await h.replyTo(await h.click(ADMIN1, buttonOf(asked, ACTION.confirmYes)));
    }
  });
  afterAll(() => h.stop());

  const idsOn = (msg: Json, actionId: string) => elementsOf(msg, actionId).map(idOf);
  /** What the clicked message became: the second post to the click's response_url. */
  const replaced = (sent: Sent) => h.replyTo(sent, 1);
  /** Time for a refresh that should not come to have come. */
  const noRefreshAfter = async (sent: Sent) => {
    await h.replyTo(sent);
    await sleep(400);
    expect(h.fake.responsesTo(sent.responseId)).toHaveLength(1);
  };

  test('trash, Restore: the clicker gets the answer, and the list is replaced by one without that note', async () => {
    const trash = await h.ask(ADMIN1, 'trash tag:refresh');
    expect(idsOn(trash, ACTION.restoreNote).sort()).toEqual(ids.slice(0, 2).sort());
    expect(decodeButtonValue(String(buttonOf(trash, ACTION.restoreNote, ids[0]).value)).refresh).toBe('trash tag:refresh page:1');
    const click = await h.click(ADMIN1, buttonOf(trash, ACTION.restoreNote, ids[0]));
    const answer = await h.replyTo(click);
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.replace_original).toBe(false);
    expect(String(answer.text)).toContain(`Restored note ${ids[0]}`);
    const list = await replaced(click);
    expect(list.replace_original).toBe(true);
    expect(textOf(list.blocks)).toContain('1 deleted note matching tag:refresh');
    expect(idsOn(list, ACTION.restoreNote)).toEqual([ids[1]]);
    expect(textOf(list.blocks)).not.toContain(ids[0]);
    expect((await h.app.deps.notes.findById(ids[0]))?.deletedAt).toBeNull();
  });

  test('live list, Delete: the confirmation comes as a new message; the list, re-read, still shows the note (nothing is deleted yet)', async () => {
    const live = await h.ask(ADMIN1, 'list tag:refresh');
    const target = ids[2];
    const click = await h.click(ADMIN1, buttonOf(live, ACTION.deleteNote, target));
    const answer = await h.replyTo(click);
    expect(answer.replace_original).toBe(false);
    expect(textOf(answer.blocks)).toContain('Delete this note?');
    const list = await replaced(click);
    expect(list.replace_original).toBe(true);
    expect(textOf(list.blocks)).toContain('3 notes matching tag:refresh');
    expect(idsOn(list, ACTION.deleteNote)).toContain(target);
    // Confirming replaces the confirmation, as before; the list is not touched by that click.
    const done = await h.click(ADMIN1, buttonOf(answer, ACTION.confirmYes));
    expect(String((await h.replyTo(done)).text)).toContain(`Deleted note ${target}`);
    expect((await h.app.deps.notes.findById(target))?.deletedBy).toBe(`slack:${ADMIN1}`);
  });

  test('"Delete selected": once the modal is confirmed, the list is re-read without the deleted notes', async () => {
    const live = await h.ask(ADMIN1, 'list tag:refresh');
    const remaining = idsOn(live, ACTION.deleteNote);
    expect(remaining).toHaveLength(2);
    const ticked = { [SELECT_BLOCK]: { [ACTION.select]: { type: 'checkboxes', selected_options: [{ value: remaining[0] }] } } };
    const click = await h.click(ADMIN1, buttonOf(live, ACTION.deleteSelected), { state: ticked });
    const { view } = await h.modalAfter(click);
    await h.answerModal(ADMIN1, view, 'view_submission');
    expect(textOf((await h.replyTo(click)).blocks)).toContain('deleted 1 note');
    const list = await replaced(click);
    expect(list.replace_original).toBe(true);
    expect(idsOn(list, ACTION.deleteNote)).toEqual([remaining[1]]);
  });

  test('a legacy button (bare id) still works, and leaves the list alone', async () => {
    const trash = await h.ask(ADMIN1, 'trash tag:refresh');
    const id = idsOn(trash, ACTION.restoreNote)[0];
    const click = await h.click(ADMIN1, { action_id: ACTION.restoreNote, value: id });
    expect(String((await h.replyTo(click)).text)).toContain(`Restored note ${id}`);
    await noRefreshAfter(click);
  });

  test('a forged refresh that is not a list is refused: the click is answered, nothing else runs, the list stays', async () => {
    const victim = ids[3];
    const trash = await h.ask(ADMIN1, 'trash tag:refresh');
    const id = idsOn(trash, ACTION.restoreNote)[0];
    const click = await h.click(ADMIN1, { action_id: ACTION.restoreNote, value: JSON.stringify({ id, r: `delete ${victim}` }) });
    expect(String((await h.replyTo(click)).text)).toContain(`Restored note ${id}`);
    await noRefreshAfter(click);
    expect((await h.app.deps.notes.findById(victim))?.deletedAt).toBeNull();
    expect(h.fake.calls.slice(click.mark).filter((c) => c.method === 'chat.postMessage')).toHaveLength(0);
  });

  test('a refresh the grammar refuses, or the clicker may not run, leaves the list and the answer as they are', async () => {
    const live = await h.ask(MEMBER, 'list tag:refresh');
    const [id, other] = idsOn(live, ACTION.deleteNote);
    const unparsable = await h.click(MEMBER, { action_id: ACTION.deleteNote, value: JSON.stringify({ id, r: 'list page:0' }) });
    expect(String((await h.replyTo(unparsable)).text)).toMatch(/^Approval request \S+ sent/);
    await noRefreshAfter(unparsable);
    const notAllowed = await h.click(MEMBER, { action_id: ACTION.deleteNote, value: JSON.stringify({ id: other, r: 'backup list' }) });
    const second = String((await h.replyTo(notAllowed)).text);
    expect(second).toMatch(/^Approval request \S+ sent/);
    // A member may not list backups, so that refresh is refused by the core: logged, not shown.
    expect(second).not.toContain('needs the admin role');
    await noRefreshAfter(notAllowed);
  });

  test('a forged JSON shape is not taken apart: it is one id, refused like typed text', async () => {
    const click = await h.click(ADMIN1, { action_id: ACTION.restoreNote, value: JSON.stringify({ id: ids[0], r: 'trash', extra: 1 }) });
    expect(String((await h.replyTo(click)).text)).toMatch(/^".*" is not a note id\./);
    await noRefreshAfter(click);
  });
});
