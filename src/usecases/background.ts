/**
 * The long operations running in this process, off the request path. A request launches one
 * and is answered at once; shutdown stops plan batches (PlanRuns.stop) and then waits here for
 * the launched work to wind down, so nothing is left writing when the database closes. What
 * did not finish is still `running` in the database and resumes at the next start, or sooner on
 * another instance once its run stops beating (takeOver.ts).
 */
export class BackgroundWork {
  private readonly running = new Map<string, Promise<void>>();
  private release: () => void = () => {};
  /** Work launched before the front ends are ready (resumed at start-up) waits here. */
  private readonly gate: Promise<void>;

  constructor(options: { open?: boolean } = {}) {
    this.gate = options.open === false ? new Promise<void>((resolve) => (this.release = resolve)) : Promise.resolve();
  }

  /**
   * Lets launched work start. The composition root holds work resumed at start-up until every
   * front end has registered how it shows progress, so a resumed run updates its message too.
   */
  open(): void {
    this.release();
  }

  /** Runs `work` detached; it must catch its own errors (see runTracked). A second launch of one id is a no-op. */
  launch(id: string, work: () => Promise<void>): boolean {
    if (this.running.has(id)) return false;
    const done = this.gate.then(work).finally(() => this.running.delete(id));
    this.running.set(id, done);
    return true;
  }

  /** Ids of the operations running in this process now. */
  get ids(): string[] {
    return [...this.running.keys()];
  }

  /** Resolves once nothing launched here is running (work launched meanwhile is waited for too). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }
}
