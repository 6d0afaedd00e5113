import { z } from 'zod';
import { roles } from '../src/domain/roles.js';
import { matchLocale, type Locale } from '../src/domain/locale.js';
import type { CrmSource } from '../src/ports/crm.js';
import { actorList, bool, channel, cron, folderProblem, httpUrl, int, locale, word } from './configValues.js';

/**
 * Every setting, read once from the environment and validated. The only module that looks at
 * process.env (through the `env` argument). The rules (DESIGN.md section 6): an empty value means
 * unset (the default); numbers are decimal; lists hold valid items and no empty entries; cron
 * expressions are checked by the parser Agenda uses; folders must be writable. A bad value stops
 * start-up with one line naming the variable, never another value picked in its place.
 * `.env.example` documents each one.
 */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  // Unset: info for servers, warn for the console (its terminal is the conversation).
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  // 0 asks the system for any free port; an empty PORT is unset (3000), never 0.
  PORT: int(0, 65535).default(3000),
  DATA_DIR: z.string().default('.data'),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must start with mongodb:// or mongodb+srv:// and hold no spaces').optional(),

  NOTES_ADMINS: actorList.default([]),
  DEFAULT_ROLE: z.enum(roles).default('member'),
  BULK_APPROVAL_THRESHOLD: int(0, 1_000_000).default(20),
  BULK_MAX: int(1, 1_000_000).default(10_000),
  // Notes per step of a plan: progress is stored and shown per step, and a step re-run after a
  // crash is a no-op for the notes it had marked. Every server looks a step's ids up in the _id
  // index (the development database too: devdb's `$in` pushdown), so a step costs about its notes
  // and 1,000 gives a 10,000-note plan ten progress updates at no cost in total time (measured
  // with `npm run bench:batches`). FerretDB upstream scans the collection per step: set it larger there.
  BULK_BATCH_SIZE: int(1, 100_000).default(1_000),
  // Least seconds between two updates of a progress message: Slack allows about one chat.update a
  // second per channel, Teams a few activity updates a second per conversation.
  PROGRESS_UPDATE_SECONDS: int(1, 3600).default(3),
  APPROVAL_TTL_MINUTES: int(1, 60 * 24 * 30).default(1440),
  CONFIRM_TTL_MINUTES: int(1, 24 * 60).default(15),
  APPROVAL_CHANNEL: channel.optional(),
  TRASH_RETENTION_DAYS: int(1, 3650).default(30),

  // The language of whoever has no `lang` of their own and whose platform reports none.
  DEFAULT_LOCALE: locale.default('en'),
  // Scheduled posts (backup and purge digests, role reviews) where their channel has no language set.
  DIGEST_LOCALE: locale.optional(),
  // The terminal's language, for the console (POSIX order: LC_ALL, then LC_MESSAGES, then LANG).
  // Not settings of ours: any value is accepted, and one naming no language we speak is ignored.
  LC_ALL: z.string().optional(),
  LC_MESSAGES: z.string().optional(),
  LANG: z.string().optional(),

  BACKUP_DIR: z.string().optional(),
  BACKUP_CRON: cron.default('0 2 * * *'),
  BACKUP_KEEP: int(1, 1000).default(14),
  BACKUP_DIGEST_CHANNEL: channel.optional(),
  ROLE_REVIEW_CRON: cron.default('0 9 * * 1'),
  RESTORE_DRILL_CRON: cron.default('0 4 * * 0'),
  TRASH_PURGE_CRON: cron.default('30 3 * * *'),

  SLACK_SIGNING_SECRET: word.optional(),
  SLACK_BOT_TOKEN: word.regex(/^xox[bp]-/, 'must be a Slack bot token (xoxb-...)').optional(),
  SLACK_APP_TOKEN: word.regex(/^xapp-/, 'must be a Slack app-level token (xapp-...)').optional(),
  SLACK_API_URL: httpUrl(/^https?$/).optional(),

  // The ingestion API (adapters/api): also in console mode, on PORT.
  API_ENABLED: bool.default(false),
  API_RATE_LIMIT_PER_MINUTE: int(1, 100_000).default(600),
  // 1,000 notes of 4,000 characters, as JSON with CJK text, fit in 16 MiB.
  API_MAX_BODY_BYTES: int(1024, 64 * 1024 * 1024).default(16 * 1024 * 1024),

  TEAMS_ENABLED: bool.default(false),
  MICROSOFT_APP_ID: word.optional(),
  MICROSOFT_APP_PASSWORD: z.string().optional(),
  MICROSOFT_APP_TENANT_ID: word.optional(),
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  // Where proactive Teams posts (job digests) go for a conversation the bot has not heard from yet.
  TEAMS_SERVICE_URL: httpUrl(/^https?$/).default('https://smba.trafficmanager.net/teams/'),
  // CRM connectors (issue 10): each runs when its credentials are set.
  ZOHO_CLIENT_ID: word.optional(),
  ZOHO_CLIENT_SECRET: word.optional(),
  ZOHO_REFRESH_TOKEN: word.optional(),
  ZOHO_API_URL: httpUrl(/^https?$/).default('https://www.zohoapis.com'),
  ZOHO_ACCOUNTS_URL: httpUrl(/^https?$/).default('https://accounts.zoho.com'),
  HUBSPOT_TOKEN: word.optional(),
  HUBSPOT_API_URL: httpUrl(/^https?$/).default('https://api.hubapi.com'),
  CRM_SYNC_CRON: cron.default('*/15 * * * *'),
  CRM_OUTBOX_CRON: cron.default('* * * * *'),

  // Only `npm run teams:package` reads it: the developer links Teams shows on the app's page.
  TEAMS_APP_WEBSITE_URL: httpUrl(/^https$/).optional(),

  // Feishu / Lark. The SDK's long connection refuses any other app id shape, so it is checked here.
  FEISHU_APP_ID: word.regex(/^cli_[0-9a-f]{16}$/i, 'must be a Feishu app id like cli_a1b2c3d4e5f60718 (developer console, 凭证与基础信息)').optional(),
  FEISHU_APP_SECRET: word.optional(),
  FEISHU_VERIFICATION_TOKEN: word.optional(),
  FEISHU_ENCRYPT_KEY: word.optional(),
  // open.feishu.cn for Feishu, open.larksuite.com for Lark tenants; tests point it at a loopback fake.
  FEISHU_API_URL: httpUrl(/^https?$/).default('https://open.feishu.cn'),
  FEISHU_MODE: z.enum(['webhook', 'long-connection'], 'must be webhook or long-connection').default('webhook'),
});

type Variable = keyof typeof schema.shape;
const variables = Object.keys(schema.shape) as Variable[];
/** Never echoed back in an error: stderr ends up in logs that others read. */
const secret = new Set<Variable>([
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'MICROSOFT_APP_PASSWORD',
  'MONGODB_URI',
  'FEISHU_APP_SECRET',
  'FEISHU_VERIFICATION_TOKEN',
  'FEISHU_ENCRYPT_KEY',
  'ZOHO_CLIENT_SECRET',
  'ZOHO_REFRESH_TOKEN',
  'HUBSPOT_TOKEN',
]);

export type RawConfig = z.infer<typeof schema>;

export interface Config extends RawConfig {
  backupDir: string;
  slackEnabled: boolean;
  teamsEnabled: boolean;
  feishuEnabled: boolean;
  /** The console's language from the environment, or null when it names none the bot speaks. */
  terminalLocale: Locale | null;
  /** The CRMs whose credentials are set: each gets a connector, a pull job and an outbox. */
  crmSources: CrmSource[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface LoadConfigOptions {
  /**
   * Create DATA_DIR (when it is used) and the backup folder if missing and check both are
   * writable (default true). Tools that only read a setting or two turn it off.
   */
  checkFolders?: boolean;
}

export function loadConfig(env: Record<string, string | undefined>, options: LoadConfigOptions = {}): Config {
  const refuse = (variable: string, problem: string): never => {
    const shown = secret.has(variable as Variable) && env[variable] ? '(hidden)' : JSON.stringify(env[variable] ?? '');
    throw new ConfigError(`Invalid ${variable}=${shown}: ${problem}. See .env.example.`);
  };
  // Surrounding spaces are dropped; a value with nothing else is unset, so its default applies.
  const given: Partial<Record<Variable, string>> = {};
  for (const name of variables) {
    const value = env[name]?.trim();
    if (value) given[name] = value;
  }
  const result = schema.safeParse(given);
  if (!result.success) {
    const issue = result.error.issues[0];
    return refuse(String(issue.path[0] ?? 'configuration'), issue.message);
  }
  const raw = result.data;
  const slackSettings = [raw.SLACK_SIGNING_SECRET, raw.SLACK_BOT_TOKEN].filter(Boolean).length;
  if (slackSettings === 1 && !raw.SLACK_APP_TOKEN) {
    const missing = raw.SLACK_SIGNING_SECRET ? 'SLACK_BOT_TOKEN' : 'SLACK_SIGNING_SECRET';
    refuse(missing, 'Slack needs both SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN');
  }
  if (raw.SLACK_APP_TOKEN && !raw.SLACK_BOT_TOKEN) refuse('SLACK_BOT_TOKEN', 'Socket Mode (SLACK_APP_TOKEN) needs the bot token too');
  if (raw.MICROSOFT_APP_TYPE === 'SingleTenant' && !raw.MICROSOFT_APP_TENANT_ID) {
    refuse('MICROSOFT_APP_TENANT_ID', 'MICROSOFT_APP_TYPE=SingleTenant needs the tenant id');
  }
  checkFeishu(raw, refuse);
  const zohoSettings = (['ZOHO_CLIENT_ID', 'ZOHO_CLIENT_SECRET', 'ZOHO_REFRESH_TOKEN'] as const).filter((name) => raw[name]);
  if (zohoSettings.length > 0 && zohoSettings.length < 3) {
    const missing = (['ZOHO_CLIENT_ID', 'ZOHO_CLIENT_SECRET', 'ZOHO_REFRESH_TOKEN'] as const).find((name) => !raw[name])!;
    refuse(missing, 'Zoho needs ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET and ZOHO_REFRESH_TOKEN together');
  }
  const config: Config = {
    ...raw,
    backupDir: raw.BACKUP_DIR ?? `${raw.DATA_DIR}/backups`,
    slackEnabled: Boolean(raw.SLACK_BOT_TOKEN && (raw.SLACK_SIGNING_SECRET || raw.SLACK_APP_TOKEN)),
    teamsEnabled: raw.TEAMS_ENABLED || Boolean(raw.MICROSOFT_APP_ID),
    feishuEnabled: Boolean(raw.FEISHU_APP_ID),
    terminalLocale: matchLocale(raw.LC_ALL ?? raw.LC_MESSAGES ?? raw.LANG),
    crmSources: [...(zohoSettings.length === 3 ? (['zoho'] as const) : []), ...(raw.HUBSPOT_TOKEN ? (['hubspot'] as const) : [])],
  };
  if (options.checkFolders ?? true) {
    // DATA_DIR holds the embedded database, the default backup folder and the console's history.
    const dataDirUsed = !raw.MONGODB_URI || !raw.BACKUP_DIR || !(config.slackEnabled || config.teamsEnabled || config.feishuEnabled);
    const folders: Array<[Variable, string]> = [
      ...(dataDirUsed ? [['DATA_DIR', raw.DATA_DIR] as [Variable, string]] : []),
      [raw.BACKUP_DIR ? 'BACKUP_DIR' : 'DATA_DIR', config.backupDir],
    ];
    for (const [variable, folder] of folders) {
      const problem = folderProblem(folder);
      if (problem) refuse(variable, problem);
    }
  }
  return config;
}

/**
 * Feishu runs when FEISHU_APP_ID is set, and then needs its secret (every API call takes a tenant
 * token made from the two). Webhook mode must be able to tell Feishu's requests from forgeries:
 * the verification token is required there (with an encrypt key, the signature is checked too).
 * The long connection is authenticated by the app secret alone. Settings without the app id
 * would silently do nothing, so they are refused.
 */
function checkFeishu(raw: RawConfig, refuse: (variable: string, problem: string) => never): void {
  if (!raw.FEISHU_APP_ID) {
    const orphan = (['FEISHU_APP_SECRET', 'FEISHU_VERIFICATION_TOKEN', 'FEISHU_ENCRYPT_KEY'] as const).find((name) => raw[name]);
    if (orphan) refuse('FEISHU_APP_ID', `${orphan} is set but FEISHU_APP_ID is not, so Feishu would not run`);
    return;
  }
  if (!raw.FEISHU_APP_SECRET) refuse('FEISHU_APP_SECRET', 'Feishu (FEISHU_APP_ID) needs the app secret too');
  if (raw.FEISHU_MODE === 'webhook' && !raw.FEISHU_VERIFICATION_TOKEN) {
    refuse('FEISHU_VERIFICATION_TOKEN', 'FEISHU_MODE=webhook needs the verification token (事件与回调 > 加密策略), or FEISHU_MODE=long-connection');
  }
}
