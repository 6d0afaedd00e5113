import type { ChatPlatform } from '../adapters/chat/platform.js';
import type { Config } from '../adapters/config.js';
import { slackPlatform } from '../adapters/slack/index.js';
import { teamsPlatform } from '../adapters/teams/index.js';

/**
 * Every chat platform of a server process, one line each (adapters/chat/platform.ts is the
 * contract). A platform starts when its settings are present; the order is the start order.
 */
export const PLATFORMS: ReadonlyArray<ChatPlatform<unknown>> = [
  slackPlatform,
  teamsPlatform(),
];

/** A server process runs when any platform is configured; else `npm start` runs the console. */
export function runsServer(config: Config): boolean {
  return PLATFORMS.some((platform) => platform.settingsFrom(config) !== null);
}
