/**
 * A bot process that drains the Zoho outbox and kills itself with SIGKILL right after its n-th
 * batch reached Zoho, before the result is stored: the crash the outbox must survive without
 * sending anything twice. Run as `node --import tsx drainProcess.ts <databaseUri> <zohoUrl> <n> <backupDir>`.
 */
import { pino } from 'pino';
import { createApp } from '../../../root/app.js';
import { loadConfig } from '../../../adapters/config.js';
import { ZohoConnector } from '../../../adapters/crm/zoho.js';
import { ZOHO_CLIENT } from './fakeZoho.js';

const [databaseUri, zohoUrl, crashAfter, backupDir] = process.argv.slice(2);
let batches = 0;
const app = await createApp({
  config: loadConfig({ NOTES_ADMINS: 'console:admin', BACKUP_DIR: backupDir }),
  logger: pino({ level: 'silent' }),
  databaseUri,
  crmConnectors: [new ZohoConnector({ ...ZOHO_CLIENT, accountsUrl: zohoUrl, apiUrl: zohoUrl })],
  crmOptions: {
    drain: {
      afterSend() {
        batches += 1;
        if (batches === Number(crashAfter)) process.kill(process.pid, 'SIGKILL');
      },
    },
  },
});
const report = await app.crm!.drain('zoho');
process.stdout.write(`${JSON.stringify(report)}\n`);
await app.close();
