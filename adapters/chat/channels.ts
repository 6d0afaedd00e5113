import { splitPlatformPrefix, type Platform } from '../../src/domain/actor.js';

/**
 * A channel setting shared by every platform (APPROVAL_CHANNEL, BACKUP_DIGEST_CHANNEL) as seen by
 * one platform: `<platform>:<id>` is that platform's `<id>`; another platform's prefix
 * (`feishu:oc_1` seen from Slack) means "not yours" (undefined); an id without a platform prefix
 * is returned as it is, for the platform to judge by its own id shapes (Slack `C0123`, Teams
 * `19:abc@thread.tacv2`, Feishu `oc_...`).
 */
export function channelSettingFor(platform: Platform, setting: string | undefined): string | undefined {
  if (!setting) return undefined;
  const prefixed = splitPlatformPrefix(setting);
  if (!prefixed) return setting;
  return prefixed[0] === platform ? prefixed[1] || undefined : undefined;
}
