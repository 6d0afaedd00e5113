import { NotesError } from './errors.js';

/**
 * Actors are platform-qualified ids (`slack:U123ABC`, `teams:<aadObjectId>`, `feishu:<open_id>`,
 * `console:alice`, `api:<token name>`) so
 * one database can serve every front end without two people ever sharing an id.
 */
/** Where people type commands: each has a chat adapter. The one list a new platform is added to. */
export const chatPlatforms = ['slack', 'teams', 'feishu', 'console'] as const;
export type ChatPlatformName = (typeof chatPlatforms)[number];
/** Every actor prefix: the chat platforms, the bot's own jobs (`system`) and API tokens (`api`). */
export const platforms = [...chatPlatforms, 'system', 'api'] as const;
export type Platform = (typeof platforms)[number];

const isOneOf = (list: readonly string[]) => (value: string) => list.includes(value);
export const isPlatform = isOneOf(platforms) as (value: string) => value is Platform;
export const isChatPlatform = isOneOf(chatPlatforms) as (value: string) => value is ChatPlatformName;

/**
 * `teams:19:abc@thread.tacv2` -> ['teams', '19:abc@thread.tacv2'] when the text before the first
 * colon is a known prefix; null otherwise (a plain channel id, a word with a colon). Actor ids,
 * channel settings and digest channels are all read through it.
 */
export function splitPlatformPrefix(value: string | undefined): [Platform, string] | null {
  const colon = value?.indexOf(':') ?? -1;
  if (!value || colon < 1) return null;
  const prefix = value.slice(0, colon);
  return isPlatform(prefix) ? [prefix, value.slice(colon + 1)] : null;
}

/** `slack:U1` -> `slack` when the text before the first colon is a chat platform, else null. */
export function chatPlatformPrefix(value: string): ChatPlatformName | null {
  const prefix = splitPlatformPrefix(value)?.[0];
  return prefix && isChatPlatform(prefix) ? prefix : null;
}

export type ActorId = string;

export interface Actor {
  id: ActorId;
  platform: Platform;
  /** Human name for messages when the platform gives one. */
  displayName?: string;
  /** Teams tenant, recorded with each action. */
  tenantId?: string;
}

const actorIdPattern = /^[A-Za-z0-9._@-]{1,128}$/;

export function isActorId(value: string): boolean {
  const prefixed = splitPlatformPrefix(value);
  return prefixed !== null && actorIdPattern.test(prefixed[1]);
}

/**
 * `system:*` ids are the bot's own (scheduler, expiry, import): what they did in the audit log
 * must never be confusable with what a person did, so no person holds a role as one or acts as one.
 */
export function isReservedActorId(value: string): boolean {
  return value.startsWith('system:');
}

/** Refuses a reserved id where a person is named; `doing` says what no person can do as one. */
export function refuseReservedActor(id: ActorId, doing: 'actAs' | 'beGranted'): void {
  if (isReservedActorId(id)) {
    throw new NotesError('ReservedActor', 'reservedActor', { actorId: id, doing });
  }
}

export function platformOf(id: ActorId): Platform {
  return id.slice(0, id.indexOf(':')) as Platform;
}

export function toActor(id: ActorId, extra: Omit<Actor, 'id' | 'platform'> = {}): Actor {
  return { id, platform: platformOf(id), ...extra };
}

/** The jobs act as this actor in the audit log. */
export const systemActor: Actor = { id: 'system:scheduler', platform: 'system' };
