import type { RequestContext } from '../../src/usecases/context.js';
import type { Dispatcher } from '../../src/usecases/dispatch.js';
import { translatorFor, type Translator } from '../chat/i18n/index.js';
import type { SlackLocales } from './locales.js';

/** Who reads an answer, and in which language: their own `lang`, else their Slack locale, else DEFAULT_LOCALE. */
export type ReaderOf = (ctx: RequestContext, userId: string) => Promise<Translator>;

export function readerOf(core: Pick<Dispatcher, 'localeOf'>, locales: SlackLocales): ReaderOf {
  return async (ctx, userId) => {
    const platformLocale = await locales.of(userId);
    return translatorFor(await core.localeOf({ ...ctx, platformLocale }));
  };
}
