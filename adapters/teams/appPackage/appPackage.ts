import { readFileSync } from 'node:fs';
import { ConfigError, type Config } from '../../config.js';
import { colorIcon, outlineIcon } from './png.js';
import { createZip } from './zip.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TeamsAppPackage {
  manifest: Record<string, unknown>;
  zip: Buffer;
}

/**
 * The zip a Teams admin uploads: manifest.json (the template with the bot's app id and the
 * developer URL filled in) and the two icons, all at the root of the archive as Teams requires.
 */
export function buildTeamsAppPackage(config: Pick<Config, 'MICROSOFT_APP_ID' | 'TEAMS_APP_WEBSITE_URL'>): TeamsAppPackage {
  const appId = config.MICROSOFT_APP_ID;
  if (!appId || !GUID.test(appId)) {
    throw new ConfigError(`Invalid MICROSOFT_APP_ID=${JSON.stringify(appId ?? '')}: the Teams package needs the Azure bot's app id (a GUID). See adapters/teams/README.md.`);
  }
  const websiteUrl = (config.TEAMS_APP_WEBSITE_URL ?? 'https://example.com/notes-bot').replace(/\/$/, '');
  const template = readFileSync(new URL('./manifest.json', import.meta.url), 'utf8');
  const text = template.replaceAll('{{MICROSOFT_APP_ID}}', appId).replaceAll('{{TEAMS_APP_WEBSITE_URL}}', websiteUrl);
  const manifest = JSON.parse(text) as Record<string, unknown>;
  const zip = createZip([
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    { name: 'color.png', data: colorIcon() },
    { name: 'outline.png', data: outlineIcon() },
  ]);
  return { manifest, zip };
}
