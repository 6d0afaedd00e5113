import { chatPlatformPrefix, isActorId, type Platform } from '../../src/domain/actor.js';
import { badInput } from '../../src/domain/errors.js';
import { checkFilterPhrase } from '../../src/domain/input.js';
import type { NoteFilter } from '../../src/domain/filter.js';
import { decodePagePosition, type PagePosition } from '../../src/domain/paging.js';
import type { ActionName } from '../../src/usecases/actions.js';
import { unquote } from './tokenize.js';

export interface MentionContext {
  /** Platform of the person typing: `@alice` or a bare id is read as one of theirs. */
  platform: Platform;
  /**
   * The platform's own mention markup read as an actor id (Slack's `<@U123>` -> `slack:U123`),
   * or null when the word is none. Only where the grammar expects a person (`author:`, `actor:`,
   * roles): a mention in a note's text stays as typed, so the platform still shows it as one.
   */
  mention?: (word: string) => string | null;
}

export interface ParsedFilter {
  filter: NoteFilter;
  filterText: string;
  page: PagePosition;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` as midnight UTC, refusing impossible dates such as 2026-02-30. */
export function parseDay(value: string, token: string, usage: ActionName): Date {
  const match = DAY.exec(value);
  const date = match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])) : null;
  if (!date || date.toISOString().slice(0, 10) !== value) {
    throw badInput('badDay', { token, value }, usage);
  }
  return date;
}

/**
 * A platform mention (MentionContext.mention), `@alice`, `slack:U123` -> a platform-qualified
 * actor id. Returns null when the word is not an actor at all.
 */
export function toActorId(word: string, ctx: MentionContext): string | null {
  const mentioned = ctx.mention?.(word);
  if (mentioned) return isActorId(mentioned) ? mentioned : null;
  if (isActorId(word)) return word;
  const bare = word.replace(/^@/, '');
  const candidate = `${ctx.platform}:${bare}`;
  return /^[A-Za-z0-9._-]+$/.test(bare) && isActorId(candidate) ? candidate : null;
}

/**
 * Filter tokens, combined with AND: record: author: tag: before: after: text:"..." and bare words
 * (text search). `page:<n>` is accepted where a list is paged.
 */
export function parseFilter(words: string[], usage: ActionName, ctx: MentionContext, options: { paged: boolean }): ParsedFilter {
  const filter: NoteFilter = {};
  let page: PagePosition = { page: 1 };
  const shown: string[] = [];
  for (const word of words) {
    const colon = word.indexOf(':');
    const key = colon > 0 ? word.slice(0, colon).toLowerCase() : '';
    const value = colon > 0 ? unquote(word.slice(colon + 1)) : '';
    if (colon > 0 && value === '' && key !== '') throw badInput('noValue', { word }, usage);
    switch (key) {
      case 'record':
        if (filter.recordId && filter.recordId !== value) throw badInput('oneRecordOnly', {}, usage);
        filter.recordId = value;
        break;
      case 'author': {
        const actor = toActorId(value, ctx);
        if (!actor) throw badInput('notPerson', { word: value }, usage);
        filter.authorId = actor;
        shown.push(`author:${actor}`);
        continue;
      }
      case 'tag':
        filter.tags = [...(filter.tags ?? []), value.replace(/^#/, '').toLowerCase()];
        break;
      case 'before':
        filter.before = parseDay(value, 'before:', usage);
        break;
      case 'after':
        filter.after = new Date(parseDay(value, 'after:', usage).getTime() + 86_400_000);
        break;
      case 'text':
        filter.text = [...(filter.text ?? []), checkFilterPhrase(value, usage)];
        break;
      case 'page': {
        if (!options.paged) throw badInput('pageNotHere', {}, usage);
        const position = decodePagePosition(value);
        if (!position) throw badInput('badPage', { word }, usage);
        page = position;
        continue;
      }
      default:
        // `slack:U1` alone is searched for as text; any other `key:` is a filter this grammar lacks.
        if (/^[a-z]+:/i.test(word) && !chatPlatformPrefix(word)) {
          throw badInput('unknownFilter', { key: word.slice(0, colon + 1) }, usage);
        }
        filter.text = [...(filter.text ?? []), checkFilterPhrase(unquote(word), usage)];
    }
    shown.push(word);
  }
  if (filter.before && filter.after && filter.after >= filter.before) {
    throw badInput('afterNotBeforeBefore', {}, usage);
  }
  return { filter, filterText: shown.join(' '), page };
}
