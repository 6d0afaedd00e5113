import type { PhaseResult } from './memory.js';
import type { SideResult } from './sides.js';

export type SideOutcome = SideResult | { timedOutAfterMs: number } | { failed: string };

export interface CountReport {
  count: number;
  seedMs: number;
  /** The database server's peak RSS while both databases were seeded. */
  seedDbRssPeak?: number;
  skipped?: string;
  raw?: SideOutcome;
  app?: SideOutcome;
}

/** Issue 13: the app within 1.5x the raw driver. */
export const TARGET_RATIO = 1.5;
const mb = (bytes: number | undefined) => (bytes === undefined ? '-' : (bytes / 1024 / 1024).toFixed(0));
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
      const what = 'failed' in side ? 'FAILED (below)' : 'stopped at the time limit';
      rows.push([`${report.count} ${side === report.raw ? 'raw' : 'app'}: ${what}`, 'failed' in side ? '-' : seconds(side.timedOutAfterMs), '', '', '', '', '', '']);
      continue;
    }
    for (const phase of side.phases) {
      rows.push([`${report.count} ${phase.name}`, seconds(phase.ms), mb(phase.rssStart), mb(phase.rssPeak), mb(phase.heapStart), mb(phase.heapPeak), mb(phase.heapKept), mb(phase.dbRssPeak)]);
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
    table([['phase (each side in its own process)', 'time s', 'RSS start MB', 'RSS peak MB', 'heap start MB', 'heap peak MB', 'heap kept MB', 'database RSS peak MB'], ...reports.flatMap(phaseRows)]),
    '',
    table([
      ['notes', 'raw s', 'app s', `ratio (target <= ${TARGET_RATIO.toFixed(1)})`, 'raw snap/del/db', 'app snap/del/db'],
      ...reports.map(summaryRow),
    ]),
    '',
    'RSS and heap are the Node process of that side; database RSS is the database server process (VmRSS from /proc, "-" when not local).',
    'heap kept = heap in use after the phase and a full GC. Memory sampled every 50 ms.',
    'snap = notes in the gzip snapshot, del = notes the side reports deleted, db = soft-deleted notes counted in the database afterwards.',
    ...reports.flatMap((r) =>
      (['raw', 'app'] as const).flatMap((name) => {
        const side = r[name];
        return side && 'failed' in side ? [`${r.count} ${name} FAILED: ${side.failed.split('\n')[0]}`] : [];
      }),
    ),
    `seeding (both databases, not timed in the ratio): ${reports.filter((r) => r.seedMs).map((r) => `${r.count}: ${seconds(r.seedMs)} s, database RSS peak ${mb(r.seedDbRssPeak)} MB`).join('; ') || '-'}`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

/**
 * The run's verdict: FAIL when a side failed (an error, not the time limit) or the app is over the
 * target ratio at a count both sides finished; counts skipped or stopped at the time limit are
 * named but do not fail the run (the table says so).
 */
export function verdict(reports: CountReport[]): { ok: boolean; line: string } {
  const failed = reports.flatMap((r) => [r.raw, r.app].filter((side) => side && 'failed' in side).map(() => r.count));
  const over = reports.filter((r) => finished(r.raw) && finished(r.app) && totalMs(r.app.phases) / totalMs(r.raw.phases) > TARGET_RATIO).map((r) => r.count);
  const measured = reports.filter((r) => finished(r.raw) && finished(r.app)).map((r) => r.count);
  if (failed.length || over.length) {
    const parts = [...(failed.length ? [`a side failed at ${failed.join(', ')} notes`] : []), ...(over.length ? [`over ${TARGET_RATIO}x the raw driver at ${over.join(', ')} notes`] : [])];
    return { ok: false, line: `FAIL: ${parts.join('; ')}` };
  }
  if (!measured.length) return { ok: false, line: 'FAIL: no count finished on both sides' };
  return { ok: true, line: `OK: within ${TARGET_RATIO}x the raw driver at ${measured.join(', ')} notes (largest measured: ${Math.max(...measured)})` };
}
