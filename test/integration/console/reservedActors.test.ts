import { freshDatabaseUri } from '../../support/database.js';
import { runScript } from './runBot.js';

/** `system:*` ids are the bot's own: the console will not let anyone act as one. */
const env = () => ({ MONGODB_URI: freshDatabaseUri('reserved'), NOTES_ADMINS: 'console:alice', BACKUP_DIR: `/tmp/notes-reserved-test-${process.pid}` });

test('--as system:scheduler stops start-up with one line, before anything runs', async () => {
  const run = await runScript('approvals\n', env(), ['--as', 'system:scheduler']);
  expect(run.code).not.toBe(0);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe('notes-bot: --as system:scheduler: system:* ids are reserved for the bot itself; no person can act as one.\n');
});

test('"as system:expiry" is refused in one line and the session stays with the person it was', async () => {
  const run = await runScript('as system:expiry\nroles grant system:import admin\nas console:bob\n', env(), ['--as', 'console:alice']);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('console:alice> as system:expiry\n✗ system:expiry is reserved for the bot itself: no person can act as one.\nconsole:alice> roles grant system:import admin\n');
  expect(run.stdout).toContain('✗ system:import is reserved for the bot itself: no person can be granted a role as one.\n');
  expect(run.stdout).toContain('Now acting as console:bob.');
});
