import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { loadConfig } from '../../adapters/config.js';
import { apiOrigin } from '../../root/api.js';

/** Where the API's approval requests are announced (root/api.ts): a request shown nowhere is held until it expires. */
const scratch = mkdtempSync(path.join(tmpdir(), 'notes-api-origin-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: path.join(scratch, 'data'), ...env });
const FEISHU = { FEISHU_APP_ID: 'cli_a1b2c3d4e5f60718', FEISHU_APP_SECRET: 'app-secret', FEISHU_VERIFICATION_TOKEN: 'v-token' };
const SLACK = { SLACK_SIGNING_SECRET: 'signing-secret', SLACK_BOT_TOKEN: 'xoxb-123-456' };

test('a Feishu-only deployment announces them on Feishu, with or without a prefix', () => {
  expect(load(FEISHU).slackEnabled).toBe(false);
  expect(apiOrigin(load({ ...FEISHU, APPROVAL_CHANNEL: 'oc_approvals' }))).toEqual({ platform: 'feishu', channelId: 'oc_approvals' });
  expect(apiOrigin(load({ ...FEISHU, APPROVAL_CHANNEL: 'feishu:oc_approvals' }))).toEqual({ platform: 'feishu', channelId: 'oc_approvals' });
  expect(apiOrigin(load(FEISHU))).toEqual({ platform: 'feishu', channelId: undefined });
});

test('a feishu: channel goes to Feishu even when Slack runs too, its prefix split off', () => {
  expect(apiOrigin(load({ ...SLACK, ...FEISHU, APPROVAL_CHANNEL: 'feishu:oc_x' }))).toEqual({ platform: 'feishu', channelId: 'oc_x' });
  expect(apiOrigin(load({ ...SLACK, ...FEISHU, APPROVAL_CHANNEL: 'teams:19:abc@thread.tacv2' }))).toEqual({ platform: 'teams', channelId: '19:abc@thread.tacv2' });
});

test('a plain channel id goes to the first platform started, in root/platforms.ts order', () => {
  expect(apiOrigin(load({ ...SLACK, ...FEISHU, APPROVAL_CHANNEL: 'C0123' }))).toEqual({ platform: 'slack', channelId: 'C0123' });
  expect(apiOrigin(load({ ...SLACK, APPROVAL_CHANNEL: 'C0123' }))).toEqual({ platform: 'slack', channelId: 'C0123' });
});

test('with no chat platform it is the console', () => {
  expect(apiOrigin(load({ APPROVAL_CHANNEL: 'C0123' }))).toEqual({ platform: 'console', channelId: 'console' });
  expect(apiOrigin(load({}))).toEqual({ platform: 'console', channelId: 'console' });
});
