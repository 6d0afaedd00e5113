import type { Platform } from '../../src/domain/actor.js';
import type { Logger, Notifier, NotesEvent } from '../../src/ports/system.js';

/** Events held per platform until it registers; beyond this the oldest are dropped (logged). */
const HELD_MAX = 50;

/**
 * Routes core events to the platform that should show them: the platform an approval card was
 * posted on, else the platform the request came from. Each chat adapter registers its notifier.
 * Start-up publishes before the front ends register (an approved delete a crash cut short is
 * carried out and told then), so an event for a platform not registered yet is held and handed
 * over when it registers: in memory only, and at most a few.
 */
export class PlatformNotifier implements Notifier {
  private readonly byPlatform = new Map<Platform, Notifier>();
  private readonly held = new Map<Platform, NotesEvent[]>();

  constructor(private readonly logger: Logger) {}

  register(platform: Platform, notifier: Notifier): void {
    this.byPlatform.set(platform, notifier);
    const waiting = this.held.get(platform) ?? [];
    this.held.delete(platform);
    void this.deliverHeld(notifier, waiting);
  }

  async publish(event: NotesEvent): Promise<void> {
    const platform = event.request.message?.platform ?? event.request.origin.platform;
    const target = this.byPlatform.get(platform);
    if (target) return target.publish(event);
    const waiting = this.held.get(platform) ?? [];
    waiting.push(event);
    if (waiting.length > HELD_MAX) {
      const dropped = waiting.shift()!;
      this.logger.warn({ event: dropped.type, requestId: dropped.request.id, platform }, 'no notifier for platform; oldest held event dropped');
    }
    this.held.set(platform, waiting);
    this.logger.info({ event: event.type, requestId: event.request.id, platform }, 'no notifier for platform yet; event held until it registers');
  }

  /** In order; one that fails is logged, as a failed publish is everywhere else. */
  private async deliverHeld(notifier: Notifier, events: NotesEvent[]): Promise<void> {
    for (const event of events) {
      try {
        await notifier.publish(event);
      } catch (error) {
        this.logger.error({ err: error, event: event.type, requestId: event.request.id }, 'could not publish a held approval event');
      }
    }
  }
}
