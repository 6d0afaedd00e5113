import { readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { z } from 'zod';
import { actionNames } from '../../../src/usecases/actions.js';
import { SLACK_EVENTS_PATH } from '../../../adapters/slack/index.js';

/**
 * The app manifests (HTTP at the repository root, Socket Mode beside the adapter) against the
 * parts of Slack's manifest schema they use, and against what the adapter actually needs.
 */
const command = z.object({
  command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/),
  url: z.url().optional(),
  description: z.string().min(1).max(2_000),
  usage_hint: z.string().max(1_000),
  should_escape: z.boolean(),
});
const manifestSchema = z.strictObject({
  _metadata: z.object({ major_version: z.literal(1), minor_version: z.number() }),
  display_information: z.strictObject({ name: z.string().min(1).max(35), description: z.string().max(140), background_color: z.string().regex(/^#[0-9a-f]{6}$/i) }),
  features: z.strictObject({
    bot_user: z.strictObject({ display_name: z.string().min(1).max(80), always_online: z.boolean() }),
    slash_commands: z.array(command).min(1).max(50),
  }),
  oauth_config: z.strictObject({ scopes: z.strictObject({ bot: z.array(z.string()) }) }),
  settings: z.strictObject({
    interactivity: z.strictObject({ is_enabled: z.boolean(), request_url: z.url().optional() }),
    org_deploy_enabled: z.boolean(),
    socket_mode_enabled: z.boolean(),
    token_rotation_enabled: z.boolean(),
  }),
});

const read = (path: string) => manifestSchema.parse(JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')));
const http = read('../../../manifest.json');
const socket = read('../../../adapters/slack/manifest.socket-mode.json');

describe('Slack app manifests', () => {
  test('HTTP: /notes and interactivity both point at POST /slack/events', () => {
    const [notes] = http.features.slash_commands;
    expect(notes.command).toBe('/notes');
    expect(new URL(notes.url!).pathname).toBe(SLACK_EVENTS_PATH);
    expect(http.settings.interactivity).toEqual({ is_enabled: true, request_url: notes.url });
    expect(http.settings.socket_mode_enabled).toBe(false);
  });

  test('mentions arrive escaped (<@U123>) so filters and roles grant can resolve them', () => {
    expect(http.features.slash_commands[0].should_escape).toBe(true);
  });

  test('the usage hint names only real subcommands', () => {
    const named = http.features.slash_commands[0].usage_hint.split('|').map((part) => part.trim().split(' ')[0]);
    expect(named.length).toBeGreaterThan(3);
    for (const name of named) expect(actionNames).toContain(name);
  });

  test('minimal bot scopes: the command, posting and updating messages, posting to the approval channel uninvited', () => {
    expect(http.oauth_config.scopes.bot).toEqual(['commands', 'chat:write', 'chat:write.public', 'users:read']);
  });

  test('the Socket Mode manifest is the same app without request URLs', () => {
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(socket.features.slash_commands[0].url).toBeUndefined();
    expect(socket.settings.interactivity.request_url).toBeUndefined();
    const { url: _url, ...httpCommand } = http.features.slash_commands[0];
    expect(socket.features.slash_commands[0]).toEqual(httpCommand);
    expect(socket.oauth_config).toEqual(http.oauth_config);
  });
});
