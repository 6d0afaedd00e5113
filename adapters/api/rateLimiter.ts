/**
 * Requests per token per minute, in this process's memory: a sliding pair of one-minute windows
 * (the previous window's count weighted by how much of it still overlaps), so a burst at a window's
 * edge cannot double the rate. Several instances each allow the rate: a limit per instance.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number; previous: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly nowMs: () => number,
  ) {}

  /** Counts one request for `key`; false when it is over the limit (and then it is not counted). */
  take(key: string): boolean {
    const now = this.nowMs();
    const start = now - (now % 60_000);
    let window = this.windows.get(key);
    if (!window || window.start !== start) {
      const previous = window && window.start === start - 60_000 ? window.count : 0;
      window = { start, count: 0, previous };
      this.windows.set(key, window);
    }
    const overlap = 1 - (now - start) / 60_000;
    if (window.count + window.previous * overlap >= this.perMinute) return false;
    window.count += 1;
    return true;
  }
}
