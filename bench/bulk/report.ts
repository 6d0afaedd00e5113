import type { PhaseResult } from './memory.js';
import type { SideResult } from './sides.js';

export type SideOutcome = SideResult | { timedOutAfterMs: number } | { failed: string };

export interface CountReport {
  count: number;
  seedMs: number;
  skipped?: string;
  raw?: SideOutcome;
  app?: SideOutcome;
}

const TARGET_RATIO = 2.0;
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const totalMs = (phases: PhaseResult[]) => phases.reduce((sum, phase) => sum + phase.ms, 0);
const finished = (side: SideOutcome | undefined): side is SideResult => Boolean(side && 'phases' in side);

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ')).join('\n');
}

function phaseRows(report: CountReport): string[][] {
  const rows: string[][] = [];
  for (const side of [report.raw, report.app]) {
    if (!side) continue;
    if (!finished(side)) {
      const what = 'failed' in side ? `FAILED ${side.failed.split('\n')[0].slice(0, 160)}` : 'stopped at the time limit';
      rows.push([`${report.count} ${side === report.raw ? 'raw' : 'app'}: ${what}`, 'failed' in side ? '-' : seconds(side.timedOutAfterMs), '', '', '', '', '']);
      continue;
    }
    for (const phase of side.phases) {
      rows.push([`${report.count} ${phase.name}`, seconds(phase.ms), mb(phase.rssStart), mb(phase.rssPeak), mb(phase.heapStart), mb(phase.heapPeak), mb(phase.heapKept)]);
    }
  }
  return rows;
}

function summaryRow(report: CountReport): string[] {
  if (report.skipped) return [String(report.count), `skipped: ${report.skipped}`, '', '', '', ''];
  const { raw, app } = report;
  const rawMs = finished(raw) ? totalMs(raw.phases) : undefined;
  const appMs = finished(app) ? totalMs(app.phases) : undefined;
  const ratio = rawMs && appMs ? appMs / rawMs : undefined;
  const verdict = ratio === undefined ? 'n/a' : `${ratio.toFixed(2)} ${ratio <= TARGET_RATIO ? 'ok' : 'OVER'}`;
  const show = (side: SideOutcome | undefined, ms: number | undefined) =>
    ms !== undefined ? seconds(ms) : side && 'timedOutAfterMs' in side ? `>${seconds(side.timedOutAfterMs)}` : side ? 'failed' : '-';
  const counts = (side: SideOutcome | undefined) => (finished(side) ? `${side.snapshotted}/${side.deleted}/${side.deletedInDatabase}` : '-');
  return [String(report.count), show(raw, rawMs), show(app, appMs), verdict, counts(raw), counts(app)];
}

export function printReport(serverLabel: string, limitS: number, batchSize: string, reports: CountReport[]): void {
  const out = [
    '',
    `Bulk delete benchmark on ${serverLabel}; time limit ${limitS} s; app BULK_BATCH_SIZE ${batchSize}`,
    '',
    table([['phase (each side in its own process)', 'time s', 'RSS start MB', 'RSS peak MB', 'heap start MB', 'heap peak MB', 'heap kept MB'], ...reports.flatMap(phaseRows)]),
    '',
    table([
      ['notes', 'raw s', 'app s', `ratio (target <= ${TARGET_RATIO.toFixed(1)})`, 'raw snap/del/db', 'app snap/del/db'],
      ...reports.map(summaryRow),
    ]),
    '',
    'heap kept = heap in use after the phase and a full GC. Memory sampled every 50 ms.',
    'snap = notes in the gzip snapshot, del = notes the side reports deleted, db = soft-deleted notes counted in the database afterwards.',
    `seeding (both databases, not timed in the ratio): ${reports.filter((r) => r.seedMs).map((r) => `${r.count}: ${seconds(r.seedMs)} s`).join(', ') || '-'}`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}
