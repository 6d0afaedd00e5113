import { pino } from 'pino';
import { loadConfig } from '../../../adapters/config.js';
import { createApp } from '../../../root/app.js';
import { purgeExpiredTrash } from '../../../src/usecases/backups.js';

/**
 * One instance running the trash purge as the `trash:purge` job does, in a process of its own so
 * that purgeCrash.test.ts can kill it for real (NOTES_TEST_CRASH_AT_EFFECT, root/app.ts). Its
 * start-up reconciles first, like every start. Prints the purge's report as one JSON line.
 */
const config = loadConfig(process.env);
if (!config.MONGODB_URI) throw new Error('purgeProcess.ts needs MONGODB_URI: the test database');
const app = await createApp({ config, logger: pino({ level: 'silent' }), databaseUri: config.MONGODB_URI });
const report = await purgeExpiredTrash(app.deps, app.backups.store, app.backups.purger, { retentionDays: config.TRASH_RETENTION_DAYS });
process.stdout.write(`${JSON.stringify(report)}\n`);
await app.close();
