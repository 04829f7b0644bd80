import { errors, type Configuration, type KoaContextWithOIDC, type ResourceServer } from 'oidc-provider';
import type { AppsRepo } from '../store/port.js';

type ResourceIndicators = Exclude<NonNullable<Configuration['features']>['resourceIndicators'], undefined>;

/** Lifetime of an access token for an API (seconds). */
const API_TOKEN_TTL = 3600;

/**
 * Resource indicators (RFC 8707): an app gets access tokens only for the APIs it is allowed, with the
 * scopes allowed there. Such tokens are JWTs (RFC 9068) whose audience is the API, so the API checks
 * them against /jwks without calling back. Tokens without a resource stay opaque, for /me.
 */
export function resourceIndicatorsFeature(apps: AppsRepo): ResourceIndicators {
  const allowedOf = async (clientId: string) => (await apps.get(clientId))?.resources ?? [];
  return {
    enabled: true,
    // Client credentials need an API; an app allowed exactly one gets it without asking.
    defaultResource: async (ctx: KoaContextWithOIDC, client, oneOf) => {
      if (oneOf) return oneOf;
      if (ctx.oidc.params?.grant_type !== 'client_credentials' || !client) return undefined;
      const allowed = await allowedOf(client.clientId);
      if (allowed.length === 1) return allowed[0].indicator;
      throw new errors.InvalidTarget('name the API with the resource parameter: this app may call several');
    },
    getResourceServerInfo: async (_ctx, indicator, client): Promise<ResourceServer> => {
      const allowed = (await allowedOf(client.clientId)).find((r) => r.indicator === indicator);
      if (!allowed) throw new errors.InvalidTarget('this app is not allowed to call that API');
      return {
        scope: allowed.scopes.join(' '),
        audience: indicator,
        accessTokenTTL: API_TOKEN_TTL,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      };
    },
    useGrantedResource: async () => false,
  };
}
