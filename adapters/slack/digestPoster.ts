import type { webApi } from '@slack/bolt';
import type { Logger } from '../../src/ports/system.js';
import { digestText, type Digest, type DigestPoster } from '../chat/digestPublisher.js';
import { translatorFor } from '../chat/i18n/index.js';
import type { SlackMessage } from './blocks.js';
import { LIMITS } from './limits.js';
import { context, escapeUserText, fallbackText, header, sections } from './mrkdwn.js';

const TOPIC_ICON: Record<Digest['topic'], string> = {
  backup: ':floppy_disk:',
  'backup-failed': ':rotating_light:',
  'trash-purge': ':wastebasket:',
  'roles-review': ':busts_in_silhouette:',
};

/**
 * Job digests (backup, purge, role review) as a channel message: a header, one bullet per line,
 * and a footer that says plainly when something failed, so a red run is not skimmed past.
 * `text` is the plain digest, for notifications and clients without Block Kit.
 */
export function digestMessage(digest: Digest): SlackMessage {
  // The footer in the digest's own language, as Teams and Feishu word it; the topic is the job's id.
  const { t } = translatorFor(digest.locale ?? 'en');
  const icon = digest.ok ? TOPIC_ICON[digest.topic] : ':rotating_light:';
  const body = digest.lines.map((line) => `• ${escapeUserText(line)}`).join('\n');
  return {
    text: fallbackText(digestText(digest)),
    blocks: [
      header(`${icon} ${digest.title}`),
      // Room for the header and the footer.
      ...(body ? sections(body, LIMITS.messageBlocks - 2) : []),
      context(digest.ok ? `\`${digest.topic}\`` : `:x: *${t('digest.needsAttention')}* \`${digest.topic}\``),
    ],
  };
}

/**
 * Posts digests to the configured channel (BACKUP_DIGEST_CHANNEL, or APPROVAL_CHANNEL for the
 * role review). With no channel there is nowhere to post: the publisher has logged the digest
 * already, and this says why Slack did not get it. A failed post throws; the publisher logs it
 * and the job itself still counts as done.
 */
export function createSlackDigestPoster(options: { client: webApi.WebClient; logger: Logger }): DigestPoster {
  const { client, logger } = options;
  return {
    async post(digest, channel) {
      if (!channel) {
        logger.warn({ topic: digest.topic }, 'no digest channel configured (BACKUP_DIGEST_CHANNEL / APPROVAL_CHANNEL): digest not posted to Slack');
        return;
      }
      await client.chat.postMessage({ channel, ...digestMessage(digest) });
    },
  };
}
