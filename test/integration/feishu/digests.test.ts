import type { Digest } from '../../../adapters/chat/digestPublisher.js';
import { cardText } from './fakeFeishu.js';
import { ADMIN, FeishuHarness } from './harness.js';

/** Job digests and the backup command on Feishu: cards, to the chat BACKUP_DIGEST_CHANNEL names. */
const h = new FeishuHarness();
beforeAll(() => h.start('feishu_digests'));
afterAll(() => h.stop());

const okDigest: Digest = { topic: 'backup', ok: true, title: 'Backup b-20261202 written and verified', lines: ['4 notes, 2 roles, 9 audit', 'rotation removed 1 old backup'] };
const failed: Digest = { topic: 'backup-failed', ok: false, title: 'Backup FAILED', lines: ['disk full'] };

test('a digest to feishu:<chat_id> arrives there as a card with every line; a failure is red', async () => {
  const mark = h.fake.calls.length;
  await h.app.digests.publish(okDigest, 'feishu:oc_backups');
  await h.app.digests.publish(failed, 'feishu:oc_backups');
  const [ok, bad, ...more] = h.fake.messagesSince(mark);
  expect(more).toEqual([]);
  expect(ok).toMatchObject({ kind: 'send', target: 'oc_backups' });
  for (const part of [okDigest.title, ...okDigest.lines]) expect(cardText(ok.card)).toContain(part);
  expect(ok.card?.header).toMatchObject({ template: 'blue' });
  expect(bad.card?.header).toMatchObject({ template: 'red' });
  // The card's own words follow the digest's language: this one was built in English.
  expect(cardText(bad.card)).toContain('Needs attention.');
});

test("a digest built in Chinese gets the card's own words in Chinese too", async () => {
  const mark = h.fake.calls.length;
  await h.app.digests.publish({ topic: 'backup-failed', ok: false, title: '备份失败', lines: ['磁盘已满'], locale: 'zh-CN' }, 'feishu:oc_backups');
  const [bad] = h.fake.messagesSince(mark);
  expect(cardText(bad.card)).toContain('需要处理。');
  expect(cardText(bad.card)).not.toContain('Needs attention.');
});

test('a digest for another platform (slack:C0123, a bare Slack id) is not posted on Feishu', async () => {
  const mark = h.fake.calls.length;
  await h.app.digests.publish(okDigest, 'slack:C0123');
  await h.app.digests.publish(okDigest, 'C0123');
  expect(h.fake.messagesSince(mark)).toEqual([]);
});

test('"notes backup now" answers "started" at once; its progress card ends naming the backup', async () => {
  const mark = h.fake.calls.length;
  const card = await h.say(ADMIN, 'notes backup now');
  expect(card.header?.title.content).toMatch(/^备份 j-\S+ 已在后台开始/);
  await h.app.backgroundIdle();
  const [written, ...more] = await h.app.backups.catalog.list();
  expect(more).toEqual([]);
  expect(written).toMatchObject({ kind: 'manual', verification: { ok: true } });
  const ended = h.fake.messagesSince(mark).find((c) => c.kind === 'update' && cardText(c.card).includes('已写入备份'));
  expect(cardText(ended?.card)).toMatch(new RegExp(`^已写入备份 ${written.id}\n[\\s\\S]*\n已于 .+ 校验`));
});
