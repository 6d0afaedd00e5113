import { megabytes } from '../common/dbProcess.js';

export interface RowResult {
  name: string;
  /** The goal for this size (seconds, p95): the target, doubled at 1,000,000 notes. */
  targetS: number;
  ms: number[];
  /** Set when the row stopped before its runs were done (time budget) or failed. */
  stoppedEarly?: string;
  error?: string;
}

export interface SizeResult {
  count: number;
  seedMs: number;
  startMs: number;
  rows: RowResult[];
  dbPeakSeed?: number;
  dbPeakCommands?: number;
  nodePeak?: number;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** PASS only when every planned run finished and the p95 is within the target. */
export function passed(row: RowResult): boolean {
  return !row.error && !row.stoppedEarly && row.ms.length > 0 && percentile(row.ms, 95) <= row.targetS * 1000;
}

const s = (ms: number) => (ms / 1000).toFixed(3);
const n = (count: number) => count.toLocaleString('en');

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('   ').trimEnd()).join('\n');
}

function cell(row: RowResult | undefined): string {
  if (!row) return '-';
  if (row.error) return `ERROR`;
  const verdict = passed(row) ? 'PASS' : 'FAIL';
  const early = row.stoppedEarly ? ` (${row.ms.length} runs)` : '';
  return row.ms.length ? `${s(percentile(row.ms, 50))} / ${s(percentile(row.ms, 95))} ${verdict}${early}` : `- ${verdict}`;
}

export function printLatencyReport(label: string, runs: number, sizes: SizeResult[]): void {
  const names = sizes[0]?.rows.map((row) => row.name) ?? [];
  const head = ['command (console path)', ...sizes.map((size) => `${n(size.count)}: p50 / p95 s${size.count >= 1_000_000 ? ' (targets x2)' : ''}`)];
  const body = names.map((name) => {
    const target = sizes[0].rows.find((row) => row.name === name)!.targetS;
    return [`${name}  <= ${target} s`, ...sizes.map((size) => cell(size.rows.find((row) => row.name === name)))];
  });
  const memory = [
    ['', ...sizes.map((size) => n(size.count))],
    ['seed notes + audit (insertMany) s', ...sizes.map((size) => s(size.seedMs))],
    ['app start-up (createApp) s', ...sizes.map((size) => s(size.startMs))],
    ['database RSS peak, seeding MB', ...sizes.map((size) => megabytes(size.dbPeakSeed))],
    ['database RSS peak, commands MB', ...sizes.map((size) => megabytes(size.dbPeakCommands))],
    ['Node RSS peak MB', ...sizes.map((size) => megabytes(size.nodePeak))],
  ];
  const errors = sizes.flatMap((size) => size.rows.filter((row) => row.error || row.stoppedEarly).map((row) => `  ${n(size.count)} ${row.name}: ${row.error ?? row.stoppedEarly}`));
  process.stdout.write(
    [
      '',
      `Command latency on ${label}; ${runs} runs per command after one warm-up, seconds`,
      '',
      table([head, ...body]),
      '',
      table(memory),
      ...(errors.length ? ['', 'Rows that did not finish their runs (each counts as FAIL):', ...errors] : []),
      '',
    ].join('\n'),
  );
}
