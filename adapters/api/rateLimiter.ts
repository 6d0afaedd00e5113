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

/** Bad bearer tokens one client address may send in a window before it is locked out. */
export const FAILED_LOGINS_MAX = 10;
/** The window, from the first bad token, ms: a locked-out address waits for its end. */
export const FAILED_LOGIN_WINDOW_MS = 5 * 60_000;
/** Addresses remembered before expired windows are swept, so a flood of addresses stays bounded. */
const SWEEP_ABOVE = 1000;

/**
 * Guessing tokens is slowed per client address: after `FAILED_LOGINS_MAX` bad tokens within
 * `FAILED_LOGIN_WINDOW_MS` of the first, every request from that address is refused until the
 * window ends, whatever token it carries. Checked before the token is looked up, so a locked-out
 * client learns nothing about which token names exist. The address is the socket's peer: a
 * forwarded-for header is the client's to forge. In this process's memory, like the token limit.
 */
export class FailedLoginThrottle {
  private readonly windows = new Map<string, { start: number; failures: number }>();

  constructor(
    private readonly nowMs: () => number,
    private readonly max = FAILED_LOGINS_MAX,
    private readonly windowMs = FAILED_LOGIN_WINDOW_MS,
  ) {}

  /** Ms until `address` may try again; 0 when it is not locked out. */
  lockedFor(address: string): number {
    const window = this.current(address);
    return window && window.failures >= this.max ? window.start + this.windowMs - this.nowMs() : 0;
  }

  /** Counts one bad token from `address`. */
  failed(address: string): void {
    const now = this.nowMs();
    const window = this.current(address) ?? { start: now, failures: 0 };
    window.failures += 1;
    this.windows.set(address, window);
    if (this.windows.size > SWEEP_ABOVE) this.sweep(now);
  }

  private current(address: string): { start: number; failures: number } | null {
    const window = this.windows.get(address);
    return window && this.nowMs() < window.start + this.windowMs ? window : null;
  }

  private sweep(now: number): void {
    for (const [address, window] of this.windows) if (now >= window.start + this.windowMs) this.windows.delete(address);
  }
}
