import { webApi } from '@slack/bolt';
import { ConfigError } from '../config.js';

/** Slack's answers that mean "this token is no good", as opposed to a passing outage. */
const REFUSED_TOKEN = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'team_disabled', 'user_removed_from_team']);

/**
 * Turns a failure of Slack's start-up calls (`auth.test` for the bot token, `apps.connections.open`
 * for Socket Mode's app token) into one line naming the setting to fix (DESIGN.md section 6:
 * credentials the platform rejects stop start-up like a bad setting). Anything else is returned
 * as it was.
 */
export function explainSlackStartFailure(error: unknown, tokenName: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN', apiUrl: string | undefined): unknown {
  const where = apiUrl ? `SLACK_API_URL=${apiUrl}` : "Slack's Web API (slack.com)";
  if (error instanceof webApi.WebAPIPlatformError) {
    const answer = error.data.error;
    if (REFUSED_TOKEN.has(answer)) {
      return new ConfigError(`Slack refused ${tokenName} (${answer}): copy the token again from the Slack app's settings and restart.`);
    }
    return new ConfigError(`Slack answered "${answer}" when checking ${tokenName}: check the token and the Slack app's settings.`);
  }
  if (error instanceof webApi.WebAPIRequestError) {
    const reason = causeOf(error.original);
    const fix = apiUrl ? 'check the URL or leave SLACK_API_URL unset for Slack itself' : 'check the network or proxy, or set SLACK_API_URL';
    return new ConfigError(`${where} is unreachable (${reason}): ${fix}.`);
  }
  if (error instanceof webApi.WebAPIHTTPError) {
    return new ConfigError(`${where} answered HTTP ${error.statusCode}, not Slack's Web API: check SLACK_API_URL.`);
  }
  if (error instanceof webApi.WebAPIRateLimitedError) {
    return new ConfigError(`Slack rate-limited the start-up check of ${tokenName}: start again in ${error.retryAfter} s.`);
  }
  return error;
}

/** fetch reports "fetch failed" and keeps the useful part (ECONNREFUSED, ENOTFOUND) in `cause`. */
function causeOf(error: Error): string {
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}
