import { describe, expect, test } from '@jest/globals';
import { crc32, inflateRawSync } from 'node:zlib';
import { buildTeamsAppPackage } from '../../../adapters/teams/appPackage/appPackage.js';

const APP_ID = '0b6a3a1e-5d2c-4f7e-9a51-3c1d2e4f5a6b';

/** Reads a zip through its central directory, checking every entry's CRC: an independent reader. */
function readZip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBeGreaterThan(0);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i += 1) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const stored = zip.subarray(dataStart, dataStart + size);
    const data = method === 8 ? inflateRawSync(stored) : stored;
    expect(crc32(data)).toBe(crc);
    files.set(name, data);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.toString('ascii', 12, 16)).toBe('IHDR');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe('Teams app package', () => {
  const { zip } = buildTeamsAppPackage({ MICROSOFT_APP_ID: APP_ID, TEAMS_APP_WEBSITE_URL: 'https://notes.example.com/' });
  const files = readZip(zip);

  test('holds exactly manifest.json and the two icons at the root', () => {
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
  });

  test('icons are PNGs of the sizes Teams requires', () => {
    expect(pngSize(files.get('color.png')!)).toEqual([192, 192]);
    expect(pngSize(files.get('outline.png')!)).toEqual([32, 32]);
  });

  test('manifest: current schema, the bot id from config, a command list within Teams limits', () => {
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.developer.privacyUrl).toBe('https://notes.example.com/privacy');
    expect(JSON.stringify(manifest)).not.toContain('{{');
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    const [list] = manifest.bots[0].commandLists;
    expect(list.commands.length).toBeLessThanOrEqual(10);
    for (const command of list.commands) {
      expect(command.title.length).toBeLessThanOrEqual(32);
      expect(command.description.length).toBeLessThanOrEqual(128);
    }
    expect(list.commands.map((c: { title: string }) => c.title)).toEqual(expect.arrayContaining(['help', 'list', 'delete', 'bulk-delete', 'trash', 'restore']));
  });

  test('refuses to build without a GUID app id', () => {
    expect(() => buildTeamsAppPackage({ MICROSOFT_APP_ID: undefined, TEAMS_APP_WEBSITE_URL: undefined })).toThrow(/MICROSOFT_APP_ID/);
    expect(() => buildTeamsAppPackage({ MICROSOFT_APP_ID: 'my-bot', TEAMS_APP_WEBSITE_URL: undefined })).toThrow(/GUID/);
  });
});
