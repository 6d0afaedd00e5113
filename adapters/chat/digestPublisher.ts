import { splitPlatformPrefix, type Platform } from '../../src/domain/actor.js';
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
  /**
   * The same digest in another language, for a channel that chose its own (`lang channel`): the
   * view re-words its first `lines` lines and the title; lines added after them are kept as they are.
   */
  retell?: { lines: number; in(locale: Locale): Digest };
}

/** A channel's own language (`lang channel`), or null when it chose none and the digest's language applies. */
export type ChannelLocales = (platform: Platform, channelId: string) => Promise<Locale | null>;

/** The digest as a channel that speaks `locale` reads it. */
export function digestIn(digest: Digest, locale: Locale | null): Digest {
  if (!locale || !digest.retell || locale === (digest.locale ?? 'en')) return digest;
  const again = digest.retell.in(locale);
  return { ...digest, locale, title: again.title, lines: [...again.lines, ...digest.lines.slice(digest.retell.lines)] };
}

/** Where a platform posts: the configured channel with any `slack:`/`teams:` prefix removed. */
export interface DigestPoster {
  post(digest: Digest, channel: string | undefined): Promise<void>;
}

/** A chat platform's name, as in actor ids and channel prefixes (`slack:C0123`). */
export type DigestPlatform = Platform;

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

  /**
   * `channelLocales`: where channels' own languages are read (the root passes the locale store's
   * lookup); without it every digest is posted in the language it was built in.
   */
  constructor(
    private readonly logger: Logger,
    private readonly channelLocales: ChannelLocales = async () => null,
  ) {}

  register(platform: DigestPlatform, poster: DigestPoster): void {
    this.posters.set(platform, poster);
  }

  async publish(digest: Digest, channel: string | undefined): Promise<void> {
    const log = digest.ok ? this.logger.info.bind(this.logger) : this.logger.error.bind(this.logger);
    log({ topic: digest.topic, channel, digest: digestText(digest) }, `digest: ${digest.title}`);
    const prefixed = splitPlatformPrefix(channel);
    const targets: Array<[DigestPlatform, string | undefined]> = prefixed
      ? [prefixed]
      : [...this.posters.keys()].map((platform) => [platform, channel]);
    for (const [platform, target] of targets) {
      const poster = this.posters.get(platform);
      if (!poster) continue;
      try {
        // Each channel reads it in its own language when it chose one; a failed lookup posts it as built.
        const locale = target ? await this.channelLocales(platform, target).catch(() => null) : null;
        await poster.post(digestIn(digest, locale), target);
      } catch (err) {
        this.logger.error({ err, platform, channel: target, topic: digest.topic }, 'posting a digest failed');
      }
    }
  }
}

