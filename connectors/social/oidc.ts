import * as client from 'openid-client';
import type { ConnectionConfig, SocialConnector } from './types.js';
import { profileAttributes } from './types.js';

/** Any OpenID Connect provider, by issuer URL (discovery, PKCE, state, nonce, ID token checks: openid-client). */
export function oidcConnector(c: ConnectionConfig): SocialConnector {
  let config: Promise<client.Configuration> | null = null;
  const discover = () => {
    const issuer = new URL(c.issuer!);
    config ??= client
      .discovery(issuer, c.clientId, c.clientSecret, undefined, issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined)
      .catch((err) => {
        config = null; // try again next time
        throw err;
      });
    return config;
  };
  return {
    name: c.name,
    label: c.label,
    trusted: c.trusted === true,
    async authorizationUrl(p) {
      return client
        .buildAuthorizationUrl(await discover(), {
          redirect_uri: p.redirectUri,
          scope: (c.scopes ?? ['openid', 'email', 'profile']).join(' '),
          state: p.state,
          nonce: p.nonce,
          code_challenge: p.codeChallenge,
          code_challenge_method: 'S256',
        })
        .toString();
    },
    async exchange(p) {
      const cfg = await discover();
      const tokens = await client.authorizationCodeGrant(cfg, p.callbackUrl, { pkceCodeVerifier: p.codeVerifier, expectedState: p.state, expectedNonce: p.nonce });
      const idClaims = tokens.claims()!;
      const info = await client.fetchUserInfo(cfg, tokens.access_token, idClaims.sub).catch(() => ({}) as Record<string, unknown>);
      const claims: Record<string, unknown> = { ...info, ...idClaims };
      return {
        subject: String(idClaims.sub),
        email: typeof claims.email === 'string' ? claims.email.toLowerCase() : null,
        emailVerified: claims.email_verified === true,
        attributes: profileAttributes(claims),
      };
    },
  };
}
