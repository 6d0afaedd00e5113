import { platforms, type Platform } from '../../src/domain/actor.js';
import type { Locale } from '../../src/domain/locale.js';
import type { Logger } from '../../src/ports/system.js';

/** What a digest is about; posters may style them differently (e.g. red for failures). */
export type DigestTopic = 'backup' | 'backup-failed' | 'trash-purge' | 'roles-review';

/** A channel message from a scheduled job: a title line and plain-text lines under it. */
export interface Digest {
  topic: DigestTopic;
  ok: boolean;
  title: string;
  lines: string[];
  /** The language title and lines are in, so a poster words its own additions alike (default en). */
  locale?: Locale;
}

/** Where a platform posts: the configured channel with any `slack:`/`teams:` prefix removed. */
export interface DigestPoster {
  post(digest: Digest, channel: string | undefined): Promise<void>;
}

/** A chat platform's name, as in actor ids and channel prefixes (`slack:C0123`). */
export type DigestPlatform = Platform;

const isPlatform = (name: string): name is Platform => (platforms as readonly string[]).includes(name);

export const digestText = (digest: Digest) => [digest.title, ...digest.lines.map((line) => `  ${line}`)].join('\n');

/**
 * Sends job digests to chat. The composition root registers the poster of every platform it
 * starts (root/server.ts). The configured channel (BACKUP_DIGEST_CHANNEL, APPROVAL_CHANNEL) may
 * name its platform, `slack:C0123` or `teams:19:abc@thread.tacv2`; without a prefix every
 * registered poster gets it. Every digest is
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
    const prefixed = this.platformPrefix(channel);
    const targets: Array<[DigestPlatform, string | undefined]> = prefixed
      ? [prefixed]
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

  /** `teams:19:abc@thread.tacv2` -> ['teams', '19:abc@thread.tacv2'] when `teams` is a known platform. */
  private platformPrefix(channel: string | undefined): [DigestPlatform, string] | null {
    const colon = channel?.indexOf(':') ?? -1;
    if (!channel || colon < 1) return null;
    const name = channel.slice(0, colon);
    return isPlatform(name) ? [name, channel.slice(colon + 1)] : null;
  }
}
