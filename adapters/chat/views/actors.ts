import type { ParseKeys } from 'i18next';
import type { Translator } from '../i18n/index.js';
import type { Inline } from '../view.js';

/** A person a sentence names: becomes an `{ actor }` run, which a platform may show as a mention. */
export interface Person {
  actor: string;
}

/** A person by id, or `fallback` as literal text when nobody is recorded (an old note's deleter). */
export const person = (actorId: string | null | undefined, fallback = '?'): Person | string => (actorId ? { actor: actorId } : fallback);

/**
 * Private-use characters marking where a person goes while the catalog interpolates: one that
 * occurs in no other value is picked, so nothing a person typed can be taken for a mark.
 */
const MARKS = Array.from({ length: 64 }, (_, i) => String.fromCharCode(0xe000 + i));

/**
 * A catalog sentence that names people, as runs: the sentence is translated with every other
 * value filled in, then split around each person's placeholder, so the wording and the word
 * order stay the catalog's ("deleted {{on}} by {{by}}" / "{{by}} 于 {{on}} 删除") and only the
 * people become `{ actor }` runs. Every other value stays literal text, whatever it contains.
 */
export function withActors(tr: Translator, key: ParseKeys<'notes'>, params: Record<string, string | number | Person>): Inline[] {
  const texts = Object.values(params).filter((value): value is string => typeof value === 'string');
  const mark = MARKS.find((candidate) => !texts.some((text) => text.includes(candidate)));
  const people = Object.entries(params).filter((entry): entry is [string, Person] => typeof entry[1] === 'object');
  // Past 64 distinct marks in the values (never in practice), people are shown as their ids.
  if (!mark) return [translate(tr, key, Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'object' ? value.actor : value])))];
  const filled = { ...params, ...Object.fromEntries(people.map(([name], i) => [name, `${mark}${i}${mark}`])) };
  // Split on the mark: text, person index, text, person index, ..., text.
  return translate(tr, key, filled)
    .split(mark)
    .map((part, i): Inline => (i % 2 === 1 ? { actor: people[Number(part)][1].actor } : part))
    .filter((run) => run !== '');
}

const translate = (tr: Translator, key: string, params: Record<string, unknown>): string => (tr.t as unknown as (k: string, p: Record<string, unknown>) => string)(key, params);
