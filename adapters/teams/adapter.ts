import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { Config } from '../config.js';

/** The botbuilder credentials out of the config. */
export type TeamsCredentials = Pick<Config, 'MICROSOFT_APP_ID' | 'MICROSOFT_APP_PASSWORD' | 'MICROSOFT_APP_TYPE' | 'MICROSOFT_APP_TENANT_ID'>;

/**
 * botbuilder's CloudAdapter, authenticated from our config. With MICROSOFT_APP_ID every inbound
 * request must carry a Bot Framework token that botbuilder validates (issuer, audience, signing
 * key from the OpenID metadata, service URL claim); without it the adapter runs anonymous, which
 * is only for local use (Emulator, tests).
 *
 * `authOverrides` passes extra botbuilder settings, e.g. `ToBotFromChannelOpenIdMetadataUrl` for a
 * sovereign cloud, or a test's own signing keys.
 */
/** botbuilder's public-cloud endpoints (AuthenticationConstants, which botbuilder does not export). */
const PUBLIC_CLOUD: Record<string, string> = {
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  CallerId: 'urn:botframework:azure',
  ValidateAuthority: 'true',
};

export class TeamsCloudAdapter extends CloudAdapter {
  constructor(config: TeamsCredentials, authOverrides: Record<string, string> = {}) {
    super(
      new ConfigurationBotFrameworkAuthentication({
        MicrosoftAppId: config.MICROSOFT_APP_ID ?? '',
        MicrosoftAppPassword: config.MICROSOFT_APP_PASSWORD ?? '',
        MicrosoftAppType: config.MICROSOFT_APP_TYPE,
        MicrosoftAppTenantId: config.MICROSOFT_APP_TENANT_ID ?? '',
        // botbuilder treats any one of these settings as "all are given": fill in the rest.
        ...(Object.keys(authOverrides).length ? { ...PUBLIC_CLOUD, ...authOverrides } : {}),
      }),
    );
  }

  /**
   * Authenticates and runs one inbound activity. `CloudAdapter.process(req, res)` expects an
   * Express-style request with `req.body` already parsed and answers failed authentication with a
   * 500 for JWT library errors; our HTTP edge parses and validates the body itself and maps the
   * failures, so it calls this instead.
   */
  processInbound(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}
