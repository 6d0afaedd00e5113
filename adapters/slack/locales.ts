import type { webApi } from '@slack/bolt';
import { matchLocale, type Locale } from '../../src/domain/locale.js';
import type { Clock, Logger } from '../../src/ports/system.js';

/** A person's Slack language changes rarely; one `users.info` per person per hour is plenty. */
const CACHE_MS = 60 * 60_000;
const MAX_CACHED = 10_000;

/**
 * Each Slack user's own language (`users.info` with `include_locale`, scope `users:read`), cached
 * in memory: it only picks the reply's language, so a stale or missing answer costs nothing but
 * English for a while. Failures (no scope, Slack down) read as "no locale".
 */
export class SlackLocales {
  private readonly cache = new Map<string, { locale: Locale | null; at: number }>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async of(userId: string): Promise<Locale | null> {
    const now = this.clock.now().getTime();
    const cached = this.cache.get(userId);
    if (cached && now - cached.at < CACHE_MS) return cached.locale;
    let locale: Locale | null = null;
    try {
      const answer = await this.client.users.info({ user: userId, include_locale: true });
      locale = matchLocale(answer.user?.locale);
    } catch (error) {
      this.logger.debug({ err: error, userId }, 'no Slack locale for user');
    }
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(userId, { locale, at: now });
    return locale;
  }
}
