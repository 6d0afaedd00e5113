import { Schema, type Connection, type Model } from 'mongoose';
import type { ApiToken, ApiTokenStore } from '../../src/ports/tokens.js';
import { type Keyed } from './models.js';
import { isDuplicateKey, toDomain } from './documents.js';

/** Tokens keyed by name (`_id` = name): the insert is the uniqueness check, a lookup by `_id` the authentication. */
const tokenSchema = new Schema<Keyed<ApiToken>>(
  { _id: { type: String, required: true }, name: String, hash: String, createdBy: String, createdAt: Date },
  { minimize: false, versionKey: false, id: false, autoCreate: false, strict: true },
);

export function tokenModel(connection: Connection): Model<Keyed<ApiToken>> {
  return (connection.models.ApiToken as Model<Keyed<ApiToken>> | undefined) ?? connection.model<Keyed<ApiToken>>('ApiToken', tokenSchema, 'api_tokens');
}

export class MongoTokenStore implements ApiTokenStore {
  constructor(private readonly tokens: Model<Keyed<ApiToken>>) {}

  async insert(token: ApiToken): Promise<boolean> {
    try {
      await this.tokens.collection.insertOne({ _id: token.name, ...token } as never);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async find(name: string): Promise<ApiToken | null> {
    const doc = await this.tokens.collection.findOne({ _id: name } as never);
    return doc ? toDomain(doc as unknown as Keyed<ApiToken>) : null;
  }

  /** Admins list tokens rarely and there are few: a whole-collection read, sorted here. */
  async list(): Promise<ApiToken[]> {
    const docs = (await this.tokens.collection.find({}).toArray()) as unknown as Keyed<ApiToken>[];
    return docs.map((doc) => toDomain(doc)).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  async remove(name: string): Promise<boolean> {
    const result = await this.tokens.collection.deleteOne({ _id: name } as never);
    return result.deletedCount === 1;
  }
}
