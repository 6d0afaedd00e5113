import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { outcomeCard } from '../../../adapters/teams/cards.js';
import type { BackupSummary } from '../../../src/ports/backups.js';
import { expectValidCard } from './cardAssertions.js';
import { cardOf } from './fakeConnector.js';
import { action, actionsOf, cardText, invokeCardOf, invokeMessageOf, sentCard, sentTexts, shownText, TeamsHarness, user, type BotResponse } from './harness.js';

const admin = user('admin-1');
const otherAdmin = user('admin-2');
const member = user('member-1');

/** Every Container style on a card, in order (how failures are coloured). */
function containerStyles(card: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'Container' && typeof record.style === 'string') found.push(record.style);
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return found;
}

describe('Teams: a long backup list', () => {
  test('shows as many backups as a card holds, each with Verify, and says how many are left out', () => {
    const at = (i: number) => new Date(Date.UTC(2026, 10, 1, 2) + i * 60_000);
    const total = 200;
    const backups: BackupSummary[] = Array.from({ length: total }, (_, i) => ({
      id: `b-${String(1000 - i)}`,
      kind: 'scheduled',
      startedAt: at(total - i),
      finishedAt: at(total - i),
      durationMs: 1200,
      counts: { notes: 1000, roles: 3, audit: 40 },
      bytes: 250_000,
      sha256: 'a'.repeat(64),
      schemaVersion: 1,
      verification: { ok: true, at: at(total - i) },
    }));
    const card = outcomeCard({ kind: 'backup-list', backups }, at(0));
    expectValidCard(card);
    const shown = actionsOf(card).length;
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(total);
    expect(action(card, 'Verify').data).toEqual({ cmd: 'backup verify b-1000', view: 'backup list' });
    expect(cardText(card)).toContain(`${total} backups, newest first`);
    expect(cardText(card)).toContain(`… and ${total - shown} more`);
    expect(cardText(card)).not.toContain(`b-${1000 - shown}`);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(28 * 1024);
  });
});

describe('Teams: backup commands as cards', () => {
  const h = new TeamsHarness();
  let backupId = '';

  beforeAll(async () => {
    await h.start('teamsbackup');
    for (const text of ['first call', 'sent the quote', 'signed']) await h.say(admin, `notes add acct-7 ${text}`);
    await h.say(member, 'notes add acct-8 unrelated account');
  });
  afterAll(() => h.stop());

  const liveNotesOf = (recordId: string) => h.app.deps.notes.matchIds({ recordId, state: 'live' }, 100);
  const rawNotes = () => h.app.connection.db!.collection('notes');

  /**
   * `backup now` is answered "started" at once; the result card replaces its progress card in
   * place (updateActivity), once the background work is done.
   */
  async function backupNow(): Promise<{ id: string; card: Record<string, unknown> }> {
    const mark = h.connector.calls.length;
    const started = await h.say(admin, 'notes backup now');
    expect(started.sent.map((c) => `${shownText(String(c.body.text ?? ''))}\n${cardText(cardOf(c.body))}`).join('\n')).toMatch(/Backup j-\S+ started in the background/);
    await h.app.backgroundIdle();
    const final = h.connector.since(mark).find((c) => c.method === 'PUT' && cardText(cardOf(c.body)).includes('written'));
    if (!final) throw new Error('the progress card was never updated with the result');
    const card = cardOf(final.body) ?? {};
    const id = /Backup (\S+) written/.exec(cardText(card))?.[1];
    if (!id) throw new Error(`no backup id on card:\n${cardText(card)}`);
    return { id, card };
  }

  async function askRestore(id: string, scope: string): Promise<{ card: Record<string, unknown>; messageId: string }> {
    const res = await h.say(admin, `notes backup restore ${id} ${scope}`);
    return { card: sentCard(res), messageId: res.sent[0].assignedId };
  }

  test('backup now: a card with kind, counts, size, duration and the verification', async () => {
    const { id, card } = await backupNow();
    backupId = id;
    const text = cardText(card);
    expect(text).toMatch(/Kind\nmanual/);
    expect(text).toMatch(/Holds\n4 notes, \d+ roles, \d+ audit/);
    expect(text).toMatch(/Size\n[\d.]+ (B|KB)/);
    expect(text).toMatch(/verified \d{4}-\d{2}-\d{2}/);
    expect(text).toMatch(/sha256 [0-9a-f]{64}/);
    // Verified as it was written: green, like an intact verdict.
    expect(containerStyles(card)).toEqual(['good']);
    const created = await h.app.backups.catalog.find(id);
    expect(created).toMatchObject({ kind: 'manual', counts: { notes: 4 } });
  });

  test('backup verify of an intact backup: a green verdict', async () => {
    const card = sentCard(await h.say(admin, `notes backup verify ${backupId}`));
    expect(cardText(card)).toContain(`Backup ${backupId} is intact`);
    expect(cardText(card)).toMatch(/sha256\nmatches/);
    expect(containerStyles(card)).toEqual(['good']);
  });

  test('backup list: id, kind, time, counts, size and verified per backup, with a Verify button that refreshes the list', async () => {
    const res = await h.say(admin, 'notes backup list');
    const card = sentCard(res);
    const text = cardText(card);
    expect(text).toContain('1 backup, newest first');
    expect(text).toMatch(new RegExp(`${backupId}\n · manual · \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC`));
    expect(text).toMatch(/4 notes, \d+ roles, \d+ audit · [\d.]+ (B|KB)/);
    expect(text).toMatch(/verified \d{4}-/);
    const verify = action(card, 'Verify');
    expect(verify.data).toEqual({ cmd: `backup verify ${backupId}`, view: 'backup list' });

    const clicked = await h.click(admin, verify.data);
    expect(cardText(sentCard(clicked))).toContain(`Backup ${backupId} is intact`);
    expect(cardText(invokeCardOf(clicked.body))).toContain('1 backup, newest first');
  });

  test('backup verify of a corrupted file: the failure is shown in red, and the list says so too', async () => {
    const { id: corruptId } = await backupNow();
    const file = h.app.backups.catalog.dataPath(corruptId);
    const bytes = await readFile(file);
    bytes[bytes.length - 12] ^= 0xff; // inside the deflate data: sha256 and reading both break
    await writeFile(file, bytes);

    const card = sentCard(await h.say(admin, `notes backup verify ${corruptId}`));
    const text = cardText(card);
    expect(text).toContain(`Backup ${corruptId} FAILED verification`);
    expect(text).toContain('does NOT match');
    expect(text).toContain('A restore from it will be refused');
    expect(containerStyles(card)).toEqual(['attention']);

    const list = cardText(sentCard(await h.say(admin, 'notes backup list')));
    expect(list).toContain('2 backups, newest first');
    expect(list).toMatch(/FAILED verification/);

    const refused = await h.say(admin, `notes backup restore ${corruptId}`);
    expect(sentTexts(refused).join('\n')).toContain(`Backup ${corruptId} failed verification`);
  });

  test('restore record:<id>: Confirm / Cancel card, Confirm brings the notes back and replaces the card for everyone', async () => {
    expect(await liveNotesOf('acct-7')).toHaveLength(3);
    await rawNotes().deleteMany({ recordId: 'acct-7' });
    expect(await liveNotesOf('acct-7')).toHaveLength(0);

    const { card, messageId } = await askRestore(backupId, 'record:acct-7');
    const text = cardText(card);
    expect(text).toContain(`Restore record:acct-7 from backup ${backupId}?`);
    expect(text).toContain('3 (missing or deleted now)');
    expect(actionsOf(card).map((a) => a.title)).toEqual(['Restore 3 notes', 'Cancel']);
    const confirm = action(card, 'Restore 3 notes');
    expect(confirm.data.cmd).toMatch(/^confirm \S+$/);
    expect(action(card, 'Cancel').data.cmd).toBe(`cancel ${String(confirm.data.cmd).slice('confirm '.length)}`);

    const clicked = await h.click(admin, confirm.data, undefined, messageId);
    const answer = invokeCardOf(clicked.body);
    expect(cardText(answer)).toContain(`Restored 3 notes from backup ${backupId}`);
    expect(actionsOf(answer)).toEqual([]);
    const update = clicked.sent.find((c) => c.method === 'PUT');
    expect(update?.activityId).toBe(messageId);
    expect(cardText(update?.body.attachments?.[0].content)).toContain('Restored 3 notes');

    expect(await liveNotesOf('acct-7')).toHaveLength(3);
    expect(await liveNotesOf('acct-8')).toHaveLength(1);
    const [entry] = await h.app.deps.audit.query({ targetIds: [backupId], limit: 1 });
    expect(entry).toMatchObject({ action: 'backup.restore', actorId: 'teams:admin-1' });

    const again = await h.click(admin, confirm.data, undefined, messageId);
    expect(invokeMessageOf(again.body)).toContain('already confirmed');
  });

  test('Cancel: nothing is restored and the card says so', async () => {
    await rawNotes().deleteMany({ recordId: 'acct-8' });
    const { card, messageId } = await askRestore(backupId, 'record:acct-8');
    const clicked = await h.click(admin, action(card, 'Cancel').data, undefined, messageId);
    expect(cardText(invokeCardOf(clicked.body))).toMatch(/cancel/i);
    expect(clicked.sent.find((c) => c.method === 'PUT')?.activityId).toBe(messageId);
    expect(await liveNotesOf('acct-8')).toHaveLength(0);
    const late = await h.click(admin, action(card, 'Restore 1 note').data, undefined, messageId);
    expect(invokeMessageOf(late.body)).toContain('already cancelled');
    expect(await liveNotesOf('acct-8')).toHaveLength(0);
  });

  test('a member is refused every backup command and cannot answer an admin\'s restore', async () => {
    for (const line of ['backup now', 'backup list', `backup verify ${backupId}`, `backup restore ${backupId}`]) {
      const res: BotResponse = await h.say(member, `notes ${line}`);
      expect(sentTexts(res).join('\n')).toContain('"backup" needs the admin role; you are a member.');
    }
    const { card } = await askRestore(backupId, 'record:acct-8');
    const confirm = action(card, 'Restore 1 note').data;
    for (const who of [member, otherAdmin]) {
      const clicked = await h.click(who, confirm);
      expect(invokeMessageOf(clicked.body)).toContain('Only teams:admin-1, who asked for this, can answer it.');
    }
    expect(await liveNotesOf('acct-8')).toHaveLength(0);
    expect(h.cardsChecked).toBeGreaterThan(10);
  });
});
