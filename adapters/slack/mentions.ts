import type { MentionContext } from '../chat/parseFilter.js';

/**
 * `<@U123>` / `<@U123|name>`: how a slash command sends a mention, since the manifest asks Slack
 * to escape users (should_escape). The decoding lives here, not in the shared grammar: other
 * platforms have their own markup (Feishu rewrites its `@_user_1` keys in adapters/feishu).
 */
const SLACK_MENTION = /^<@([A-Z0-9]+)(?:\|[^>]*)?>$/;

export function slackMention(word: string): string | null {
  const match = SLACK_MENTION.exec(word);
  return match ? `slack:${match[1]}` : null;
}

/** How the grammar reads a Slack user's words: `@alice` as `slack:alice`, a mention as its user. */
export const slackMentions: MentionContext = { platform: 'slack', mention: slackMention };
