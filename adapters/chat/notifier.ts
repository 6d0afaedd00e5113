import type { Platform } from '../../src/domain/actor.js';
import type { Logger, Notifier, NotesEvent } from '../../src/ports/system.js';

/**
 * Routes core events to the platform that should show them: the platform an approval card was
 * posted on, else the platform the request came from. Each chat adapter registers its notifier.
 */
export class PlatformNotifier implements Notifier {
  private readonly byPlatform = new Map<Platform, Notifier>();

  constructor(private readonly logger: Logger) {}

  register(platform: Platform, notifier: Notifier): void {
    this.byPlatform.set(platform, notifier);
  }

  async publish(event: NotesEvent): Promise<void> {
    const platform = event.request.message?.platform ?? event.request.origin.platform;
    const target = this.byPlatform.get(platform);
    if (!target) {
      this.logger.info({ event: event.type, requestId: event.request.id, platform }, 'no notifier for platform; event logged only');
      return;
    }
    await target.publish(event);
  }
}
