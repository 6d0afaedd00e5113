import { z } from 'zod';
import type { Actor } from '../../src/domain/actor.js';
import type { RequestContext } from '../../src/usecases/context.js';
import { viewMetadata, type ViewMetadata } from './views.js';

/**
 * The parts of Slack's payloads this adapter reads, validated at the edge. Bolt has already
 * checked the signature; these schemas make sure a payload of an unexpected shape is refused
 * with a clear error instead of reaching the core half-read.
 */
const slackId = z.string().regex(/^[A-Z0-9]{2,30}$/i, 'is not a Slack id');

export const slashCommandBody = z.object({
  command: z.string(),
  // No length cap here: the core refuses an over-long command with a sentence naming the limit;
  // a schema cap would turn it into a ZodError and "something went wrong".
  text: z.string().default(''),
  user_id: slackId,
  user_name: z.string().optional(),
  channel_id: slackId,
  trigger_id: z.string().min(1),
  response_url: z.url(),
});
export type SlashCommandBody = z.infer<typeof slashCommandBody>;

const selectedOptions = z.object({ selected_options: z.array(z.object({ value: z.string() })).optional() }).loose();

export const blockActionBody = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: slackId, username: z.string().optional(), name: z.string().optional() }),
  channel: z.object({ id: slackId }).optional(),
  container: z.object({ channel_id: slackId.optional() }).loose().optional(),
  trigger_id: z.string().min(1),
  response_url: z.url().optional(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().max(2_000).optional() }).loose()).min(1),
  state: z.object({ values: z.record(z.string(), z.record(z.string(), selectedOptions)) }).optional(),
});
export type BlockActionBody = z.infer<typeof blockActionBody>;

export const viewBody = z.object({
  type: z.enum(['view_submission', 'view_closed']),
  user: z.object({ id: slackId, username: z.string().optional(), name: z.string().optional() }),
  view: z.object({ callback_id: z.string(), private_metadata: z.string().max(3_000) }),
});

export function parseViewMetadata(raw: string): ViewMetadata {
  return viewMetadata.parse(JSON.parse(raw));
}

/** Button value of Next/Previous. */
export const pageValue = z.object({
  s: z.enum(['live', 'deleted']),
  f: z.string().max(1_900),
  // A `page:` token value (src/domain/paging.ts); a bare number from buttons posted before paging by key.
  p: z.union([z.number().int().min(1).max(999_999), z.string().max(120)]),
});

export function slackActor(userId: string, displayName?: string): Actor {
  return { id: `slack:${userId}`, platform: 'slack', ...(displayName ? { displayName } : {}) };
}

/**
 * Who and where: the origin routes an approval card back to this channel. Answers are private:
 * ephemeral, or through the response_url as ephemeral, or a direct message (reply.ts).
 */
export function slackContext(userId: string, channelId: string | undefined, displayName?: string): RequestContext {
  return { actor: slackActor(userId, displayName), origin: { platform: 'slack', ...(channelId ? { channelId } : {}) }, privateReply: true };
}

/** Where to tell the user something: the response_url when there is one, else an ephemeral. */
export interface ReplyTarget {
  userId: string;
  channelId?: string;
  responseUrl?: string;
}

const anyBodyTarget = z.object({
  user_id: slackId.optional(),
  channel_id: slackId.optional(),
  response_url: z.url().optional(),
  user: z.object({ id: slackId }).optional(),
  channel: z.object({ id: slackId }).optional(),
  view: z.object({ private_metadata: z.string().optional() }).loose().optional(),
});

/** Best effort: where the error funnel can reach the person whose request failed. */
export function replyTargetOf(body: unknown): ReplyTarget | null {
  const parsed = anyBodyTarget.safeParse(body);
  if (!parsed.success) return null;
  const b = parsed.data;
  const userId = b.user_id ?? b.user?.id;
  if (!userId) return null;
  let meta: ViewMetadata | null = null;
  try {
    meta = b.view?.private_metadata ? parseViewMetadata(b.view.private_metadata) : null;
  } catch {
    meta = null;
  }
  const channelId = b.channel_id ?? b.channel?.id ?? meta?.ch;
  const responseUrl = b.response_url ?? meta?.r;
  return { userId, ...(channelId ? { channelId } : {}), ...(responseUrl ? { responseUrl } : {}) };
}
