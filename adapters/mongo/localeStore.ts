import { Schema, type Connection, type Model } from 'mongoose';
import { isLocale, type Locale } from '../../src/domain/locale.js';
import type { LocaleStore } from '../../src/ports/stores.js';

/** One person's (or channel's) language, keyed by who chose it. */
interface LocalePreference {
  _id: string;
  locale: Locale;
  updatedAt: Date;
}

const localeSchema = new Schema<LocalePreference>(
  { _id: { type: String, required: true }, locale: String, updatedAt: Date },
  { versionKey: false, id: false, autoCreate: false, strict: true, _id: false },
);

export function localeModel(connection: Connection): Model<LocalePreference> {
  return (
    (connection.models.LocalePreference as Model<LocalePreference> | undefined) ??
    connection.model<LocalePreference>('LocalePreference', localeSchema, 'localePreferences')
  );
}

/**
 * Read on every request to pick the reader's language, so only by `_id`: the one lookup
 * FerretDB on SQLite serves from an index. A choice is a whole value: the last write wins.
 */
export class MongoLocaleStore implements LocaleStore {
  constructor(private readonly model: Model<LocalePreference>) {}

  async find(subjectId: string): Promise<Locale | null> {
    const doc = await this.model.collection.findOne({ _id: subjectId } as never);
    const locale: unknown = doc?.locale;
    // A value no version of the bot wrote (edited by hand) is no choice at all.
    return isLocale(locale) ? locale : null;
  }

  async set(subjectId: string, locale: Locale, at: Date): Promise<void> {
    await this.model.collection.updateOne({ _id: subjectId } as never, { $set: { locale, updatedAt: at } }, { upsert: true });
  }

  async replace(subjectId: string, locale: Locale | null, at: Date): Promise<Locale | null> {
    // One atomic step either way, returning the document as it was (no projection: FerretDB 1.24).
    const before =
      locale === null
        ? await this.model.collection.findOneAndDelete({ _id: subjectId } as never)
        : await this.model.collection.findOneAndUpdate({ _id: subjectId } as never, { $set: { locale, updatedAt: at } }, { upsert: true, returnDocument: 'before' });
    const previous: unknown = before?.locale;
    return isLocale(previous) ? previous : null;
  }
}
