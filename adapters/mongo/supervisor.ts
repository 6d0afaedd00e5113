import type { ChildProcess } from 'node:child_process';

/**
 * Keeps a child process running (DESIGN.md section 6: the embedded database "is restarted by
 * its parent if it dies"). An exit nobody asked for is followed by a new launch after a backoff
 * that doubles per recent failure; `maxFailures` exits or failed launches within `windowMs`
 * mean something is wrong that restarting will not fix, and the supervisor gives up.
 */
export interface RestartPolicy {
  maxFailures: number;
  windowMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

// Half a second before the first restart: long enough for /healthz to be seen answering 503.
export const defaultRestartPolicy: RestartPolicy = { maxFailures: 5, windowMs: 60_000, baseDelayMs: 500, maxDelayMs: 8_000 };

export interface ChildExit {
  pid?: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** What the process said before it went (its stderr tail), or why the launch failed. */
  detail: string;
}

export interface SupervisorEvents {
  /** The child is gone; a new launch follows after `delayMs`. */
  onExit?(exit: ChildExit & { delayMs: number; recentFailures: number }): void;
  onRestart?(pid: number): void;
  /** Restarting stopped: the owner should shut down. */
  onGiveUp?(exit: ChildExit & { recentFailures: number }): void;
}

export type SupervisedState = 'running' | 'restarting' | 'failed' | 'stopped';

export interface Launched {
  child: ChildProcess;
  /** The tail of the child's stderr, read when it exits. */
  detail(): string;
}

export class Supervisor {
  private current: Launched;
  private stateNow: SupervisedState = 'running';
  private readonly failures: number[] = [];
  private recovery?: Promise<void>;
  private wake?: () => void;

  constructor(
    first: Launched,
    private readonly launch: () => Promise<Launched>,
    private readonly stopChild: (child: ChildProcess) => Promise<void>,
    private readonly events: SupervisorEvents = {},
    private readonly policy: RestartPolicy = defaultRestartPolicy,
  ) {
    this.current = first;
    this.watch(first);
  }

  get state(): SupervisedState {
    return this.stateNow;
  }

  get pid(): number | undefined {
    return this.current.child.pid;
  }

  /** Stops the child and any restart in progress; no restart follows. */
  async stop(): Promise<void> {
    if (this.stateNow === 'stopped') return;
    this.stateNow = 'stopped';
    this.wake?.();
    await this.recovery;
    await this.stopChild(this.current.child);
  }

  private watch(launched: Launched) {
    launched.child.once('exit', (code, signal) => {
      if (this.stateNow === 'stopped' || launched !== this.current) return;
      this.recovery = this.recover({ pid: launched.child.pid, code, signal, detail: launched.detail() });
    });
  }

  private async recover(exit: ChildExit): Promise<void> {
    this.stateNow = 'restarting';
    let last = exit;
    for (;;) {
      const now = Date.now();
      this.failures.push(now);
      while (this.failures[0] <= now - this.policy.windowMs) this.failures.shift();
      const recentFailures = this.failures.length;
      if (recentFailures >= this.policy.maxFailures) {
        this.stateNow = 'failed';
        this.events.onGiveUp?.({ ...last, recentFailures });
        return;
      }
      const delayMs = Math.min(this.policy.baseDelayMs * 2 ** (recentFailures - 1), this.policy.maxDelayMs);
      this.events.onExit?.({ ...last, delayMs, recentFailures });
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, delayMs).unref();
      });
      if (this.isStopped()) return;
      let next: Launched;
      try {
        next = await this.launch();
      } catch (error) {
        if (this.isStopped()) return;
        last = { code: null, signal: null, detail: (error as Error).message };
        continue;
      }
      // A launch can finish after stop() began: that child is ours to stop too.
      this.current = next;
      if (this.isStopped()) return;
      this.stateNow = 'running';
      this.watch(next);
      this.events.onRestart?.(next.child.pid!);
      return;
    }
  }

  /** A method, so the compiler does not narrow the state across the awaits above. */
  private isStopped(): boolean {
    return this.stateNow === 'stopped';
  }
}
