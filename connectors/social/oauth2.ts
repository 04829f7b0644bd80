import type { ConnectionConfig, SocialConnector } from './types.js';
import { profileAttributes } from './types.js';

/** A plain OAuth 2.0 provider with a userinfo URL (GitHub-like): authorization code with PKCE. */
export function oauth2Connector(c: ConnectionConfig): SocialConnector {
  return {
    name: c.name,
    label: c.label,
    trusted: c.trusted === true,
    async authorizationUrl(p) {
      const url = new URL(c.authorizationUrl!);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: c.clientId,
        redirect_uri: p.redirectUri,
        scope: (c.scopes ?? []).join(' '),
        state: p.state,
        code_challenge: p.codeChallenge,
        code_challenge_method: 'S256',
      }).toString();
      return url.toString();
    },
    async exchange(p) {
      if (p.callbackUrl.searchParams.get('state') !== p.state) throw new Error('state mismatch');
      const code = p.callbackUrl.searchParams.get('code') ?? '';
      const tokenRes = await fetch(c.tokenUrl!, {
        method: 'POST',
        headers: {
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${encodeURIComponent(c.clientId)}:${encodeURIComponent(c.clientSecret)}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: p.redirectUri, code_verifier: p.codeVerifier }),
      });
      const token = (await tokenRes.json()) as { access_token?: string };
      if (!tokenRes.ok || !token.access_token) throw new Error(`token endpoint answered ${tokenRes.status}`);
      const infoRes = await fetch(c.userinfoUrl!, { headers: { authorization: `Bearer ${token.access_token}`, accept: 'application/json' } });
      if (!infoRes.ok) throw new Error(`userinfo answered ${infoRes.status}`);
      const info = (await infoRes.json()) as Record<string, unknown>;
      const email = info[c.emailField ?? 'email'];
      return {
        subject: String(info[c.subjectField ?? 'sub'] ?? info.id),
        email: typeof email === 'string' ? email.toLowerCase() : null,
        emailVerified: info.email_verified === true,
        attributes: profileAttributes(info),
      };
    },
  };
}
