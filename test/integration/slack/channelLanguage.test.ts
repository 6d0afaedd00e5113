import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startJobs, type RunningJobs } from '../../../jobs/index.js';
import { backupFailureDigest } from '../../../adapters/chat/digestViews.js';
import { translatorFor } from '../../../adapters/chat/i18n/index.js';
import { englishWords } from '../../support/english.js';
import { ACTION } from '../../../adapters/slack/blocks.js';
import { ADMIN1, buttonOf, CHANNEL, MEMBER, SlackHarness, textOf } from './harness.js';

type Json = Record<string, unknown>;
const OTHER = 'C0OTHER';
/** What a Chinese reader would have to read in English (ids, command words and mentions aside). */
const english = (msg: Json) => englishWords(`${textOf(msg.blocks)}\n${String(msg.text)}`.replace(/<@\w+>|:[a-z_]+:/g, ' '));

/**
 * Issue 8: a channel has its own language for what the bot posts there (approval cards, digests),
 * set by an admin with `lang channel`; what the bot answers a person stays in that person's.
 */
describe('Slack: a channel set to Chinese', () => {
  const h = new SlackHarness();
  let dir = '';
  let jobs: RunningJobs;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'notes-slack-chanlang-'));
    // Approval cards and the permission review go to the same channel the people talk in.
    await h.start('slackchanlang', { BACKUP_DIR: dir, APPROVAL_CHANNEL: `slack:${CHANNEL}` });
    jobs = await startJobs(h.app.jobs, { schedule: false, processEvery: 100, lockLifetimeMs: 2000 });
  });
  afterAll(async () => {
    await jobs?.stop();
    await h.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('an admin sets it in the channel; the answer is in the admin\'s own language, and it is audited', async () => {
    const set = await h.ask(ADMIN1, 'lang channel zh-CN');
    expect(String(set.text)).toBe('From now on the bot posts in this channel in 简体中文.');
    expect(await h.app.deps.locales.find(`channel:slack:${CHANNEL}`)).toBe('zh-CN');
    const [entry] = await h.app.deps.audit.query({ actorId: `slack:${ADMIN1}`, limit: 1 });
    expect(entry).toMatchObject({ action: 'channel.lang', targetIds: [`channel:slack:${CHANNEL}`], details: { locale: 'zh-CN', previousLocale: 'default' } });
  });

  test('an English member\'s replies stay English; the approval card in the channel is Chinese', async () => {
    const added = await h.ask(MEMBER, 'add acct-cl1 续约电话记录');
    const noteId = /Added note (n-[\w-]+)/.exec(textOf(added.blocks))![1];
    expect(textOf(added.blocks)).toContain('Added note');
    const sent = await h.command(MEMBER, `delete ${noteId} 重复`);
    const told = await h.replyTo(sent);
    expect(String(told.text)).toMatch(/^Approval request r-\w+ sent/);
    const card = (await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === CHANNEL && textOf(c.body.blocks).includes(noteId), { from: sent.mark })).body;
    expect(String(card.text)).toMatch(/[\u4e00-\u9fff]/);
    expect(english(card)).toEqual([]);
    // `lang` shows the member their own language and the channel's.
    const shown = await h.ask(MEMBER, 'lang');
    expect(String(shown.text)).toContain("Your language: English (the default of this bot).");
    expect(String(shown.text)).toContain("The bot's posts in this channel: 简体中文 (set for this channel).");

    // Decided by an English admin: the card updated in place stays Chinese, the admin's reply English.
    const reply = await h.replyTo(await h.click(ADMIN1, buttonOf(card, ACTION.approve)));
    expect(String(reply.text)).toContain('Deleted note');
    const update = await h.fake.waitFor((c) => c.method === 'chat.update' && c.body.channel === CHANNEL);
    expect(String(update.body.text)).toMatch(/[\u4e00-\u9fff]/);
    expect(english(update.body)).toEqual([]);
  });

  test('the permission review posted to the channel is Chinese; another channel keeps the default', async () => {
    const mark = h.fake.calls.length;
    const done = new Promise((resolve) => jobs.agenda.once('complete:roles:review', resolve));
    await jobs.agenda.now('roles:review');
    await done;
    const post = await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === CHANNEL, { from: mark });
    expect(String(post.body.text)).toContain('权限复核');
    expect(String(post.body.text)).toContain('请确认每位管理员仍需要该角色');
    expect(String(post.body.text)).not.toContain('Permission review');

    const failed = backupFailureDigest('disk full', 1, null, translatorFor('en'));
    const before = h.fake.calls.length;
    await h.app.digests.publish(failed, `slack:${OTHER}`);
    await h.app.digests.publish(failed, `slack:${CHANNEL}`);
    const [other, own] = h.fake.calls.slice(before).filter((c) => c.method === 'chat.postMessage');
    expect(other.body.channel).toBe(OTHER);
    expect(String(other.body.text)).toContain('Reason: disk full');
    expect(own.body.channel).toBe(CHANNEL);
    expect(String(own.body.text)).toContain('disk full');
    expect(String(own.body.text)).not.toContain('Reason');
    expect(String(own.body.text)).toMatch(/[\u4e00-\u9fff]/);
  });

  test('a member may not set it: refused in their language, nothing stored', async () => {
    const refused = await h.ask(MEMBER, 'lang channel en');
    expect(String(refused.text)).toContain('"lang-channel" needs the admin role');
    expect(await h.app.deps.locales.find(`channel:slack:${CHANNEL}`)).toBe('zh-CN');
  });

  test('a bad value is a one-line error with the usage; default brings the channel back to the default', async () => {
    const bad = await h.ask(ADMIN1, 'lang channel fr');
    expect(String(bad.text)).toContain('"fr" is not a channel language: use en, zh-CN, or default');
    expect(String(bad.text)).toContain('lang channel [en | zh-CN | default]');
    const cleared = await h.ask(ADMIN1, 'lang channel default');
    expect(String(cleared.text)).toBe('This channel has no language of its own any more: the bot posts here in English, the default for channels.');
    expect(await h.app.deps.locales.find(`channel:slack:${CHANNEL}`)).toBeNull();
  });
});
