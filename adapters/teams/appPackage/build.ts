/**
 * `npm run teams:package`: writes the Teams app package (zip) for upload, and refreshes the two
 * icon files next to the manifest so the folder can also be inspected or zipped by hand.
 * Reads MICROSOFT_APP_ID (and optionally TEAMS_APP_WEBSITE_URL) through the config module.
 *
 *   MICROSOFT_APP_ID=<guid> npm run teams:package [-- <output.zip>]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../../config.js';
import { buildTeamsAppPackage } from './appPackage.js';
import { colorIcon, outlineIcon } from './png.js';

const here = path.dirname(fileURLToPath(import.meta.url));

try {
  const config = loadConfig(process.env);
  const { zip } = buildTeamsAppPackage(config);
  const output = path.resolve(process.argv[2] ?? 'dist/notes-teams-app.zip');
  mkdirSync(path.dirname(output), { recursive: true });
  writeFileSync(output, zip);
  writeFileSync(path.join(here, 'color.png'), colorIcon());
  writeFileSync(path.join(here, 'outline.png'), outlineIcon());
  process.stdout.write(`Wrote ${output} (${zip.length} bytes). Upload it in Teams: Apps > Manage your apps > Upload an app.\n`);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
