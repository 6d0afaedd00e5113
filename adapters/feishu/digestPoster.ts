import type { Logger } from '../../src/ports/system.js';
import type { Digest, DigestPoster } from '../chat/digestPublisher.js';
import type { FeishuApi } from './api.js';
import { card, text, subtle, type FeishuCard } from './cardKit.js';
import { fitCard } from './limits.js';
import { feishuChatOf } from './notifier.js';
import { translatorFor, type Translator } from '../chat/i18n/index.js';
import { cutNote } from './viewRenderer.js';

/** A roles review lists every grant; a card holds at most 200 elements, so long digests are cut. */
export const MAX_DIGEST_LINES = 80;

/** A job digest (backup, failure, purge, roles review) as a card: a red header for a failure. */
export function digestCard(digest: Digest, tr: Translator): FeishuCard {
  const { t } = tr;
  const kept = digest.lines.slice(0, MAX_DIGEST_LINES);
  const cut = digest.lines.length - kept.length;
  const elements = [
    ...kept.map((line) => text(line)),
    ...(cut > 0 ? [subtle(t('digest.moreLines', { count: cut }))] : []),
    ...(digest.ok ? [] : [text(t('digest.needsAttention'), { text_color: 'red' })]),
  ];
  return fitCard(card(digest.title, elements, { colour: digest.ok ? 'blue' : 'red', summary: t('format.label', { label: t('feishu.backupDigest'), value: digest.title }) }), cutNote(tr));
}

/**
 * Posts job digests to a Feishu chat: BACKUP_DIGEST_CHANNEL as `feishu:<chat_id>` (the publisher
 * strips the prefix) or a bare `oc_` chat id. Without a Feishu chat there is nowhere to post.
 */
export class FeishuDigestPoster implements DigestPoster {
  constructor(private readonly deps: { api: FeishuApi; logger: Logger }) {}

  async post(digest: Digest, channel: string | undefined): Promise<void> {
    // The publisher has already removed a `feishu:` prefix; a Slack or Teams id is not ours.
    const target = feishuChatOf(channel);
    if (!target) {
      this.deps.logger.info({ topic: digest.topic }, 'no Feishu chat for digests (BACKUP_DIGEST_CHANNEL=feishu:<chat_id>); digest logged only');
      return;
    }
    // The card's own words (the "needs attention" line, the cut note) in the digest's language.
    await this.deps.api.sendCard(target, digestCard(digest, translatorFor(digest.locale ?? 'en')));
  }
}
