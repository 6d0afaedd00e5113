import { megabytes } from '../common/dbProcess.js';
import type { Answers } from './fakeSlack.js';

/** Issue 13's goals: the ack p99 within 1.25x a bare Bolt app's, every burst answer within 60 s. */
export const ACK_RATIO_TARGET = 1.25;
export const ANSWER_GOAL_MS = 60_000;

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface SlackRun {
  notes: number;
  requests: number;
  concurrency: number;
  bareAckMs: number[];
  notesAckMs: number[];
  quiet: Answers;
  burst: Answers;
  dbPeak?: number;
}

const row = (label: string, xs: number[]) =>
  xs.length === 0
    ? `${label.padEnd(34)} none arrived`
    : `${label.padEnd(34)} p50 ${percentile(xs, 50).toFixed(1).padStart(9)} ms   p99 ${percentile(xs, 99).toFixed(1).padStart(9)} ms   max ${Math.max(...xs).toFixed(1).padStart(9)} ms`;

/** Prints the table and returns the failures (empty when every goal is met). */
export function reportSlack(run: SlackRun): string[] {
  const ratio = percentile(run.notesAckMs, 99) / percentile(run.bareAckMs, 99);
  const inTime = run.burst.ms.filter((ms) => ms <= ANSWER_GOAL_MS).length;
  const lines = [
    '',
    `/notes list with ${run.notes} notes: ${run.requests} signed requests per app, ${run.concurrency} concurrent`,
    'ack = the HTTP response to the request; answer = the response_url POST arriving at the fake Slack, from the moment the request was sent',
    row('bare Bolt app: ack', run.bareAckMs),
    row('notes app: ack', run.notesAckMs),
    row('notes app: list answered, idle', run.quiet.ms),
    row('notes app: list answered, burst', run.burst.ms),
    `burst answers within ${ANSWER_GOAL_MS / 1000} s: ${inTime}/${run.burst.sent} (${run.burst.sent - run.burst.ms.length} never arrived${run.burst.notAList ? `, ${run.burst.notAList} were not a list` : ''})`,
    `p99 ack ratio notes/bare: ${ratio.toFixed(2)} (target <= ${ACK_RATIO_TARGET})`,
    `database server peak RSS: ${megabytes(run.dbPeak)} MB`,
  ];
  console.log(lines.join('\n'));
  const failures: string[] = [];
  if (!(ratio <= ACK_RATIO_TARGET)) failures.push(`ack p99 ratio ${ratio.toFixed(2)} > ${ACK_RATIO_TARGET}x bare Bolt`);
  if (inTime < run.burst.sent) failures.push(`${run.burst.sent - inTime} of ${run.burst.sent} burst answers missed ${ANSWER_GOAL_MS / 1000} s`);
  if (run.burst.notAList) failures.push(`${run.burst.notAList} burst answers were not a list (errors?)`);
  if (percentile(run.notesAckMs, 99) >= 3_000) failures.push("ack p99 over Slack's 3 s");
  return failures;
}
