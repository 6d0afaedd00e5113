import { z } from 'zod';
import { isActorId, toActor } from '../../src/domain/actor.js';
import { NotesError } from '../../src/domain/errors.js';
import type { RequestContext } from '../../src/usecases/context.js';
import { SELECT_FIELD } from './cardKit.js';

/**
 * The edge of the Feishu adapter: what the two events we take must look like (after the SDK's
 * EventDispatcher has flattened schema 2.0's `header` and `event` into one object), and how each
 * becomes the core's (actor, command line, origin, locale). Loose objects: Feishu adds fields.
 */
const id = z.string().min(1).max(256);

/** Not in Feishu's documented event bodies today; taken when an event carries it. */
const locale = z.string().max(16).optional();

export const messageEventSchema = z.looseObject({
  event_id: id,
  tenant_key: z.string().max(128).optional(),
  locale,
  sender: z.looseObject({
    sender_id: z.looseObject({ open_id: id }),
    sender_type: z.string().max(32).optional(),
  }),
  message: z.looseObject({
    message_id: id,
    chat_id: id,
    chat_type: z.string().max(32),
    message_type: z.string().max(32),
    // Well above the core's command limit: a long message is refused by the core with a
    // sentence naming that limit. The body size caps it anyway.
    content: z.string().max(200_000),
    mentions: z.array(z.looseObject({ key: z.string().max(64), id: z.looseObject({ open_id: z.string().max(256).optional() }), name: z.string().max(256).optional() })).optional(),
  }),
});

export type MessageEvent = z.infer<typeof messageEventSchema>;

export const cardActionSchema = z.looseObject({
  event_id: id,
  tenant_key: z.string().max(128).optional(),
  locale,
  operator: z.looseObject({ open_id: id, locale }),
  action: z.looseObject({
    value: z.looseObject({ cmd: z.string().min(1).max(1000), view: z.string().min(1).max(1000).optional() }),
    tag: z.string().max(64).optional(),
    form_value: z.record(z.string(), z.unknown()).optional(),
  }),
  context: z.looseObject({ open_message_id: id, open_chat_id: id }),
});

export type CardAction = z.infer<typeof cardActionSchema>;

/** Actor `feishu:<open_id>`: the open_id is the person's stable id within this app. */
export function requestContextOf(openId: string, chatId: string, tenantKey?: string): RequestContext {
  const actorId = `feishu:${openId}`;
  if (!isActorId(actorId)) throw new NotesError('NotPermitted', 'unknownSender');
  return {
    actor: toActor(actorId, tenantKey ? { tenantId: tenantKey } : {}),
    origin: { platform: 'feishu', channelId: chatId, ...(tenantKey ? { tenantId: tenantKey } : {}) },
    // A reply goes to the chat, which may be a group others read.
    privateReply: false,
  };
}

/**
 * The command a message stands for, or null when it is not for the bot: a text message in a
 * private chat, or in a group one that @mentions the bot. The bot's mention placeholders
 * (`@_user_1`) are removed; anyone else's becomes their actor id, so `roles grant @Li admin`
 * names Li.
 */
export function commandTextOf(event: MessageEvent, botOpenId: string): string | null {
  const { message } = event;
  if (message.message_type !== 'text') return null;
  const mentions = message.mentions ?? [];
  const botKeys = new Set(mentions.filter((m) => m.id.open_id === botOpenId).map((m) => m.key));
  if (message.chat_type !== 'p2p' && botKeys.size === 0) return null;
  const parsed = z.object({ text: z.string() }).safeParse(safeJson(message.content));
  if (!parsed.success) return null;
  let line = parsed.data.text;
  // Longest keys first, so @_user_1 does not eat the start of @_user_10.
  for (const mention of [...mentions].sort((a, b) => b.key.length - a.key.length)) {
    const replacement = botKeys.has(mention.key) ? ' ' : mention.id.open_id ? `feishu:${mention.id.open_id}` : mention.name ?? '';
    line = line.split(mention.key).join(replacement);
  }
  return line.trim();
}

/** The ids picked in a list's multi-select, sent with "Delete selected". */
export function selectedNoteIds(action: CardAction['action']): string[] {
  const picked = action.form_value?.[SELECT_FIELD];
  return Array.isArray(picked) ? picked.filter((v): v is string => typeof v === 'string') : [];
}

/** The command line a button stands for; "Delete selected" gets the picked ids appended. */
export function commandLineOf(action: CardAction['action']): string {
  return action.value.cmd === 'delete-selected' ? `delete-selected ${selectedNoteIds(action).join(' ')}`.trim() : action.value.cmd;
}

export const localeOf = (event: { locale?: string; operator?: { locale?: string } }): string | undefined => event.operator?.locale ?? event.locale;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
