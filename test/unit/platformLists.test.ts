import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import { chatPlatforms, isActorId, platforms } from '../../src/domain/actor.js';
import { auditLineSchema } from '../../adapters/backups/reader.js';
import { channelSettingFor } from '../../adapters/chat/channels.js';
import { parseCommand } from '../../adapters/chat/parseCommand.js';
import { channel } from '../../adapters/configValues.js';

/**
 * A platform is added to the one list in src/domain/actor.ts. Each reader of platform names below
 * is tried with every entry of that list, so one that kept a list of its own fails here.
 */
const auditLine = (platform: string) => ({
  seq: 1,
  at: '2026-01-01T00:00:00.000Z',
  actorId: `${platform}:x1`,
  platform,
  action: 'note.add',
  targetIds: [],
  details: {},
  prevHash: '',
  hash: 'h',
});

describe.each(platforms)('every consumer knows the platform %s', (platform) => {
  test('its actor ids are actor ids', () => {
    expect(isActorId(`${platform}:x1`)).toBe(true);
  });

  test("a backup's audit lines from it verify and restore", () => {
    expect(auditLineSchema.safeParse(auditLine(platform)).success).toBe(true);
  });

  test('a shared channel setting prefixed with it belongs to it alone', () => {
    const other = platforms.find((p) => p !== platform)!;
    expect(channelSettingFor(platform, `${platform}:C1`)).toBe('C1');
    expect(channelSettingFor(other, `${platform}:C1`)).toBeUndefined();
  });
});

describe.each(chatPlatforms)('every chat consumer knows the chat platform %s', (platform) => {
  test('a channel setting naming it with no channel is refused; with one it is kept', () => {
    expect(channel.safeParse(`${platform}:`).success).toBe(false);
    expect(channel.safeParse(`${platform}:C1`).success).toBe(true);
  });

  test('its actor ids are read as people by the grammar, and alone as text', () => {
    expect(parseCommand(`list author:${platform}:x1`, { platform: 'console' })).toMatchObject({ filter: { authorId: `${platform}:x1` } });
    expect(parseCommand(`roles grant ${platform}:x1 viewer`, { platform: 'console' })).toMatchObject({ change: { actorId: `${platform}:x1` } });
    expect(parseCommand(`list ${platform}:x1`, { platform: 'console' })).toMatchObject({ filter: { text: [`${platform}:x1`] } });
  });
});

test('names outside the list are refused where the list is read', () => {
  expect(isActorId('myspace:x1')).toBe(false);
  expect(auditLineSchema.safeParse(auditLine('myspace')).success).toBe(false);
  expect(() => parseCommand('list myspace:x1', { platform: 'console' })).toThrow(/myspace:/);
});

/**
 * The tests above only prove the readers agree with the list; this one keeps a second list from
 * appearing: no code spells out platform names as an alternation (`slack|teams`) or an array.
 */
const name = `(?:${platforms.join('|')})`;
const secondList = new RegExp(`\\b${name}\\|${name}\\b|'${name}',\\s*'${name}'`);
// The one list itself.
const notYet = new Set(['src/domain/actor.ts']);

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

test('platform names are listed once, in src/domain/actor.ts', () => {
  const files = ['src', 'adapters', 'jobs', 'root']
    .flatMap((dir) => sourceFiles(path.join(repo, dir)))
    .map((file) => path.relative(repo, file).split(path.sep).join('/'))
    .filter((file) => !notYet.has(file));
  expect(files.length).toBeGreaterThan(50);
  const offenders = files.flatMap((file) =>
    readFileSync(path.join(repo, file), 'utf8')
      .split('\n')
      .flatMap((line, i) => (secondList.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
  );
  expect(offenders).toEqual([]);
});
