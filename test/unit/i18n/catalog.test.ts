import { describe, expect, test } from '@jest/globals';
import { en } from '../../../adapters/chat/i18n/en/index.js';
import { zhCN } from '../../../adapters/chat/i18n/zh-CN/index.js';
import { translatorFor } from '../../../adapters/chat/i18n/index.js';
import { LOCALES } from '../../../src/domain/locale.js';
import { actionNames } from '../../../src/usecases/actions.js';

/** Every catalog as flat `key -> text`, nested sections joined with dots as i18next reads them. */
function flatten(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value as object, path)) out.set(k, v);
  }
  return out;
}

const catalogs = { en: flatten(en), 'zh-CN': flatten(zhCN) };
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w]+)[^}]*\}\}/g)].map((m) => m[1]).sort();
const PLURAL = /_(zero|one|two|few|many|other)$/;

describe('message catalogs', () => {
  test('both languages have exactly the same keys', () => {
    const enKeys = [...catalogs.en.keys()].sort();
    const zhKeys = [...catalogs['zh-CN'].keys()].sort();
    expect(zhKeys.filter((k) => !catalogs.en.has(k))).toEqual([]);
    expect(enKeys.filter((k) => !catalogs['zh-CN'].has(k))).toEqual([]);
  });

  test('every key has the same placeholders in both languages', () => {
    const differing = [...catalogs.en].filter(([key, text]) => placeholders(text).join() !== placeholders(catalogs['zh-CN'].get(key) ?? '').join());
    expect(differing.map(([key]) => key)).toEqual([]);
  });

  test('every plural has each form its language needs, and an `other`', () => {
    for (const locale of LOCALES) {
      const keys = catalogs[locale];
      const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      const bases = new Set([...keys.keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
      expect(bases.size).toBeGreaterThan(10);
      for (const base of bases) {
        for (const category of categories) expect([locale, `${base}_${category}`, keys.has(`${base}_${category}`)]).toEqual([locale, `${base}_${category}`, true]);
      }
    }
  });

  test('no text is empty, and the Chinese catalog is Chinese', () => {
    for (const [locale, keys] of Object.entries(catalogs)) {
      for (const [key, text] of keys) expect([locale, key, text.trim().length > 0]).toEqual([locale, key, true]);
    }
    // A Chinese text that reads exactly like an English sentence was not translated (language
    // names and grammar-only lines such as `approvals` are no sentences).
    const grammarOnly = new Set(['actions.lang-channel.usage']);
    const untranslated = [...catalogs.en].filter(
      ([key, text]) => !grammarOnly.has(key) && catalogs['zh-CN'].get(key) === text && /[a-z]{3,} [a-z]{3,}/i.test(text.replace(/\{\{[^}]*\}\}/g, '')),
    );
    expect(untranslated.map(([key]) => key)).toEqual([]);
  });

  test('every command has a usage line and a summary in every language', () => {
    for (const locale of LOCALES) {
      const { t } = translatorFor(locale);
      for (const name of actionNames) {
        // `cancel <jobId>` is typed as `cancel`: the grammar tells a job id from a confirmation token.
        const typed = name === 'cancel-job' ? 'cancel' : name === 'lang-channel' ? 'lang channel' : name;
        expect(t(`actions.${name}.usage`)).toMatch(new RegExp(`^${typed}\\b`));
        expect(t(`actions.${name}.summary`)).not.toBe(`actions.${name}.summary`);
      }
    }
  });

  test('plurals and numbers follow the reader: English counts, Chinese does not inflect', () => {
    const enT = translatorFor('en');
    const zhT = translatorFor('zh-CN');
    expect([enT.t('list.notes', { count: 1 }), enT.t('list.notes', { count: 2 }), enT.t('list.notes', { count: 0 })]).toEqual(['1 note', '2 notes', '0 notes']);
    expect([zhT.t('list.notes', { count: 1 }), zhT.t('list.notes', { count: 2 })]).toEqual(['1 条备注', '2 条备注']);
    expect(enT.t('errors.tooLong', { what: 'note', length: 8001, limit: 4000 })).toBe('The note is 8,001 characters; the limit is 4,000.');
  });

  test('dates in UTC, in each language\'s format', () => {
    const at = new Date('2026-12-02T09:05:00Z');
    expect(translatorFor('en').minute(at)).toBe('2026-12-02 09:05 UTC');
    expect(translatorFor('zh-CN').minute(at)).toBe('2026-12-02 09:05 UTC');
    expect(translatorFor('zh-CN').day(at)).toBe('2026-12-02');
  });
});
