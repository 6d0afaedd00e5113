/**
 * Where the Slack ack benchmark's processes run on the CPU, so that its ratio measures the
 * adapter and not a small machine: the app under test on a core of its own, the load generator
 * and the (reniced) embedded database on the other.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * With two or more cores, the app under test (each in turn) gets the last core to itself; the
 * load generator (about one core's worth of work at full burst) and the database share core 0.
 * Otherwise the generator's own CPU use would queue the acks it measures, and the p99 would
 * measure the machine more than the adapter. A no-op where taskset is missing or one core exists.
 */
export const CORES: { app?: number } = availableParallelism() >= 2 ? { app: availableParallelism() - 1 } : {};

export function pin(pid: number, core: number) {
  spawnSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { stdio: 'ignore' });
}

/**
 * renices the embedded database (found by its listen port) to 19 and, with two cores or more,
 * pins it to core 0; a no-op where renice or taskset is missing.
 * Linux keeps a nice value per thread, and the Go runtime has started its threads already, so
 * every thread is reniced (threads started later inherit it from the one that starts them).
 */
export function placeDatabase(port: string) {
  const found = spawnSync('pgrep', ['-f', `devdb -listen 127.0.0.1:${port}`], { encoding: 'utf8' });
  const pids = found.stdout.split(/\s+/).filter(Boolean);
  const threads = pids.flatMap((pid) => {
    try {
      return readdirSync(`/proc/${pid}/task`);
    } catch {
      return [pid];
    }
  });
  if (threads.length) spawnSync('renice', ['-n', '19', '-p', ...threads], { stdio: 'ignore' });
  if (CORES.app !== undefined) for (const pid of pids) pin(Number(pid), 0);
  console.log(pids.length ? `database (pid ${pids.join(', ')}, ${threads.length} threads) reniced to 19` : 'database not found to renice; measuring as is');
}
