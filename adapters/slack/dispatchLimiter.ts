import type { Dispatcher } from '../../src/usecases/dispatch.js';

/**
 * At most `limit` Slack commands run in the core at once per process; the rest wait their turn
 * (their acks are already sent, and a response_url stays valid for 30 minutes). A burst of 50
 * `/notes list` must not put 50 heavy queries on the database at once and starve the ack path
 * that keeps every later request inside Slack's 3 seconds.
 */
export const MAX_CONCURRENT_DISPATCHES = 4;

export function limitDispatcher(dispatcher: Dispatcher, limit = MAX_CONCURRENT_DISPATCHES): Dispatcher & { waiting(): number } {
  let running = 0;
  const queue: Array<() => void> = [];
  const acquire = () =>
    running < limit
      ? ((running += 1), Promise.resolve())
      : new Promise<void>((resolve) => queue.push(() => ((running += 1), resolve())));
  const release = () => {
    running -= 1;
    queue.shift()?.();
  };
  return {
    async execute(ctx, command) {
      await acquire();
      try {
        return await dispatcher.execute(ctx, command);
      } finally {
        release();
      }
    },
    // A keyed read per request: not worth a place in the queue.
    localeOf(ctx) {
      return dispatcher.localeOf(ctx);
    },
    // Slack never ingests; passed through so the limited dispatcher is still a whole one.
    ingest(ctx, notes) {
      return dispatcher.ingest(ctx, notes);
    },
    waiting: () => queue.length,
  };
}
