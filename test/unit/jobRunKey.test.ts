import type { Job } from 'agenda';
import { runKey } from '../../jobs/oncePerRun.js';

/** The claim key of a job run: equal for two processes starting the same run, distinct otherwise. */
const job = (attrs: Record<string, unknown>) => ({ attrs: { name: 'backup:export', _id: 'j1', ...attrs } }) as unknown as Job;
const tomorrow = new Date('2026-12-03T02:00:00Z');

test('two processes starting the same occurrence of a recurring job share one key', () => {
  const a = job({ repeatInterval: '0 2 * * *', nextRunAt: tomorrow, lastRunAt: new Date('2026-12-02T02:00:00.010Z') });
  const b = job({ repeatInterval: '0 2 * * *', nextRunAt: new Date(tomorrow), lastRunAt: new Date('2026-12-02T02:00:00.040Z') });
  expect(runKey(a)).toBe(runKey(b));
  expect(runKey(a)).toBe('job-run:backup:export:j1:0:2026-12-03T02:00:00.000Z');
});

test('the next occurrence, a retry and another queued job each get a key of their own', () => {
  const keys = [
    job({ repeatInterval: '0 2 * * *', nextRunAt: tomorrow }),
    job({ repeatInterval: '0 2 * * *', nextRunAt: new Date('2026-12-04T02:00:00Z') }),
    job({ repeatInterval: '0 2 * * *', nextRunAt: tomorrow, failCount: 1 }),
    job({ nextRunAt: null }),
    job({ nextRunAt: null, failCount: 2 }),
    job({ _id: 'j2', nextRunAt: null }),
  ].map(runKey);
  expect(new Set(keys).size).toBe(keys.length);
});
