import { startJobs, type RunningJobs } from '../../../jobs/index.js';
import { AGENDA_COLLECTION } from '../../../jobs/health.js';
import { startCrmApp, type CrmHarness } from './harness.js';

let h: CrmHarness;
let jobs: RunningJobs;
beforeAll(async () => {
  h = await startCrmApp('crmjobs');
  jobs = await startJobs(h.app.jobs, { processEvery: 100, lockLifetimeMs: 2000 });
});
afterAll(async () => {
  await jobs.stop();
  await h.close();
});

async function runJob(name: string) {
  const done = new Promise((resolve) => jobs.agenda.once(`complete:${name}`, resolve));
  await jobs.agenda.now(name);
  await done;
}

test('each connected CRM gets a scheduled pull and outbox drain, and they move notes both ways', async () => {
  const scheduled = await h.app.connection.db!.collection(AGENDA_COLLECTION).find({ type: 'single' }).toArray();
  expect(scheduled.map((j) => [j.name, j.repeatInterval]).filter(([name]) => String(name).startsWith('crm:')).sort()).toEqual([
    ['crm:outbox:hubspot', '* * * * *'],
    ['crm:outbox:zoho', '* * * * *'],
    ['crm:sync:hubspot', '*/15 * * * *'],
    ['crm:sync:zoho', '*/15 * * * *'],
  ]);

  const written = h.hubspot.addNote({ body: 'from the job', company: '5' });
  await runJob('crm:sync:hubspot');
  const note = await h.app.deps.notes.findBySource('hubspot', written.id);
  expect(note).toMatchObject({ body: 'from the job', recordId: 'company-5' });

  await h.confirmed(`delete ${note!.id}`);
  await runJob('crm:outbox:hubspot');
  expect(h.hubspot.archiveCalls).toEqual([[written.id]]);
});
