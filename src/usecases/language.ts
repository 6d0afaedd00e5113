import type { Locale } from '../domain/locale.js';
import type { CoreDeps, RequestContext } from './context.js';
import type { Outcome } from './outcomes.js';

/** Where a person's language came from, so `lang` can say why it is what it is. */
export type LocaleSource = 'own' | 'platform' | 'default';

export interface LocaleChoice {
  locale: Locale;
  source: LocaleSource;
}

/** DESIGN.md section 10: their own `lang` setting, else their platform's locale, else `DEFAULT_LOCALE`. */
export async function resolveLocale(deps: CoreDeps, ctx: RequestContext): Promise<LocaleChoice> {
  const own = await deps.locales.find(ctx.actor.id);
  if (own) return { locale: own, source: 'own' };
  if (ctx.platformLocale) return { locale: ctx.platformLocale, source: 'platform' };
  return { locale: deps.settings.defaultLocale, source: 'default' };
}

/** `lang`: shows the reader's language and why; `lang <locale>` stores their own choice. */
export async function language(deps: CoreDeps, ctx: RequestContext, locale: Locale | null): Promise<Outcome> {
  if (locale) {
    await deps.locales.set(ctx.actor.id, locale, deps.clock.now());
    return { kind: 'language', locale, source: 'own', changed: true };
  }
  return { kind: 'language', ...(await resolveLocale(deps, ctx)), changed: false };
}
