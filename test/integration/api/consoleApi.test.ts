import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { freshDatabaseUri } from '../../support/database.js';
import { collect, spawnBot } from '../console/runBot.js';
import { AppProcess, freePort, removeDataDir, tempDataDir, waitFor } from '../lifecycle/appProcess.js';

// End to end on the real process and database: the console on stdin/stdout while the ingestion API
// listens on PORT, and `npm run import` (main.ts --import) run twice on one file.
const uri = freshDatabaseUri('consoleapi');
let client: MongoClient;
let db: Db;
const dataDir = tempDataDir('consoleapi');
beforeAll(async () => {
  client = await MongoClient.connect(uri);
  db = client.db();
});
afterAll(async () => {
  await client.close();
  removeDataDir(dataDir);
});

test('console mode with API_ENABLED: a token made on the console works over HTTP, its delete is an approval the console can grant', async () => {
  const port = await freePort();
  const bot = new AppProcess(dataDir, { MONGODB_URI: uri, API_ENABLED: 'true', PORT: String(port), BACKUP_DIR: path.join(dataDir, 'backups') });
  try {
    const created = await bot.say('tokens create e2e', /ntk_e2e_\S+/);
    const token = /(ntk_e2e_\S+)/.exec(created)![1];
    const stored = await db.collection('api_tokens').findOne({ name: 'e2e' });
    expect(stored!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(token);

    const url = `http://127.0.0.1:${port}/api/v1/notes`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    await waitFor(async () => (await fetch(url, { method: 'POST', headers, body: '{}' }).catch(() => null))?.status === 400, 15_000, () => `API on ${port}: ${bot.stderr}`);
    const body = JSON.stringify({ notes: [{ recordId: 'acct-e2e', body: 'from the API', source: 'zoho', externalId: 'z-77' }] });
    const first = (await (await fetch(url, { method: 'POST', headers, body })).json()) as { ids: string[] };
    const again = await fetch(url, { method: 'POST', headers, body });
    expect(again.status).toBe(201);
    expect(((await again.json()) as { ids: string[] }).ids).toEqual(first.ids);
    expect(await db.collection('notes').countDocuments({ recordId: 'acct-e2e' })).toBe(1);

    const deletion = await fetch(`${url}/${first.ids[0]}`, { method: 'DELETE', headers });
    expect(deletion.status).toBe(202);
    const { approvalRequest } = (await deletion.json()) as { approvalRequest: { id: string } };
    await bot.say(`approve ${approvalRequest.id}`, /Deleted note|deleted/i);
    expect((await db.collection('notes').findOne({ _id: first.ids[0] } as never))!.deletedAt).not.toBeNull();

    await bot.say('tokens revoke e2e', /revoked/);
    expect((await fetch(url, { method: 'POST', headers, body })).status).toBe(401);
  } finally {
    bot.child.stdin?.end();
    await bot.exited;
  }
}, 120_000);

test('npm run import: the same export twice adds nothing; a member is refused', async () => {
  const file = path.join(dataDir, 'zoho.csv');
  writeFileSync(file, '\uFEFFRecord Id,Note Content,Parent ID,Created Time\nz1,"first, ""quoted""",acct-imp,2024-01-02 03:04:05\nz2,,acct-imp,\n');
  const env = { MONGODB_URI: uri, NOTES_ADMINS: 'console:alice', DATA_DIR: dataDir, BACKUP_DIR: path.join(dataDir, 'backups') };
  const first = await collect(spawnBot(env, ['--import', file, '--as', 'console:alice']));
  expect(first.code).toBe(0);
  expect(first.stdout).toContain('1 new');
  expect(first.stdout).toContain('line 3: The note has no text.');
  const second = await collect(spawnBot(env, ['--import', file, '--as', 'console:alice']));
  expect(second.stdout).toContain('0 new, 0 updated, 1 unchanged');
  expect(await db.collection('notes').countDocuments({ recordId: 'acct-imp' })).toBe(1);
  const refused = await collect(spawnBot(env, ['--import', file, '--as', 'console:mo']));
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/needs the admin role/);
  expect(await db.collection('audit').countDocuments({ action: 'notes.import', 'details.format': 'zoho' })).toBe(2);
}, 120_000); // three processes, one after the other
