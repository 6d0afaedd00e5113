import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCrmApp, type CrmHarness } from './harness.js';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'drainProcess.ts');

let h: CrmHarness;
beforeAll(async () => {
  // The resuming drain treats what the killed process left `sending` as stale at once.
  h = await startCrmApp('crmcrash', { drain: { leaseMs: 0 } });
});
afterAll(async () => {
  await h.close();
});

function drainInChild(crashAfterBatch: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    void mkdtemp(path.join(tmpdir(), 'notes-crm-child-')).then((dir) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script, h.databaseUri, h.zoho.url, String(crashAfterBatch), dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('exit', (code, signal) => (signal || code === 0 ? resolve({ code, signal, stdout }) : reject(new Error(`child exited ${code}: ${stderr}`))));
    }, reject);
  });
}

test('kill -9 between a batch reaching Zoho and its result being stored: the next drain sends the rest, nothing twice', async () => {
  const notes = Array.from({ length: 250 }, (_, i) => h.zoho.addNote({ content: `crash ${i} #gone` }));
  await h.run('crm sync');
  expect((await h.confirmed('bulk-delete tag:gone')).kind).toBe('plan-executed');
  expect(await h.outbox()).toHaveLength(250);

  const crashed = await drainInChild(2);
  expect(crashed.signal).toBe('SIGKILL');
  expect(h.zoho.deleteCalls.map((c) => c.length)).toEqual([100, 100]);
  const states = (await h.outbox()).reduce<Record<string, number>>((acc, e) => ({ ...acc, [e.state]: (acc[e.state] ?? 0) + 1 }), {});
  expect(states).toEqual({ done: 100, sending: 100, pending: 50 });

  const resumed = await h.app.crm!.drain('zoho');
  // The 100 the dead process had sent are found gone in Zoho and marked done without a send.
  expect(resumed).toMatchObject({ sent: 50, done: 150, failed: 0 });
  const sent = h.zoho.deleteCalls.flat();
  expect(sent).toHaveLength(250);
  expect(new Set(sent).size).toBe(250);
  expect(new Set(sent)).toEqual(new Set(notes.map((n) => n.id)));
  expect((await h.outbox()).every((e) => e.state === 'done')).toBe(true);
  expect(h.zoho.notes.size).toBe(0);
});
