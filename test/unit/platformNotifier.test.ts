import { PlatformNotifier } from '../../adapters/chat/notifier.js';
import type { NotesEvent } from '../../src/ports/system.js';
import { anApproval } from '../contract/suites/builders.js';
import { silentLogger } from '../support/core.js';

/** Approval events go to the platform that shows them; start-up's events wait for it to register. */
const decided = (id: string, platform: 'console' | 'slack'): NotesEvent => ({
  type: 'approval.decided',
  request: anApproval(id, { status: 'approved', decidedBy: 'console:alice', origin: { platform } }),
  outcome: 'approved',
});

function recorder() {
  const seen: string[] = [];
  return { seen, notifier: { publish: async (event: NotesEvent) => void seen.push(event.request.id) } };
}

test('an event published before its platform registers is handed over once, in order, when it does', async () => {
  const routes = new PlatformNotifier(silentLogger);
  await routes.publish(decided('r1', 'console'));
  await routes.publish(decided('r2', 'console'));
  await routes.publish(decided('r3', 'slack'));
  const terminal = recorder();
  routes.register('console', terminal.notifier);
  await new Promise((resolve) => setImmediate(resolve));
  expect(terminal.seen).toEqual(['r1', 'r2']);
  await routes.publish(decided('r4', 'console'));
  expect(terminal.seen).toEqual(['r1', 'r2', 'r4']);
  // Registering again (a restarted front end) does not repeat what was handed over.
  const again = recorder();
  routes.register('console', again.notifier);
  await new Promise((resolve) => setImmediate(resolve));
  expect(again.seen).toEqual([]);
  const slack = recorder();
  routes.register('slack', slack.notifier);
  await new Promise((resolve) => setImmediate(resolve));
  expect(slack.seen).toEqual(['r3']);
});

test('a platform that never registers holds only the newest 50 events', async () => {
  const routes = new PlatformNotifier(silentLogger);
  for (let i = 0; i < 60; i += 1) await routes.publish(decided(`r${i}`, 'slack'));
  const slack = recorder();
  routes.register('slack', slack.notifier);
  await new Promise((resolve) => setImmediate(resolve));
  expect(slack.seen).toHaveLength(50);
  expect(slack.seen[0]).toBe('r10');
  expect(slack.seen.at(-1)).toBe('r59');
});
