import type { Logger } from '../../src/ports/system.js';

/** What a digest is about; posters may style them differently (e.g. red for failures). */
export type DigestTopic = 'backup' | 'backup-failed' | 'trash-purge' | 'roles-review';

/** A channel message from a scheduled job: a title line and plain-text lines under it. */
export interface Digest {
  topic: DigestTopic;
  ok: boolean;
  title: string;
  lines: string[];
}

/** Where a platform posts: the configured channel with any `slack:`/`teams:` prefix removed. */
export interface DigestPoster {
  post(digest: Digest, channel: string | undefined): Promise<void>;
}

export type DigestPlatform = 'slack' | 'teams' | 'feishu' | 'console';

export const digestText = (digest: Digest) => [digest.title, ...digest.lines.map((line) => `  ${line}`)].join('\n');

/**
 * Sends job digests to chat. Slack and Teams adapters register a poster when they start
 * (`digestPublisherOf(app).register('slack', poster)`). The configured channel
 * (BACKUP_DIGEST_CHANNEL, APPROVAL_CHANNEL) may name its platform, `slack:C0123` or
 * `teams:19:abc@thread.tacv2`; without a prefix every registered poster gets it. Every digest is
 * also logged, so a process with no chat front end still leaves a trace. A poster that fails is
 * logged and does not fail the job: the backup itself succeeded.
 */
export class DigestPublisher {
  private readonly posters = new Map<DigestPlatform, DigestPoster>();

  constructor(private readonly logger: Logger) {}

  register(platform: DigestPlatform, poster: DigestPoster): void {
    this.posters.set(platform, poster);
  }

  async publish(digest: Digest, channel: string | undefined): Promise<void> {
    const log = digest.ok ? this.logger.info.bind(this.logger) : this.logger.error.bind(this.logger);
    log({ topic: digest.topic, channel, digest: digestText(digest) }, `digest: ${digest.title}`);
    const prefixed = /^(slack|teams|feishu|console):(.+)$/.exec(channel ?? '');
    const targets: Array<[DigestPlatform, string | undefined]> = prefixed
      ? [[prefixed[1] as DigestPlatform, prefixed[2]]]
      : [...this.posters.keys()].map((platform) => [platform, channel]);
    for (const [platform, target] of targets) {
      const poster = this.posters.get(platform);
      if (!poster) continue;
      try {
        await poster.post(digest, target);
      } catch (err) {
        this.logger.error({ err, platform, channel: target, topic: digest.topic }, 'posting a digest failed');
      }
    }
  }
}
