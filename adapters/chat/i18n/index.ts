import i18next, { type TFunction } from 'i18next';
import { LOCALES, type Locale } from '../../../src/domain/locale.js';
import { en } from './en/index.js';
import { zhCN } from './zh-CN/index.js';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'notes';
    resources: { notes: typeof en };
  }
}

const resources: Record<Locale, { notes: typeof en }> = {
  en: { notes: en },
  // Same keys as English (checked by the type and by test/unit/i18n/catalog.test.ts).
  'zh-CN': { notes: zhCN as typeof en },
};

// One instance of our own: nothing else in the process can change its language under us.
const catalog = i18next.createInstance();
void catalog.init({
  resources,
  ns: ['notes'],
  defaultNS: 'notes',
  lng: 'en',
  supportedLngs: [...LOCALES],
  fallbackLng: 'en',
  // Every renderer escapes for its own platform; i18next's HTML escaping would only corrupt text.
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});

/** The catalog bound to one reader's language, with dates and numbers in that language's format. */
export interface Translator {
  readonly locale: Locale;
  readonly t: TFunction<'notes'>;
  /** A moment to the minute, in UTC (a channel's readers sit in many time zones). */
  minute(date: Date): string;
  /** A calendar day, in UTC. */
  day(date: Date): string;
  /** Items joined as a list in the reader's language. */
  join(items: string[]): string;
}

const translators = new Map<Locale, Translator>();

export function translatorFor(locale: Locale): Translator {
  let translator = translators.get(locale);
  if (!translator) {
    translator = createTranslator(locale);
    translators.set(locale, translator);
  }
  return translator;
}

function createTranslator(locale: Locale): Translator {
  const t = catalog.getFixedT(locale, 'notes');
  const parts = new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const fields = (date: Date) => {
    const out: Record<string, string> = {};
    for (const part of parts.formatToParts(date)) out[part.type] = part.value;
    return { year: out.year, month: out.month, day: out.day, hour: out.hour, minute: out.minute };
  };
  return {
    locale,
    t,
    minute: (date) => t('format.minute', fields(date)),
    day: (date) => t('format.day', fields(date)),
    join: (items) => items.join(t('format.listSeparator')),
  };
}

export const english = translatorFor('en');
