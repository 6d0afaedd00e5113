import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { digestText, type Digest } from '../../../adapters/chat/digestPublisher.js';
import { startJobs, type JobName, type RunningJobs } from '../../../jobs/index.js';
import { ADMIN1, MEMBER, shown, SlackHarness, textOf } from './harness.js';
import type { SlackCall } from './fakeSlack.js';

type Json = Record<string, unknown>;
const DIGESTS = 'C0BACKUPS';
const APPROVALS = 'C0APPROVALS';

const okDigest: Digest = {
  topic: 'backup',
  ok: true,
  title: 'Backup scheduled-test: done and verified',
  lines: ['Counts: 3 notes, 0 roles, 4 audit', 'Size: 1.2 KB; duration 0.1 s'],
};

/**
 * Job digests reach Slack as chat.postMessage on the (fake) Web API: in the configured channel,
 * as Block Kit with a plain-text fallback, failures marked as such; a real Agenda job run on the
 * test database posts one too.
 */
describe('Slack: job digests posted to the configured channel', () => {
  const h = new SlackHarness();
  let dir = '';
  let jobs: RunningJobs;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'notes-slack-digests-'));
    await h.start('slackdigest', { BACKUP_DIR: dir, BACKUP_DIGEST_CHANNEL: `slack:${DIGESTS}`, APPROVAL_CHANNEL: APPROVALS });
    jobs = await startJobs(h.app.jobs, { schedule: false, processEvery: 100, lockLifetimeMs: 2000 });
  });
  afterAll(async () => {
    await jobs?.stop();
    await h.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const postsSince = (mark: number) => h.fake.calls.slice(mark).filter((c) => c.method === 'chat.postMessage');
  const blocksOf = (call: SlackCall) => call.body.blocks as Json[];

  async function runJob(name: JobName): Promise<void> {
    const done = new Promise((resolve) => jobs.agenda.once(`complete:${name}`, resolve));
    await jobs.agenda.now(name);
    await done;
  }

  test('a published digest arrives in the named channel: header, one bullet per line, plain-text fallback', async () => {
    const mark = h.fake.calls.length;
    await h.app.digests.publish(okDigest, `slack:${DIGESTS}`);
    const [post] = postsSince(mark);
    expect(post.body.channel).toBe(DIGESTS);
    expect(post.body.text).toBe(digestText(okDigest));
    const [head, ...rest] = blocksOf(post);
    expect(head).toEqual({ type: 'header', text: { type: 'plain_text', text: `:floppy_disk: ${okDigest.title}`, emoji: true } });
    expect(textOf(rest)).toContain('• Counts: 3 notes, 0 roles, 4 audit\n• Size: 1.2 KB; duration 0.1 s');
    expect(textOf(rest)).not.toContain('Needs attention');
  });

  test('a failure digest is styled as one: alarm in the header and a footer asking for an admin', async () => {
    const mark = h.fake.calls.length;
    const failed: Digest = { topic: 'backup-failed', ok: false, title: 'Backup FAILED', lines: ['Reason: disk full <oops>'] };
    await h.app.digests.publish(failed, DIGESTS);
    const [post] = postsSince(mark);
    expect(post.body.channel).toBe(DIGESTS);
    expect(textOf(blocksOf(post)[0])).toBe(':rotating_light: Backup FAILED');
    const shown = textOf(blocksOf(post));
    expect(shown).toContain('• Reason: disk full &lt;oops&gt;');
    expect(shown).toContain(':x: *Needs attention.* `backup-failed`');
    // A digest built in Chinese says so in Chinese, footer included.
    const zhMark = h.fake.calls.length;
    await h.app.digests.publish({ ...failed, locale: 'zh-CN', title: '备份失败', lines: ['原因：磁盘已满'] }, DIGESTS);
    expect(textOf(blocksOf(postsSince(zhMark)[0]))).toContain(':x: *需要处理。* `backup-failed`');
  });

  test('no channel, or one for another platform: nothing is posted to Slack and publishing does not fail', async () => {
    const mark = h.fake.calls.length;
    await h.app.digests.publish(okDigest, undefined);
    await h.app.digests.publish(okDigest, 'teams:19:abc@thread.tacv2');
    expect(postsSince(mark)).toHaveLength(0);
  });

  test('a digest longer than one message fits Block Kit limits (checked by the fake on stop) and keeps its first lines', async () => {
    const mark = h.fake.calls.length;
    const lines = Array.from({ length: 3_000 }, (_, i) => `  #${i} 2026-11-29 02:00 UTC slack:${ADMIN1} granted slack:${MEMBER}: viewer -> member`);
    await h.app.digests.publish({ topic: 'roles-review', ok: true, title: `Permission review: ${'x'.repeat(300)}`, lines }, DIGESTS);
    const [post] = postsSince(mark);
    expect(blocksOf(post).length).toBeLessThanOrEqual(50);
    expect(textOf(blocksOf(post))).toContain('#0 2026-11-29');
    expect(h.fake.violations).toEqual([]);
  });

  test('a Slack error while posting is logged, not thrown: the job that published still succeeds', async () => {
    const mark = h.fake.calls.length;
    h.fake.failing.set('chat.postMessage', 'channel_not_found');
    try {
      await expect(h.app.digests.publish(okDigest, DIGESTS)).resolves.toBeUndefined();
    } finally {
      h.fake.failing.delete('chat.postMessage');
    }
    expect(postsSince(mark)).toHaveLength(1);
  });

  test('backup:export run by Agenda posts its digest to BACKUP_DIGEST_CHANNEL', async () => {
    await h.ask(MEMBER, 'add acct-5 a note worth keeping');
    const mark = h.fake.calls.length;
    await runJob('backup:export');
    const [post] = postsSince(mark);
    expect(post.body.channel).toBe(DIGESTS);
    expect(textOf(blocksOf(post)[0])).toMatch(/^:floppy_disk: Backup scheduled-[\w-]+: done and verified$/);
    expect(textOf(blocksOf(post))).toContain('• Counts: 1 notes, 0 roles');
    expect(String(post.body.text)).toContain('Checksum verified: sha256');
  });

  test('roles:review run by Agenda posts its digest to APPROVAL_CHANNEL', async () => {
    const mark = h.fake.calls.length;
    await runJob('roles:review');
    const [post] = postsSince(mark);
    expect(post.body.channel).toBe(APPROVALS);
    expect(textOf(blocksOf(post)[0])).toContain(':busts_in_silhouette: Permission review: 2 admins');
    expect(shown(textOf(blocksOf(post)))).toContain(`slack:${ADMIN1} (NOTES_ADMINS)`);
  });
});
