import type { ActorId } from '../domain/actor.js';

/** A bearer token of the ingestion API as stored: its hash, never the token itself. */
export interface ApiToken {
  name: string;
  /** sha256 of the whole token, hex. */
  hash: string;
  createdBy: ActorId;
  createdAt: Date;
}

/** Storage of API tokens, one per name. */
export interface ApiTokenStore {
  /** False when the name is taken (the insert is the uniqueness check, atomic across processes). */
  insert(token: ApiToken): Promise<boolean>;
  find(name: string): Promise<ApiToken | null>;
  /** Every token, by name. */
  list(): Promise<ApiToken[]>;
  /** False when there was no such token. */
  remove(name: string): Promise<boolean>;
}
