import type { Platform } from '../../src/domain/actor.js';
import type { Locale } from '../../src/domain/locale.js';
import type { PurgeReport } from '../../src/usecases/backups.js';
import { DigestPublisher, type ChannelLocales, type Digest } from '../../adapters/chat/digestPublisher.js';
import { purgeDigest, withCrmFailures, withJobProblems } from '../../adapters/chat/digestViews.js';
import { translatorFor } from '../../adapters/chat/i18n/index.js';
import { silentLogger } from '../support/core.js';

const report: PurgeReport = { expired: 3, purged: 2, keptUnbacked: 1, purgedIds: ['n-a', 'n-b'] };

/** Records what each platform's poster was handed, per channel. */
function publisherWith(channels: Record<string, Locale>, lookup: ChannelLocales = async (platform, channelId) => channels[`${platform}:${channelId}`] ?? null) {
  const posted: Array<{ platform: Platform; channel: string | undefined; digest: Digest }> = [];
  const publisher = new DigestPublisher(silentLogger, lookup);
  for (const platform of ['slack', 'teams'] as const) {
    publisher.register(platform, { post: async (digest, channel) => void posted.push({ platform, channel, digest }) });
  }
  return { publisher, posted };
}

describe('digests in the language of the channel they are posted to', () => {
  test('a channel that chose Chinese reads the view worded again, and the lines added after it too', async () => {
    const problem = { problem: 'no-next-run' as const, name: 'backup:export', nextRunAt: null, repeatInterval: '0 2 * * *' };
    const built = withCrmFailures(withJobProblems(purgeDigest(report, 30, translatorFor('en')), [problem]), [{ source: 'zoho', failed: 2 }]);
    expect(built.lines.slice(-3)).toEqual([
      'Scheduled jobs that will not run on time (1):',
      '  backup:export has no next run (schedule "0 2 * * *")',
      'CRM zoho: 2 changes could not be sent (see "crm status")',
    ]);
    const { publisher, posted } = publisherWith({ 'slack:C1': 'zh-CN' });
    await publisher.publish(built, 'C1');
    const bySlack = posted.find((p) => p.platform === 'slack')!.digest;
    const byTeams = posted.find((p) => p.platform === 'teams')!.digest;
    const chinese = purgeDigest(report, 30, translatorFor('zh-CN'));
    expect(bySlack.locale).toBe('zh-CN');
    expect(bySlack.title).toBe(chinese.title);
    expect(bySlack.lines.slice(0, chinese.lines.length)).toEqual(chinese.lines);
    expect(bySlack.lines.slice(chinese.lines.length)).toEqual([
      '无法按时运行的定时任务（1 个）：',
      '  backup:export 没有下次运行时间（调度规则“0 2 * * *”）',
      // The connector by the name a Chinese reader knows it by, not its id.
      'CRM Zoho：2 项变更未能同步（详见 crm status）',
    ]);
    // The job problems made it a failure; re-wording keeps that.
    expect(bySlack.ok).toBe(false);
    // The same id on Teams is another channel: it chose nothing, so the digest is posted as built.
    expect(byTeams).toBe(built);
  });

  test('a channel with no language of its own, or the digest\'s own, gets it as built; a failed lookup too', async () => {
    const built = purgeDigest(report, 30, translatorFor('zh-CN'));
    const { publisher, posted } = publisherWith({ 'slack:C2': 'zh-CN' });
    await publisher.publish(built, 'slack:C1');
    await publisher.publish(built, 'slack:C2');
    expect(posted.map((p) => p.digest)).toEqual([built, built]);
    const failing = publisherWith({}, async () => {
      throw new Error('database away');
    });
    await failing.publisher.publish(built, 'slack:C3');
    expect(failing.posted[0].digest).toBe(built);
  });

  test('a digest no view built (no retelling) is posted as it is', async () => {
    const plain: Digest = { topic: 'backup', ok: true, title: 'Backup done', lines: ['Counts: 1 note'] };
    const { publisher, posted } = publisherWith({ 'slack:C1': 'zh-CN' });
    await publisher.publish(plain, 'slack:C1');
    expect(posted[0].digest).toBe(plain);
  });
});
