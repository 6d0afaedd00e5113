import type { Logger } from '../../src/ports/system.js';
import type { Digest, DigestPoster } from '../chat/digestPublisher.js';
import type { TeamsCloudAdapter } from './adapter.js';
import { digestCard } from './backupCards.js';
import { cardMessage } from './bot.js';
import { inConversation, isTeamsConversationId, postNew } from './proactive.js';
import type { ServiceUrlBook } from './serviceUrls.js';

/**
 * Job digests (backups, failures, purges, the roles review) as a new card in the configured Teams
 * conversation (BACKUP_DIGEST_CHANNEL / APPROVAL_CHANNEL, `teams:` prefix already removed by the
 * publisher). The same proactive path as the approval notifier; the service URL comes from what
 * the bot has seen of that conversation or tenant, else TEAMS_SERVICE_URL.
 */
export class TeamsDigestPoster implements DigestPoster {
  constructor(
    private readonly adapter: TeamsCloudAdapter,
    private readonly appId: string,
    private readonly serviceUrls: ServiceUrlBook,
    private readonly logger: Logger,
  ) {}

  async post(digest: Digest, channel: string | undefined): Promise<void> {
    if (!isTeamsConversationId(channel)) {
      // Unset, or a Slack channel id in a setting both platforms share: nothing for Teams to do.
      this.logger.info({ topic: digest.topic, channel }, 'digest not posted to Teams: no Teams conversation id configured');
      return;
    }
    const serviceUrl = await this.serviceUrls.lookup(channel);
    const message = { ...cardMessage(digestCard(digest)), summary: digest.title };
    await inConversation(this.adapter, this.appId, serviceUrl, channel, async (context) => {
      await postNew(context, message);
    });
    this.logger.info({ topic: digest.topic, channel, serviceUrl }, 'digest posted to Teams');
  }
}
