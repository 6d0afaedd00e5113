import { z } from 'zod';
import { isActorId, isReservedActorId } from '../src/domain/actor.js';
import { roles } from '../src/domain/roles.js';

/**
 * Every setting, read once from the environment and validated. The only module that looks at
 * process.env (through the `env` argument). A bad value stops start-up with a message that
 * names the variable; `.env.example` documents each one.
 */
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const cron = z
  .string()
  .trim()
  .refine((v) => v.split(/\s+/).length >= 5 && v.split(/\s+/).length <= 6, 'must be a cron expression with 5 or 6 fields');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  // Unset: info for servers, warn for the console (its terminal is the conversation).
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  PORT: int(0, 65535).default(3000),
  DATA_DIR: z.string().trim().min(1).default('.data'),
  MONGODB_URI: optionalText.pipe(z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').optional()),

  NOTES_ADMINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((ids) => ids.every(isActorId), 'must be a comma list of actor ids like slack:U123,teams:<id>,console:alice')
    .refine((ids) => !ids.some(isReservedActorId), "must not name system:* ids: they are the bot's own, no person can be one"),
  DEFAULT_ROLE: z.enum(roles).default('member'),
  BULK_APPROVAL_THRESHOLD: int(0, 1_000_000).default(20),
  BULK_MAX: int(1, 1_000_000).default(10_000),
  // A step's cost on FerretDB is one scan of the whole collection (no index for a list of ids),
  // so steps are large; progress is still stored per step and a step re-run after a crash is a
  // no-op for the notes it had marked. On MongoDB a 50,000-id step is one quick indexed update.
  BULK_BATCH_SIZE: int(1, 100_000).default(50_000),
  APPROVAL_TTL_MINUTES: int(1, 60 * 24 * 30).default(1440),
  CONFIRM_TTL_MINUTES: int(1, 24 * 60).default(15),
  APPROVAL_CHANNEL: optionalText,
  TRASH_RETENTION_DAYS: int(1, 3650).default(30),

  BACKUP_DIR: optionalText,
  BACKUP_CRON: cron.default('0 2 * * *'),
  BACKUP_KEEP: int(1, 1000).default(14),
  BACKUP_DIGEST_CHANNEL: optionalText,
  ROLE_REVIEW_CRON: cron.default('0 9 * * 1'),
  RESTORE_DRILL_CRON: cron.default('0 4 * * 0'),
  TRASH_PURGE_CRON: cron.default('30 3 * * *'),

  SLACK_SIGNING_SECRET: optionalText,
  SLACK_BOT_TOKEN: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: optionalText.pipe(z.url().optional()),

  TEAMS_ENABLED: bool.default(false),
  MICROSOFT_APP_ID: optionalText,
  MICROSOFT_APP_PASSWORD: optionalText,
  MICROSOFT_APP_TENANT_ID: optionalText,
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  // Where proactive Teams posts (job digests) go for a conversation the bot has not heard from yet.
  TEAMS_SERVICE_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).default('https://smba.trafficmanager.net/teams/')),
  // Only `npm run teams:package` reads it: the developer links Teams shows on the app's page.
  TEAMS_APP_WEBSITE_URL: optionalText.pipe(z.url({ protocol: /^https$/ }).optional()),
});

export type RawConfig = z.infer<typeof schema>;

export interface Config extends RawConfig {
  backupDir: string;
  slackEnabled: boolean;
  teamsEnabled: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue.path[0] ?? 'configuration');
    throw new ConfigError(`Invalid ${variable}=${JSON.stringify(env[variable] ?? '')}: ${issue.message}. See .env.example.`);
  }
  const raw = result.data;
  const slackSettings = [raw.SLACK_SIGNING_SECRET, raw.SLACK_BOT_TOKEN].filter(Boolean).length;
  if (slackSettings === 1 && !raw.SLACK_APP_TOKEN) {
    const missing = raw.SLACK_SIGNING_SECRET ? 'SLACK_BOT_TOKEN' : 'SLACK_SIGNING_SECRET';
    throw new ConfigError(`Invalid ${missing}="": Slack needs both SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN. See .env.example.`);
  }
  return {
    ...raw,
    backupDir: raw.BACKUP_DIR ?? `${raw.DATA_DIR}/backups`,
    slackEnabled: Boolean(raw.SLACK_BOT_TOKEN && (raw.SLACK_SIGNING_SECRET || raw.SLACK_APP_TOKEN)),
    teamsEnabled: raw.TEAMS_ENABLED || Boolean(raw.MICROSOFT_APP_ID),
  };
}
