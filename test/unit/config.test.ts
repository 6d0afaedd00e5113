import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from '../../adapters/config.js';

/**
 * Every variable of adapters/config.ts and .env.example, with empty and garbage values
 * (DESIGN.md section 6): empty is unset (the default), garbage is refused in one line naming the
 * variable, never turned into another value.
 */
const scratch = mkdtempSync(path.join(tmpdir(), 'notes-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
// Keeps the folder checks inside the scratch folder for every case that is not about folders.
const base = { DATA_DIR: path.join(scratch, 'data') };
const load = (env: Record<string, string>) => loadConfig({ ...base, ...env });

interface Case {
  variable: string;
  defaultValue: unknown;
  good: Array<[string, unknown]>;
  bad: string[];
  /** Where the parsed value lands when it is not the variable itself. */
  read?: (config: Config) => unknown;
}

const number = (variable: string, defaultValue: number, good: number, tooBig: string) => ({
  variable,
  defaultValue,
  good: [[String(good), good], [` ${good} `, good]] as Array<[string, unknown]>,
  bad: ['0x10', '1e3', '12abc', '-5', '1.5', '+7', '1 000', '1_000', tooBig, 'NaN', 'Infinity'],
});
const crons = (variable: string, defaultValue: string) => ({
  variable,
  defaultValue,
  good: [['*/5 * * * *', '*/5 * * * *'], ['0 0 29 2 *', '0 0 29 2 *'], ['0 30 2 * * *', '0 30 2 * * *']] as Array<[string, unknown]>,
  bad: ['x x x x x', '99 99 99 99 99', '0 0 30 2 *', '* * *', '5000', '1 day', '0 2 * * 8', '* * * * * * *', '0x10 * * * *'],
});

const cases: Case[] = [
  { variable: 'NODE_ENV', defaultValue: 'development', good: [['production', 'production']], bad: ['prod', 'PRODUCTION'] },
  { variable: 'LOG_LEVEL', defaultValue: undefined, good: [['debug', 'debug']], bad: ['verbose', 'INFO', '10'] },
  { ...number('PORT', 3000, 8080, '65536'), good: [['8080', 8080], ['0', 0]] },
  { variable: 'MONGODB_URI', defaultValue: undefined, good: [['mongodb://db:27017/notes', 'mongodb://db:27017/notes']], bad: ['localhost:27017', 'http://db/notes', 'mongodb://', 'mongodb://a b'] },
  {
    variable: 'NOTES_ADMINS',
    defaultValue: [],
    good: [['slack:U1, console:alice', ['slack:U1', 'console:alice']]],
    bad: [',,,', 'slack:U1,,console:bob', 'slack:U1,', ',slack:U1', 'alice', 'slack:U1;console:bob', 'slack:'],
  },
  { variable: 'DEFAULT_ROLE', defaultValue: 'member', good: [['viewer', 'viewer']], bad: ['root', 'Admin'] },
  number('BULK_APPROVAL_THRESHOLD', 20, 0, '1000001'),
  { ...number('BULK_MAX', 10_000, 16, '1000001'), bad: ['0', '0x10', '1e3', '1 6', '\t16x'] },
  { ...number('BULK_BATCH_SIZE', 1_000, 500, '100001'), bad: ['0', '5e2', '0x1f4', '100001'] },
  { ...number('PROGRESS_UPDATE_SECONDS', 3, 10, '3601'), bad: ['0', '1.5', '3601', 'soon'] },
  { ...number('APPROVAL_TTL_MINUTES', 1440, 60, '43201'), bad: ['0', '1e3', '43201', 'one hour'] },
  { ...number('CONFIRM_TTL_MINUTES', 15, 5, '1441'), bad: ['0', '0x5', '1441'] },
  { variable: 'APPROVAL_CHANNEL', defaultValue: undefined, good: [['C0123', 'C0123'], ['teams:19:abc@thread.tacv2', 'teams:19:abc@thread.tacv2']], bad: ['slack:', 'C01 23'] },
  { ...number('TRASH_RETENTION_DAYS', 30, 7, '3651'), bad: ['0', '1e1', '3651', '30d'] },
  { ...number('BACKUP_KEEP', 14, 3, '1001'), bad: ['0', '0x3', '1001'] },
  { variable: 'BACKUP_DIGEST_CHANNEL', defaultValue: undefined, good: [['slack:C9', 'slack:C9']], bad: ['teams:', '#backups channel'] },
  crons('BACKUP_CRON', '0 2 * * *'),
  crons('ROLE_REVIEW_CRON', '0 9 * * 1'),
  crons('RESTORE_DRILL_CRON', '0 4 * * 0'),
  crons('TRASH_PURGE_CRON', '30 3 * * *'),
  { variable: 'SLACK_API_URL', defaultValue: undefined, good: [['http://127.0.0.1:9/api/', 'http://127.0.0.1:9/api/']], bad: ['slack.com/api', 'ftp://slack.com/api/', 'x:y', 'https://'] },
  { variable: 'TEAMS_ENABLED', defaultValue: false, good: [['true', true], ['no', false]], bad: ['maybe', 'TRUE!', '2'] },
  { variable: 'MICROSOFT_APP_TYPE', defaultValue: 'MultiTenant', good: [['UserAssignedMSI', 'UserAssignedMSI']], bad: ['multitenant', 'Single'] },
  {
    variable: 'TEAMS_SERVICE_URL',
    defaultValue: 'https://smba.trafficmanager.net/teams/',
    good: [['https://smba.example.com/emea/', 'https://smba.example.com/emea/']],
    bad: ['smba.trafficmanager.net', 'file:///etc/passwd', 'https://'],
  },
  { variable: 'TEAMS_APP_WEBSITE_URL', defaultValue: undefined, good: [['https://notes.example.com/', 'https://notes.example.com/']], bad: ['http://notes.example.com/', 'notes.example.com'] },
  { variable: 'MICROSOFT_APP_ID', defaultValue: undefined, good: [['0b6a3a1e-5d2c-4f7e-9a51-3c1d2e4f5a6b', '0b6a3a1e-5d2c-4f7e-9a51-3c1d2e4f5a6b']], bad: ['my app'] },
  { variable: 'MICROSOFT_APP_TENANT_ID', defaultValue: undefined, good: [['contoso.onmicrosoft.com', 'contoso.onmicrosoft.com']], bad: ['contoso tenant'] },
  { variable: 'MICROSOFT_APP_PASSWORD', defaultValue: undefined, good: [['s3cret value', 's3cret value']], bad: [] },
  {
    variable: 'FEISHU_API_URL',
    defaultValue: 'https://open.feishu.cn',
    good: [['https://open.larksuite.com', 'https://open.larksuite.com'], ['http://127.0.0.1:9', 'http://127.0.0.1:9']],
    bad: ['open.feishu.cn', 'ftp://open.feishu.cn', 'https://'],
  },
  { variable: 'FEISHU_MODE', defaultValue: 'webhook', good: [['long-connection', 'long-connection']], bad: ['websocket', 'Webhook'] },
  { variable: 'DEFAULT_LOCALE', defaultValue: 'en', good: [['zh-CN', 'zh-CN'], ['en', 'en']], bad: ['zh', 'zh_CN', 'fr', 'EN'] },
  { variable: 'DIGEST_LOCALE', defaultValue: undefined, good: [['zh-CN', 'zh-CN']], bad: ['chinese', 'zh-TW'] },
  crons('CRM_SYNC_CRON', '*/15 * * * *'),
  crons('CRM_OUTBOX_CRON', '* * * * *'),
  { variable: 'ZOHO_API_URL', defaultValue: 'https://www.zohoapis.com', good: [['https://www.zohoapis.eu', 'https://www.zohoapis.eu']], bad: ['zohoapis.com', 'ftp://x.y/'] },
  { variable: 'ZOHO_ACCOUNTS_URL', defaultValue: 'https://accounts.zoho.com', good: [['http://127.0.0.1:9', 'http://127.0.0.1:9']], bad: ['accounts.zoho.com'] },
  { variable: 'HUBSPOT_API_URL', defaultValue: 'https://api.hubapi.com', good: [['http://127.0.0.1:9/', 'http://127.0.0.1:9/']], bad: ['api.hubapi.com', 'https://'] },
  { variable: 'DATA_DIR', defaultValue: '.data', good: [[path.join(scratch, 'other'), path.join(scratch, 'other')]], bad: [] },
  { variable: 'BACKUP_DIR', defaultValue: `${path.join(scratch, 'data')}/backups`, good: [[path.join(scratch, 'b'), path.join(scratch, 'b')]], bad: [], read: (c) => c.backupDir },
];

const oneLine = (variable: string) => new RegExp(`^Invalid ${variable}=[^\\n]*\\. See \\.env\\.example\\.$`);

function refusal(env: Record<string, string>): ConfigError {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe.each(cases)('$variable', ({ variable, defaultValue, good, bad, read }) => {
  const valueOf = (config: Config) => (read ? read(config) : (config as unknown as Record<string, unknown>)[variable]);
  test.each(['', '   '])('empty (%j) means unset: the default', (empty) => {
    expect(valueOf(load({ [variable]: empty }))).toEqual(defaultValue);
  });
  test.each(good)('%j is read as %j', (text, value) => {
    expect(valueOf(load({ [variable]: text }))).toEqual(value);
  });
  if (bad.length) {
    test.each(bad)('%j is refused in one line naming the variable', (text) => {
      expect(refusal({ [variable]: text }).message).toMatch(oneLine(variable));
    });
  }
});

test('every variable in .env.example is covered here', async () => {
  const { readFile } = await import('node:fs/promises');
  const example = await readFile(path.join(path.dirname(new URL(import.meta.url).pathname), '../../.env.example'), 'utf8');
  const documented = [...example.matchAll(/^# ([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
  // The Feishu credentials only make sense together: test/unit/feishuConfig.test.ts covers them.
  const feishu = ['FEISHU_APP_ID', 'FEISHU_APP_SECRET', 'FEISHU_VERIFICATION_TOKEN', 'FEISHU_ENCRYPT_KEY'];
  const covered = new Set([
    ...cases.map((c) => c.variable),
    'SLACK_SIGNING_SECRET',
    'SLACK_BOT_TOKEN',
    'SLACK_APP_TOKEN',
    'ZOHO_CLIENT_ID',
    'ZOHO_CLIENT_SECRET',
    'ZOHO_REFRESH_TOKEN',
    'HUBSPOT_TOKEN',
    ...feishu,
  ]);
  expect(documented.filter((v) => !covered.has(v))).toEqual([]);
});

describe('Slack and Teams credentials', () => {
  test('tokens must look like tokens, and the error does not echo them', () => {
    const error = refusal({ SLACK_SIGNING_SECRET: 'abc', SLACK_BOT_TOKEN: 'my-token-123' });
    expect(error.message).toBe('Invalid SLACK_BOT_TOKEN=(hidden): must be a Slack bot token (xoxb-...). See .env.example.');
    expect(refusal({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' }).message).toMatch(/^Invalid SLACK_APP_TOKEN=\(hidden\): must be a Slack app-level token/);
    expect(refusal({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'two words' }).message).toMatch(/^Invalid SLACK_SIGNING_SECRET=\(hidden\)/);
  });
  test('half a Slack setup is refused naming what is missing; empty counts as missing', () => {
    expect(refusal({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: '' }).message).toMatch(/^Invalid SLACK_SIGNING_SECRET="": Slack needs both/);
    expect(refusal({ SLACK_SIGNING_SECRET: 'abc' }).message).toMatch(/^Invalid SLACK_BOT_TOKEN="": Slack needs both/);
    expect(refusal({ SLACK_APP_TOKEN: 'xapp-1' }).message).toMatch(/^Invalid SLACK_BOT_TOKEN="": Socket Mode/);
    expect(load({ SLACK_SIGNING_SECRET: 'abc', SLACK_BOT_TOKEN: 'xoxb-1' }).slackEnabled).toBe(true);
    expect(load({ SLACK_SIGNING_SECRET: '', SLACK_BOT_TOKEN: '' }).slackEnabled).toBe(false);
  });
  test('SingleTenant needs its tenant id', () => {
    expect(refusal({ MICROSOFT_APP_TYPE: 'SingleTenant' }).message).toMatch(/^Invalid MICROSOFT_APP_TENANT_ID="": MICROSOFT_APP_TYPE=SingleTenant/);
    expect(load({ MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_TENANT_ID: 'contoso.onmicrosoft.com' }).MICROSOFT_APP_TYPE).toBe('SingleTenant');
  });
});

describe('CRM credentials', () => {
  const zoho = { ZOHO_CLIENT_ID: '1000.ABC', ZOHO_CLIENT_SECRET: 'secret', ZOHO_REFRESH_TOKEN: '1000.refresh' };
  test('each CRM is connected when its credentials are set, and only then', () => {
    expect(load({}).crmSources).toEqual([]);
    expect(load(zoho).crmSources).toEqual(['zoho']);
    expect(load({ HUBSPOT_TOKEN: 'pat-na1-x' }).crmSources).toEqual(['hubspot']);
    expect(load({ ...zoho, HUBSPOT_TOKEN: 'pat-na1-x' }).crmSources).toEqual(['zoho', 'hubspot']);
  });
  test('a partial Zoho setup is refused naming what is missing; secrets are never echoed', () => {
    expect(refusal({ ZOHO_CLIENT_ID: '1000.ABC', ZOHO_CLIENT_SECRET: 'secret' }).message).toMatch(/^Invalid ZOHO_REFRESH_TOKEN="": Zoho needs ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET and ZOHO_REFRESH_TOKEN together/);
    expect(refusal({ ...zoho, ZOHO_REFRESH_TOKEN: 'two words' }).message).toBe('Invalid ZOHO_REFRESH_TOKEN=(hidden): must not contain spaces. See .env.example.');
    expect(refusal({ HUBSPOT_TOKEN: 'pat na1' }).message).toMatch(/^Invalid HUBSPOT_TOKEN=\(hidden\)/);
  });
});

describe('folders are created and checked writable at start-up', () => {
  test('missing folders are created, the probe file does not stay', () => {
    const data = path.join(scratch, 'fresh', 'nested', 'data');
    const backups = path.join(scratch, 'fresh-backups', 'deep');
    load({ DATA_DIR: data, BACKUP_DIR: backups });
    expect(readdirSync(data)).toEqual([]);
    expect(readdirSync(backups)).toEqual([]);
  });
  test.each([
    ['BACKUP_DIR', 'a-file', /is a file, not a folder/],
    ['BACKUP_DIR', 'a-file/below', /is under a file, not a folder/],
    ['DATA_DIR', 'a-file', /is a file, not a folder/],
    // Node's recursive mkdir loops forever here: the check must answer, not hang.
    ['DATA_DIR', '/proc/notes-bot-data', /cannot create the folder \/proc\/notes-bot-data/],
    ['BACKUP_DIR', '/proc', /cannot write in the folder \/proc/],
  ])('%s=%s is refused', (variable, folder, problem) => {
    writeFileSync(path.join(scratch, 'a-file'), 'not a folder');
    const value = folder.startsWith('/') ? folder : path.join(scratch, folder);
    const error = refusal({ [variable]: value });
    expect(error.message).toMatch(oneLine(variable));
    expect(error.message).toMatch(problem);
  });
  test('the default backup folder under a bad DATA_DIR names DATA_DIR', () => {
    writeFileSync(path.join(scratch, 'a-file'), 'not a folder');
    expect(refusal({ DATA_DIR: path.join(scratch, 'a-file') }).message).toMatch(/^Invalid DATA_DIR=/);
  });
  test('with MONGODB_URI, BACKUP_DIR and a platform set, DATA_DIR is not used and not checked', () => {
    const config = load({
      DATA_DIR: '/proc/unused',
      MONGODB_URI: 'mongodb://db/notes',
      BACKUP_DIR: path.join(scratch, 'prod-backups'),
      TEAMS_ENABLED: 'true',
    });
    expect(config.backupDir).toBe(path.join(scratch, 'prod-backups'));
  });
});

describe("the terminal's language (console)", () => {
  test.each([
    [{ LANG: 'zh_CN.UTF-8' }, 'zh-CN'],
    [{ LANG: 'en_US.UTF-8' }, 'en'],
    [{ LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }, 'zh-CN'],
    [{ LC_MESSAGES: 'en_GB', LANG: 'zh_CN' }, 'en'],
    [{ LANG: 'C.UTF-8' }, null],
    [{ LANG: 'fr_FR.UTF-8' }, null],
    [{}, null],
  ])('%j reads as %j; a language the bot does not speak is no choice', (env, locale) => {
    expect(load(env).terminalLocale).toBe(locale);
  });
});
