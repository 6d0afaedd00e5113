import type { en } from './en/index.js';

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

/** The shape every language's catalog has: English's keys, any wording. */
export type Catalog = Strings<typeof en>;
