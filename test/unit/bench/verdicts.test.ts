import { jest } from '@jest/globals';
import { verdict, type CountReport } from '../../../bench/bulk/report.js';
import type { PhaseResult } from '../../../bench/bulk/memory.js';
import { passed, percentile } from '../../../bench/latency/report.js';
import { reportSlack, type SlackRun } from '../../../bench/slack/report.js';

// A benchmark that prints OK while slow is worse than none: each verdict is checked on both sides.

const phase = (ms: number): PhaseResult => ({ name: 'p', ms, rssStart: 0, rssPeak: 0, heapStart: 0, heapPeak: 0, heapKept: 0 });
const side = (ms: number) => ({ phases: [phase(ms)], snapshotted: 1, deleted: 1, deletedInDatabase: 1, snapshotBytes: 1 });

describe('bench:latency rows', () => {
  const fast = Array.from({ length: 20 }, () => 100);
  test('pass when the p95 of every planned run is within the target', () => {
    expect(passed({ name: 'show', targetS: 0.3, ms: fast })).toBe(true);
  });
  test('fail when two of twenty runs are over the target (the p95 is the 19th)', () => {
    expect(percentile([...fast.slice(2), 400, 400], 95)).toBe(400);
    expect(passed({ name: 'show', targetS: 0.3, ms: [...fast.slice(2), 400, 400] })).toBe(false);
  });
  test('fail when the row stopped early or errored, however fast its runs were', () => {
    expect(passed({ name: 'list', targetS: 1.5, ms: [10, 10, 10], stoppedEarly: 'budget' })).toBe(false);
    expect(passed({ name: 'list', targetS: 1.5, ms: [], error: 'boom' })).toBe(false);
  });
});

describe('npm run bench (bulk)', () => {
  test('OK within 1.5x the raw driver, FAIL above it or when a side failed', () => {
    const report = (raw: number, app: number): CountReport => ({ count: 1000, seedMs: 1, raw: side(raw), app: side(app) });
    expect(verdict([report(100, 150)]).ok).toBe(true);
    expect(verdict([report(100, 151)])).toEqual({ ok: false, line: expect.stringContaining('over 1.5x') });
    expect(verdict([{ count: 1000, seedMs: 1, raw: side(100), app: { failed: 'index row requires 9000 bytes' } }]).ok).toBe(false);
  });
});

describe('npm run bench:slack', () => {
  const run = (overrides: Partial<SlackRun>): SlackRun => ({
    notes: 100_000,
    requests: 3,
    concurrency: 1,
    bareAckMs: [10, 10, 10],
    notesAckMs: [11, 11, 12],
    quiet: { sent: 1, ms: [100], notAList: 0 },
    burst: { sent: 3, ms: [1_000, 2_000, 3_000], notAList: 0 },
    ...overrides,
  });
  beforeEach(() => jest.spyOn(console, 'log').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  test('no failures when every answer is within 60 s and the ack p99 within 1.25x', () => {
    expect(reportSlack(run({}))).toEqual([]);
  });
  test('fails on an answer over 60 s, a missing answer, an error answer, or a slow ack', () => {
    expect(reportSlack(run({ burst: { sent: 3, ms: [1_000, 2_000, 60_001], notAList: 0 } }))).toEqual([expect.stringContaining('1 of 3 burst answers missed 60 s')]);
    expect(reportSlack(run({ burst: { sent: 3, ms: [1_000, 2_000], notAList: 0 } }))).toEqual([expect.stringContaining('1 of 3')]);
    expect(reportSlack(run({ burst: { sent: 3, ms: [1, 2, 3], notAList: 1 } }))).toEqual([expect.stringContaining('not a list')]);
    expect(reportSlack(run({ notesAckMs: [13, 13, 13] }))).toEqual([expect.stringContaining('ack p99 ratio 1.30')]);
  });
});
