/**
 * The languages the bot speaks. The core only knows their codes (a person's stored choice is
 * data); every sentence comes from the message catalog in the chat layer.
 */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

export const isLocale = (value: unknown): value is Locale => (LOCALES as readonly unknown[]).includes(value);

/**
 * A platform's or an environment's language tag (`zh_CN.UTF-8`, `zh-Hans-CN`, `en-US`, `zh-cn`)
 * mapped to one the bot speaks, or null: every Chinese tag reads Simplified Chinese, every
 * English one English, anything else falls through to the next source of a locale.
 */
export function matchLocale(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  const language = tag.trim().toLowerCase().replace('_', '-').split(/[-.@]/)[0];
  if (language === 'zh') return 'zh-CN';
  if (language === 'en') return 'en';
  return null;
}
