import { PeakSampler } from '../common/dbProcess.js';

/** Peak memory of one phase, sampled every 50 ms (plus once at each end). */
export interface MemoryPeak {
  /** RSS when the phase started, and its highest sample during it, in bytes. */
  rssStart: number;
  rssPeak: number;
  heapStart: number;
  heapPeak: number;
  /** Heap still in use after the phase and a full collection: what it keeps, not its garbage. */
  heapKept: number;
  /** The database server process's peak RSS during the phase, when it runs on this machine. */
  dbRssPeak?: number;
}

export interface PhaseResult extends MemoryPeak {
  name: string;
  ms: number;
}

const SAMPLE_MS = 50;

/** Present when the worker runs with --expose-gc (the benchmark forks it so). */
const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => {});

/**
 * Times `work` and records its peak RSS and heap, and the database process's (`dbPid`): memory
 * that grows with the count shows here.
 */
export async function measurePhase<T>(name: string, work: () => Promise<T>, dbPid?: number): Promise<{ value: T; phase: PhaseResult }> {
  collectGarbage();
  const first = process.memoryUsage();
  const peak: MemoryPeak = { rssStart: first.rss, rssPeak: first.rss, heapStart: first.heapUsed, heapPeak: first.heapUsed, heapKept: 0 };
  const sample = () => {
    const now = process.memoryUsage();
    peak.rssPeak = Math.max(peak.rssPeak, now.rss);
    peak.heapPeak = Math.max(peak.heapPeak, now.heapUsed);
  };
  const timer = setInterval(sample, SAMPLE_MS);
  const database = new PeakSampler(dbPid, SAMPLE_MS);
  const started = performance.now();
  try {
    const value = await work();
    const ms = performance.now() - started;
    sample();
    collectGarbage();
    peak.heapKept = process.memoryUsage().heapUsed;
    const dbRssPeak = database.take();
    return { value, phase: { name, ms, ...peak, ...(dbRssPeak ? { dbRssPeak } : {}) } };
  } finally {
    clearInterval(timer);
    database.stop();
  }
}
