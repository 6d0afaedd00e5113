/**
 * The database server's own memory, read from /proc: the embedded database is part of what a
 * user runs, so every benchmark reports its RSS next to Node's. Linux only; elsewhere (or for a
 * remote MONGODB_URI) the figures are simply absent.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface ProcessMemory {
  /** Resident set now, and the highest it has been since the process started (VmHWM), bytes. */
  rss: number;
  hwm: number;
}

/** The pid of the local process listening on `port` (found through its socket's inode), if ours. */
export function pidListeningOn(port: number): number | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // cols[1] is "ADDR:PORT" in hex, cols[3] the state (0A = LISTEN), cols[9] the inode.
      if (cols.length > 9 && cols[3] === '0A' && Number.parseInt(cols[1].split(':')[1] ?? '', 16) === port) inodes.add(cols[9]);
    }
  }
  if (!inodes.size) return undefined;
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // another user's process, or gone
    }
    for (const fd of fds) {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        if (inode && inodes.has(inode)) return Number(pid);
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}

export function readMemory(pid: number | undefined): ProcessMemory | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    const memory = { rss: kb('VmRSS'), hwm: kb('VmHWM') };
    return Number.isFinite(memory.rss) ? memory : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Peak RSS of a process over a window, polled: VmHWM only ever grows over the process's life, so a
 * phase's own peak needs sampling. 50 ms is fine-grained enough for phases that take seconds.
 */
export class PeakSampler {
  private peak = 0;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pid: number | undefined,
    intervalMs = 50,
  ) {
    this.sample();
    this.timer = pid === undefined ? undefined : setInterval(() => this.sample(), intervalMs);
    this.timer?.unref();
  }

  sample(): void {
    const now = readMemory(this.pid);
    if (now) this.peak = Math.max(this.peak, now.rss);
  }

  /** Peak since construction or the last reset, in bytes (undefined when the process is not readable). */
  take(reset = false): number | undefined {
    this.sample();
    const peak = this.peak || undefined;
    if (reset) this.peak = 0;
    return peak;
  }

  stop(): number | undefined {
    if (this.timer) clearInterval(this.timer);
    return this.take();
  }
}

export const megabytes = (bytes: number | undefined) => (bytes === undefined ? '-' : (bytes / 1024 / 1024).toFixed(0));
