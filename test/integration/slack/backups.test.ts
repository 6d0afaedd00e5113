import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, readdir, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BackupModule } from '../../../adapters/backups/index.js';
import { ACTION } from '../../../adapters/slack/blocks.js';
import { ADMIN1, ADMIN2, buttonOf, elementsOf, idOf, MEMBER, SlackHarness, textOf, type Sent } from './harness.js';

type Json = Record<string, unknown>;
const blocksText = (msg: Json) => textOf(msg.blocks);

/**
 * `/notes backup …` in Slack over loopback HTTP: Block Kit for every backup outcome, and a
 * restore from a backup done entirely by clicking the confirmation's buttons.
 */
describe('Slack: backup now, list, verify and a restore confirmed by button', () => {
  const h = new SlackHarness();
  let dir = '';
  let backups: BackupModule;
  let backupId = '';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'notes-slack-backups-'));
    await h.start('slackbackup', { BACKUP_DIR: dir });
    // Slack being mounted already plugged the backup module in; this hands the test its handles.
    backups = h.app.backups;
    for (const text of ['acct-1 first call', 'acct-1 sent the quote', 'acct-2 unrelated']) await h.ask(MEMBER, `add ${text}`);
  });
  afterAll(async () => {
    await h.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const liveIn = (recordId: string) => h.app.deps.notes.count({ state: 'live', recordId });
  // Losing notes is simulated behind the ports' backs, on the raw collection.
  const rawNotes = () => h.app.connection.db!.collection('notes');

  /**
   * `backup now` is answered "started" at once; the result is the final update of its progress
   * message (chat.update of the message posted in the channel the command came from).
   */
  async function backupNow(): Promise<Json> {
    const sent = await h.command(ADMIN1, 'backup now');
    const answer = await h.replyTo(sent);
    expect(answer.response_type).toBe('ephemeral');
    expect(String(answer.text)).toMatch(/Backup j-\S+ started in the background/);
    const final = await h.fake.waitFor((c) => c.method === 'chat.update' && String(c.body.text).includes('written'), { from: sent.mark, ms: 30_000 });
    return final.body;
  }

  test('backup now: "started", then the result as Block Kit on its progress message (id, counts, size, checked) and the files in BACKUP_DIR', async () => {
    const reply = await backupNow();
    backupId = /Backup (manual-[\w-]+) written/.exec(blocksText(reply))?.[1] ?? '';
    expect(backupId).not.toBe('');
    expect(blocksText(reply)).toContain('*Holds*\n3 notes, 0 roles');
    expect(blocksText(reply)).toMatch(/\*Size\*\n[\d.]+ (B|KB)/);
    expect(blocksText(reply)).toContain(':white_check_mark: verified');
    expect(String(reply.text)).toContain(`Backup ${backupId} written`);
    expect((await readdir(dir)).sort()).toEqual([`${backupId}.json`, `${backupId}.ndjson.gz`]);
  });

  test('backup list: one readable line per backup with id, kind, time, counts, size, verified, and a Verify button', async () => {
    const reply = await h.ask(ADMIN1, 'backup list');
    const text = blocksText(reply);
    expect(text).toContain('*1 backup, newest first*');
    expect(text).toMatch(new RegExp(`\`${backupId}\` · manual · \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\n3 notes, 0 roles, \\d+ audit · [\\d.]+ (B|KB) · verified`));
    expect(idOf(buttonOf(reply, ACTION.verifyBackup))).toBe(backupId);
  });

  test('verify (typed, and by the Verify button): the backup is intact', async () => {
    const typed = await h.ask(ADMIN1, `backup verify ${backupId}`);
    expect(blocksText(typed)).toContain(`:white_check_mark: *Backup ${backupId} is intact*`);
    const list = await h.ask(ADMIN1, 'backup list');
    const click = await h.click(ADMIN1, buttonOf(list, ACTION.verifyBackup, backupId));
    const clicked = await h.replyTo(click);
    expect(clicked.replace_original).toBe(false);
    expect(blocksText(clicked)).toContain('is intact');
    // The list is read again in place of the clicked one.
    const refreshed = await h.replyTo(click, 1);
    expect(refreshed.replace_original).toBe(true);
    expect(blocksText(refreshed)).toContain('*1 backup, newest first*');
  });

  test('verify of a truncated backup file shows the failure and that a restore would be refused', async () => {
    const created = await backupNow();
    const broken = /Backup (manual-[\w-]+) written/.exec(blocksText(created))?.[1] ?? '';
    const summary = await backups.catalog.find(broken);
    await truncate(backups.catalog.dataPath(broken), Math.floor((summary?.bytes ?? 0) / 2));
    const reply = await h.ask(ADMIN1, `backup verify ${broken}`);
    expect(blocksText(reply)).toContain(`:x: *Backup ${broken} FAILED verification*`);
    expect(blocksText(reply)).toContain('A restore from it will be refused.');
    expect(String(reply.text)).toContain('FAILED verification');
    // The list now marks it, beside the intact one.
    const list = blocksText(await h.ask(ADMIN1, 'backup list'));
    expect(list).toMatch(new RegExp(`${broken}.*\\n.*FAILED verification`));
    // Restoring from it is refused before any confirmation is offered.
    const refused = await h.ask(ADMIN1, `backup restore ${broken}`);
    expect(refused.response_type).toBe('ephemeral');
    expect(String(refused.text)).toContain(`Backup ${broken} failed verification (`);
    expect(elementsOf(refused, ACTION.confirmYes)).toHaveLength(0);
  });

  let confirm: Json = {};

  test('restore asks first: counts, then Restore (danger, behind a confirm dialog) and Cancel carrying one token', async () => {
    await rawNotes().deleteMany({ recordId: 'acct-1' });
    expect(await liveIn('acct-1')).toBe(0);
    confirm = await h.ask(ADMIN1, `backup restore ${backupId} record:acct-1`);
    const text = blocksText(confirm);
    expect(text).toContain(`:warning: *Restore record:acct-1 from backup ${backupId}?*`);
    expect(text).toContain('*In scope*\n2 notes');
    expect(text).toContain('*Come back*\n2 (missing or deleted now)');
    const yes = buttonOf(confirm, ACTION.confirmYes);
    const no = buttonOf(confirm, ACTION.confirmNo);
    // Restoring removes nothing: not styled as destructive, but still asked twice.
    expect(yes.style).toBe('primary');
    expect(textOf(yes.confirm)).toContain(`Bring back 2 notes (record:acct-1) from backup ${backupId}`);
    expect(no.value).toBe(yes.value);
    expect(await liveIn('acct-1')).toBe(0);
  });

  test('another admin or a member clicking Restore is refused and nothing comes back', async () => {
    for (const who of [ADMIN2, MEMBER]) {
      const reply = await h.replyTo(await h.click(who, buttonOf(confirm, ACTION.confirmYes)));
      expect(reply.replace_original).toBe(false);
      expect(reply.text).toBe(`Only slack:${ADMIN1}, who asked for this, can answer it.`);
    }
    expect(await liveIn('acct-1')).toBe(0);
  });

  test('clicking Restore restores the notes in the database and replaces the message with the result', async () => {
    const sent = await h.click(ADMIN1, buttonOf(confirm, ACTION.confirmYes));
    const result = await h.replyTo(sent);
    expect(result.replace_original).toBe(true);
    expect(blocksText(result)).toContain(`:white_check_mark: *Restored 2 notes from backup ${backupId}*`);
    expect(blocksText(result)).toContain('*Scope*\nrecord:acct-1');
    expect(blocksText(result)).toContain('*Skipped, live now*\n0');
    expect(await liveIn('acct-1')).toBe(2);
    expect(await liveIn('acct-2')).toBe(1);
    // A second click on the same message does nothing more.
    const again = await h.replyTo(await h.click(ADMIN1, buttonOf(confirm, ACTION.confirmYes)));
    expect(again.text).toContain('already confirmed');
    expect(await liveIn('acct-1')).toBe(2);
  });

  test('Cancel replaces the message, changes nothing, and the token cannot be confirmed afterwards', async () => {
    await rawNotes().deleteMany({ recordId: 'acct-2' });
    const ask = await h.ask(ADMIN1, `backup restore ${backupId} record:acct-2`);
    const cancelled = await h.replyTo(await h.click(ADMIN1, buttonOf(ask, ACTION.confirmNo)));
    expect(cancelled.replace_original).toBe(true);
    expect(blocksText(cancelled)).toContain(`Restore from backup ${backupId} cancelled; nothing changed.`);
    const late = await h.replyTo(await h.click(ADMIN1, buttonOf(ask, ACTION.confirmYes)));
    expect(late.text).toContain('already cancelled');
    expect(await liveIn('acct-2')).toBe(0);
  });

  test('a member is refused every backup command, with one ephemeral line', async () => {
    for (const text of ['backup now', 'backup list', `backup verify ${backupId}`, `backup restore ${backupId}`]) {
      const sent: Sent = await h.command(MEMBER, text);
      const reply = await h.replyTo(sent);
      expect(reply.response_type).toBe('ephemeral');
      expect(reply.text).toBe('"backup" needs the admin role; you are a member.');
    }
    expect((await backups.catalog.list()).length).toBe(2);
  });
});
