import type { Platform } from '../domain/actor.js';
import { badInput } from '../domain/errors.js';
import type { Locale } from '../domain/locale.js';
import { record, type CoreDeps, type RequestContext } from './context.js';
import type { Outcome } from './outcomes.js';

/** Where a person's language came from, so `lang` can say why it is what it is. */
export type LocaleSource = 'own' | 'platform' | 'default';

export interface LocaleChoice {
  locale: Locale;
  source: LocaleSource;
}

/** Where a channel's language came from: set for that channel, or the bot's language for channel posts. */
export interface ChannelLocaleChoice {
  locale: Locale;
  source: 'channel' | 'default';
}

/**
 * The channel whose posts a request's language setting is about: its conversation, except on the
 * console, which is one person's terminal where nothing is posted to a channel.
 */
const postedChannelOf = (ctx: RequestContext): string | undefined => (ctx.origin.platform === 'console' ? undefined : ctx.origin.channelId);

/** A conversation's key in the locale store, beside people's actor ids (`channel:slack:C0123`). */
export const channelSubject = (platform: Platform, channelId: string) => `channel:${platform}:${channelId}`;

/** DESIGN.md section 10: their own `lang` setting, else their platform's locale, else `DEFAULT_LOCALE`. */
export async function resolveLocale(deps: CoreDeps, ctx: RequestContext): Promise<LocaleChoice> {
  const own = await deps.locales.find(ctx.actor.id);
  if (own) return { locale: own, source: 'own' };
  if (ctx.platformLocale) return { locale: ctx.platformLocale, source: 'platform' };
  return { locale: deps.settings.defaultLocale, source: 'default' };
}

/**
 * The language of what the bot posts to a channel rather than to a person (approval cards,
 * digests, reviews, progress): the channel's own `lang channel` setting, else `DIGEST_LOCALE`,
 * else `DEFAULT_LOCALE`.
 */
export async function resolveChannelLocale(deps: Pick<CoreDeps, 'locales' | 'settings'>, platform: Platform, channelId: string): Promise<ChannelLocaleChoice> {
  const own = await deps.locales.find(channelSubject(platform, channelId));
  if (own) return { locale: own, source: 'channel' };
  return { locale: deps.settings.channelLocale ?? deps.settings.defaultLocale, source: 'default' };
}

/**
 * `lang`: shows the reader's language and why (and, asked in a channel, the channel's);
 * `lang <locale>` stores their own choice.
 */
export async function language(deps: CoreDeps, ctx: RequestContext, locale: Locale | null): Promise<Outcome> {
  if (locale) {
    await deps.locales.set(ctx.actor.id, locale, deps.clock.now());
    return { kind: 'language', locale, source: 'own', changed: true };
  }
  const channelId = postedChannelOf(ctx);
  const channel = channelId ? await resolveChannelLocale(deps, ctx.origin.platform, channelId) : undefined;
  return { kind: 'language', ...(await resolveLocale(deps, ctx)), changed: false, ...(channel ? { channel } : {}) };
}

/**
 * `lang channel [en | zh-CN | default]` (admins): shows or sets the language of the bot's posts in
 * the conversation the command came from; `default` removes the setting. Audited with what it was.
 */
export async function channelLanguage(deps: CoreDeps, ctx: RequestContext, locale: Locale | 'default' | null): Promise<Outcome> {
  const channelId = postedChannelOf(ctx);
  if (!channelId) throw badInput('notInChannel', {}, 'lang-channel');
  if (locale === null) return { kind: 'channel-language', channelId, ...(await resolveChannelLocale(deps, ctx.origin.platform, channelId)), changed: false };
  const chosen = locale === 'default' ? null : locale;
  const previous = await deps.locales.replace(channelSubject(ctx.origin.platform, channelId), chosen, deps.clock.now());
  await record(deps, ctx, 'channel.lang', [channelSubject(ctx.origin.platform, channelId)], { locale: chosen ?? 'default', previousLocale: previous ?? 'default' });
  return { kind: 'channel-language', channelId, ...(await resolveChannelLocale(deps, ctx.origin.platform, channelId)), changed: true };
}
