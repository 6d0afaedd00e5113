import { z } from 'zod';
import { isActorId, toActor } from '../../src/domain/actor.js';
import { NotesError } from '../../src/domain/errors.js';
import { matchLocale } from '../../src/domain/locale.js';
import type { RequestContext } from '../../src/usecases/context.js';
import { SELECT_PREFIX } from './cardKit.js';

/**
 * The edge of the Teams adapter: what an inbound Bot Framework activity must look like before
 * botbuilder sees it, and how one becomes the core's (actor, origin). Loose objects: the Bot
 * Framework adds fields over time and botbuilder needs them passed through untouched.
 */
const account = z.looseObject({
  id: z.string().min(1).max(256),
  name: z.string().max(256).optional(),
  aadObjectId: z.string().max(128).optional(),
});

export const inboundActivitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  id: z.string().max(256).optional(),
  channelId: z.string().min(1).max(64),
  serviceUrl: z.url({ protocol: /^https?$/ }).max(2048),
  from: account.optional(),
  recipient: account.optional(),
  conversation: z.looseObject({
    id: z.string().min(1).max(1024),
    tenantId: z.string().max(128).optional(),
  }),
  // Well above the core's command limit: a long message is refused by the core with a sentence
  // naming that limit, not here with a 400 nobody reads. The body size caps it anyway.
  text: z.string().max(200_000).optional(),
  name: z.string().max(128).optional(),
  channelData: z.looseObject({ tenant: z.looseObject({ id: z.string().max(128) }).optional() }).optional(),
});

export type InboundActivity = z.infer<typeof inboundActivitySchema>;

/** `data` of one of our Action.Execute buttons, with any toggle inputs Teams merged into it. */
export const cardActionDataSchema = z.looseObject({
  cmd: z.string().min(1).max(1000),
  view: z.string().min(1).max(1000).optional(),
});

export type CardActionPayload = z.infer<typeof cardActionDataSchema>;

/** The ids whose `sel_<noteId>` toggle is on. */
export function selectedNoteIds(data: CardActionPayload): string[] {
  return Object.entries(data)
    .filter(([key, value]) => key.startsWith(SELECT_PREFIX) && value === 'true')
    .map(([key]) => key.slice(SELECT_PREFIX.length));
}

/** The command line a button stands for; "Delete selected" gets the ticked ids appended. */
export function commandLineOf(data: CardActionPayload): string {
  return data.cmd === 'delete-selected' ? `delete-selected ${selectedNoteIds(data).join(' ')}`.trim() : data.cmd;
}

interface ActivityIdentity {
  serviceUrl: string;
  from?: { id: string; name?: string; aadObjectId?: string };
  conversation: { id: string; tenantId?: string };
  channelData?: unknown;
  locale?: string | null;
}

function tenantOf(activity: ActivityIdentity): string | undefined {
  if (activity.conversation.tenantId) return activity.conversation.tenantId;
  const parsed = z.object({ tenant: z.object({ id: z.string() }) }).safeParse(activity.channelData);
  return parsed.success ? parsed.data.tenant.id : undefined;
}

/**
 * Actor `teams:<aadObjectId>`: the Entra object id is stable across chats and tenants' apps.
 * The Emulator sends no aadObjectId, so `from.id` stands in (made id-safe).
 */
export function requestContextOf(activity: ActivityIdentity): RequestContext {
  const from = activity.from;
  const raw = from?.aadObjectId ?? from?.id.replace(/[^A-Za-z0-9._@-]/g, '_');
  const id = `teams:${raw ?? ''}`;
  if (!raw || !isActorId(id)) throw new NotesError('NotPermitted', 'unknownSender');
  const tenantId = tenantOf(activity);
  return {
    actor: toActor(id, { ...(from?.name ? { displayName: from.name } : {}), ...(tenantId ? { tenantId } : {}) }),
    origin: { platform: 'teams', channelId: activity.conversation.id, ...(tenantId ? { tenantId } : {}) },
    // The Teams client's language, sent on every activity (`zh-cn`, `en-us`).
    platformLocale: matchLocale(activity.locale),
    // A reply goes to the conversation, which may be a channel others read.
    privateReply: false,
  };
}

/** Where an (authenticated) activity's conversation is served, for later proactive posts. */
export function servedConversationOf(activity: ActivityIdentity): { serviceUrl: string; conversationId: string; tenantId?: string } {
  const tenantId = tenantOf(activity);
  return { serviceUrl: activity.serviceUrl, conversationId: activity.conversation.id, ...(tenantId ? { tenantId } : {}) };
}
