import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { channelSettingFor } from '../../adapters/chat/channels.js';
import { ConfigError, loadConfig } from '../../adapters/config.js';

/** The Feishu settings (DESIGN.md section 6): they run Feishu only together, and say what is missing. */
const scratch = mkdtempSync(path.join(tmpdir(), 'notes-feishu-config-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: path.join(scratch, 'data'), ...env });
const APP = { FEISHU_APP_ID: 'cli_a1b2c3d4e5f60718', FEISHU_APP_SECRET: 'app-secret', FEISHU_VERIFICATION_TOKEN: 'v-token' };

function refusal(env: Record<string, string>): string {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

test('an app id, its secret and the verification token run Feishu in webhook mode', () => {
  const config = load(APP);
  expect(config.feishuEnabled).toBe(true);
  expect(config.FEISHU_MODE).toBe('webhook');
  expect(config.FEISHU_API_URL).toBe('https://open.feishu.cn');
  expect(load({}).feishuEnabled).toBe(false);
  expect(load({ ...APP, FEISHU_APP_ID: '', FEISHU_APP_SECRET: '', FEISHU_VERIFICATION_TOKEN: '' }).feishuEnabled).toBe(false);
});

test.each(['cli_123', 'app_a1b2c3d4e5f60718', 'cli_a1b2c3d4e5f6071z'])('FEISHU_APP_ID=%j is refused', (id) => {
  expect(refusal({ ...APP, FEISHU_APP_ID: id })).toMatch(/^Invalid FEISHU_APP_ID="[^"]*": must be a Feishu app id like cli_/);
});

test('the secret is required with the app id, and never echoed', () => {
  expect(refusal({ FEISHU_APP_ID: APP.FEISHU_APP_ID, FEISHU_VERIFICATION_TOKEN: 'v' })).toBe(
    'Invalid FEISHU_APP_SECRET="": Feishu (FEISHU_APP_ID) needs the app secret too. See .env.example.',
  );
  expect(refusal({ ...APP, FEISHU_APP_SECRET: 'two words' })).toMatch(/^Invalid FEISHU_APP_SECRET=\(hidden\): must not contain spaces/);
  expect(refusal({ ...APP, FEISHU_ENCRYPT_KEY: 'a key' })).toMatch(/^Invalid FEISHU_ENCRYPT_KEY=\(hidden\)/);
});

test('webhook mode needs the verification token; the long connection does not', () => {
  const { FEISHU_VERIFICATION_TOKEN: _token, ...withoutToken } = APP;
  expect(refusal(withoutToken)).toMatch(/^Invalid FEISHU_VERIFICATION_TOKEN="": FEISHU_MODE=webhook needs the verification token/);
  expect(load({ ...withoutToken, FEISHU_MODE: 'long-connection' }).feishuEnabled).toBe(true);
});

test('Feishu settings without the app id are refused instead of silently doing nothing', () => {
  expect(refusal({ FEISHU_APP_SECRET: 'x' })).toMatch(/^Invalid FEISHU_APP_ID="": FEISHU_APP_SECRET is set but FEISHU_APP_ID is not/);
  expect(refusal({ FEISHU_ENCRYPT_KEY: 'k' })).toMatch(/^Invalid FEISHU_APP_ID="": FEISHU_ENCRYPT_KEY is set/);
});

test('APPROVAL_CHANNEL and BACKUP_DIGEST_CHANNEL may name a Feishu chat, but not an empty one', () => {
  expect(load({ APPROVAL_CHANNEL: 'feishu:oc_0123abcd' }).APPROVAL_CHANNEL).toBe('feishu:oc_0123abcd');
  expect(refusal({ BACKUP_DIGEST_CHANNEL: 'feishu:' })).toMatch(/^Invalid BACKUP_DIGEST_CHANNEL="feishu:": names a platform but no channel/);
});

describe('a channel setting shared by every platform, as each platform reads it', () => {
  test.each([
    ['slack', 'slack:C0123', 'C0123'],
    ['slack', 'C0123', 'C0123'],
    ['slack', 'feishu:oc_1', undefined],
    ['teams', 'teams:19:abc@thread.tacv2', '19:abc@thread.tacv2'],
    ['teams', '19:abc@thread.tacv2', '19:abc@thread.tacv2'],
    ['teams', 'feishu:oc_1', undefined],
    ['feishu', 'feishu:oc_1', 'oc_1'],
    ['feishu', 'slack:C0123', undefined],
    ['feishu', undefined, undefined],
  ] as const)('%s reads %j as %j', (platform, setting, expected) => {
    expect(channelSettingFor(platform, setting)).toBe(expected);
  });
});
