import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Note } from '../../../src/domain/note.js';
import { action, actionsOf, cardText, invokeCardOf, invokeMessageOf, sentCard, sentTexts, TeamsHarness, user } from './harness.js';

const admin = user('admin-1');
const member = user('member-1');
const viewer = user('viewer-1');

const seedId = (n: number) => `n-s${String(n).padStart(2, '0')}`;

function seedNote(n: number): Note {
  const createdAt = new Date(Date.UTC(2026, 10, 1, 9, n));
  return {
    id: seedId(n),
    recordId: 'acct-1',
    body: `Lead note number ${n} #lead`,
    tags: ['lead'],
    authorId: 'teams:member-1',
    createdAt,
    updatedAt: createdAt,
    deletedAt: null,
    deletedBy: null,
    deleteReason: null,
    deletionPlanId: null,
  };
}

/** The ids of the notes a list card shows, in order (from their toggles or buttons). */
function noteIdsOn(card: unknown): string[] {
  const ids = actionsOf(card)
    .map((a) => /^(?:delete|restore) (n-\S+)$/.exec(String(a.data.cmd))?.[1])
    .filter((id): id is string => Boolean(id));
  return [...new Set(ids)];
}

function toggleIdsOn(card: unknown): string[] {
  return JSON.stringify(card).match(/"id":"sel_(n-[a-z0-9]+)"/g)?.map((m) => m.slice(10, -1)) ?? [];
}

describe('Teams: lists and trash as Adaptive Cards', () => {
  const h = new TeamsHarness();
  beforeAll(async () => {
    await h.start('teamslists');
    for (let n = 1; n <= 23; n += 1) await h.app.deps.notes.insert(seedNote(n));
  });
  afterAll(() => h.stop());

  test('list: one container per note, newest first, 10 a page, toggles and Delete selected for admins', async () => {
    const card = sentCard(await h.say(admin, 'notes list tag:lead'));
    expect(cardText(card)).toContain('10+ notes matching tag:lead — page 1');
    expect(noteIdsOn(card)).toEqual([23, 22, 21, 20, 19, 18, 17, 16, 15, 14].map(seedId));
    expect(toggleIdsOn(card)).toEqual(noteIdsOn(card));
    expect(actionsOf(card).map((a) => a.title)).toEqual([...Array(10).fill('Delete'), 'Delete selected', 'Next']);
    expect(action(card, 'Next').data).toEqual({ cmd: expect.stringMatching(/^list tag:lead page:2,a[0-9a-z]+,/) });
  });

  test('Next and Previous replace the card with the neighbouring page', async () => {
    const card = sentCard(await h.say(admin, 'notes list tag:lead'));
    const next = await h.click(admin, action(card, 'Next').data, undefined, 'card-message-1');
    expect(next.sent).toEqual([]); // paging is personal: no update of the posted card for everyone
    const page2 = invokeCardOf(next.body);
    expect(cardText(page2)).toContain('20+ notes matching tag:lead — page 2');
    expect(noteIdsOn(page2)[0]).toBe(seedId(13));
    const page3 = invokeCardOf((await h.click(admin, action(page2, 'Next').data)).body);
    expect(noteIdsOn(page3)).toEqual([3, 2, 1].map(seedId));
    expect(actionsOf(page3).some((a) => a.title === 'Next')).toBe(false);
    const back = invokeCardOf((await h.click(admin, action(page3, 'Previous').data)).body);
    expect(cardText(back)).toContain('— page 2');
    expect(noteIdsOn(back)).toEqual(noteIdsOn(page2));
  });

  test('members see Delete on each note but no toggles; viewers see no delete at all', async () => {
    const memberCard = sentCard(await h.say(member, 'notes list tag:lead'));
    expect(toggleIdsOn(memberCard)).toEqual([]);
    expect(actionsOf(memberCard).map((a) => a.title)).not.toContain('Delete selected');
    expect(actionsOf(memberCard).filter((a) => a.title === 'Delete')).toHaveLength(10);

    const grant = await h.say(admin, 'notes roles grant teams:viewer-1 viewer');
    expect(cardText(sentCard(grant))).toContain('teams:viewer-1 is now viewer (was member)');
    const viewerCard = sentCard(await h.say(viewer, 'notes list tag:lead'));
    expect(actionsOf(viewerCard).map((a) => a.title)).toEqual(['Next']);
    const refused = await h.say(viewer, 'notes add acct-1 sneaky');
    expect(sentTexts(refused).join()).toContain('"add" needs the member role; you are a viewer.');
  });

  test('Delete selected: ticked toggles become a bulk preview; Confirm deletes exactly those', async () => {
    const card = sentCard(await h.say(admin, 'notes list tag:lead'));
    const data = { ...action(card, 'Delete selected').data, [`sel_${seedId(23)}`]: 'true', [`sel_${seedId(22)}`]: 'true', [`sel_${seedId(21)}`]: 'false' };
    const clicked = await h.click(admin, data);
    const preview = sentCard(clicked);
    expect(cardText(preview)).toMatch(/Bulk delete p-\w+: the 2 selected notes\n/);
    expect(cardText(invokeCardOf(clicked.body))).toContain('10+ notes matching tag:lead — page 1'); // the list, refreshed

    const done = await h.click(admin, action(preview, 'Delete 2 notes').data);
    const outcome = invokeCardOf(done.body);
    expect(cardText(outcome)).toMatch(/done: deleted 2 notes/);
    expect((await h.app.deps.notes.findById(seedId(23)))?.deletedAt).not.toBeNull();
    expect((await h.app.deps.notes.findById(seedId(21)))?.deletedAt).toBeNull();

    const undone = await h.click(admin, action(outcome, 'Undo').data);
    expect(cardText(invokeCardOf(undone.body))).toContain('restored 2 notes');
    expect((await h.app.deps.notes.findById(seedId(23)))?.deletedAt).toBeNull();
  });

  test('Delete selected with nothing ticked says so', async () => {
    const res = await h.click(admin, { cmd: 'delete-selected', view: 'list tag:lead page:1', [`sel_${seedId(23)}`]: 'false' });
    expect(invokeMessageOf(res.body)).toContain('No notes were selected.');
  });

  test('a Delete button on a list posts the confirmation and refreshes the list', async () => {
    const card = sentCard(await h.say(admin, 'notes list tag:lead'));
    const clicked = await h.click(admin, actionsOf(card)[0].data);
    const confirmCard = sentCard(clicked);
    expect(cardText(confirmCard)).toContain(seedId(23));
    const confirmed = await h.click(admin, action(confirmCard, 'Delete').data);
    expect(cardText(invokeCardOf(confirmed.body))).toContain(`Deleted note ${seedId(23)}`);
  });

  test('trash: deleted notes with Restore; Restore posts the outcome and the refreshed trash drops the note', async () => {
    await h.say(admin, `notes delete ${seedId(22)}`).then((res) => h.click(admin, action(sentCard(res), 'Delete').data));
    const trash = sentCard(await h.say(admin, 'notes trash'));
    expect(cardText(trash)).toContain('2 deleted notes');
    expect(actionsOf(trash).map((a) => a.title)).toEqual(['Restore', 'Restore']);
    const clicked = await h.click(admin, action(trash, 'Restore').data);
    expect(cardText(sentCard(clicked))).toMatch(/Restored note n-s2[23]/);
    expect(noteIdsOn(invokeCardOf(clicked.body))).toHaveLength(1);
    const restoreAgain = await h.say(admin, `notes restore ${noteIdsOn(trash)[0]}`);
    expect(sentTexts(restoreAgain).join()).toContain('is not deleted; there is nothing to restore.');
  });

  test('restore by text brings the last deleted note back and the trash is empty', async () => {
    const trash = sentCard(await h.say(admin, 'notes trash'));
    const [last] = noteIdsOn(trash);
    const res = await h.say(admin, `notes restore ${last}`);
    expect(cardText(sentCard(res))).toContain(`Restored note ${last}`);
    expect(cardText(sentCard(await h.say(admin, 'notes trash')))).toContain('No deleted notes.');
  });

  test('a forged refresh that is not a list read never runs: the click acts, its answer takes the card', async () => {
    for (const id of [seedId(20), seedId(19)]) await h.say(admin, `notes delete ${id}`).then((res) => h.click(admin, action(sentCard(res), 'Delete').data));
    const clicked = await h.click(admin, { cmd: `restore ${seedId(20)}`, view: `restore ${seedId(19)}` });
    expect(clicked.sent).toEqual([]);
    expect(cardText(invokeCardOf(clicked.body))).toContain(`Restored note ${seedId(20)}`);
    expect(noteIdsOn(sentCard(await h.say(admin, 'notes trash')))).toEqual([seedId(19)]);
  });
});
