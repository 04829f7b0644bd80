import { Strategy as GoogleStrategy, type Profile } from 'passport-google-oauth20';
import type { ConnectionConfig, SocialConnector } from './types.js';

/** The node-oauth client inside passport-oauth2 strategies (documented as `_oauth2`). */
interface OAuth2Client {
  getAuthorizeUrl(params: Record<string, string>): string;
  getOAuthAccessToken(code: string, params: Record<string, string>, cb: (err: unknown, accessToken?: string) => void): void;
  useAuthorizationHeaderforGET(use: boolean): void;
}

/**
 * Google through passport-google-oauth20: its OAuth2 client and profile parsing. The endpoints can be
 * pointed elsewhere by configuration (tests point them at a local OpenID provider).
 */
export function googleConnector(c: ConnectionConfig): SocialConnector {
  const strategy = new GoogleStrategy(
    {
      clientID: c.clientId,
      clientSecret: c.clientSecret,
      callbackURL: '/unused', // we pass redirect_uri per request
      ...(c.authorizationUrl ? { authorizationURL: c.authorizationUrl } : {}),
      ...(c.tokenUrl ? { tokenURL: c.tokenUrl } : {}),
      ...(c.userinfoUrl ? { userProfileURL: c.userinfoUrl } : {}),
    },
    () => undefined,
  );
  const oauth2 = (strategy as unknown as { _oauth2: OAuth2Client })._oauth2;
  // Send the access token in the Authorization header, not the query string (RFC 6750 section 2.1).
  oauth2.useAuthorizationHeaderforGET(true);
  const profileOf = (accessToken: string) =>
    new Promise<Profile>((resolve, reject) => strategy.userProfile(accessToken, (err, profile) => (err ? reject(err) : resolve(profile as Profile))));

  return {
    name: c.name,
    label: c.label,
    trusted: c.trusted === true,
    async authorizationUrl(p) {
      return oauth2.getAuthorizeUrl({
        response_type: 'code',
        redirect_uri: p.redirectUri,
        scope: (c.scopes ?? ['openid', 'email', 'profile']).join(' '),
        state: p.state,
        nonce: p.nonce,
        code_challenge: p.codeChallenge,
        code_challenge_method: 'S256',
      });
    },
    async exchange(p) {
      if (p.callbackUrl.searchParams.get('state') !== p.state) throw new Error('state mismatch');
      const code = p.callbackUrl.searchParams.get('code');
      if (!code) throw new Error('no authorization code');
      const accessToken = await new Promise<string>((resolve, reject) =>
        oauth2.getOAuthAccessToken(code, { grant_type: 'authorization_code', redirect_uri: p.redirectUri, code_verifier: p.codeVerifier }, (err, token) =>
          err || !token ? reject(err ?? new Error('no access token')) : resolve(token),
        ),
      );
      const profile = await profileOf(accessToken);
      const json = (profile as unknown as { _json: Record<string, unknown> })._json ?? {};
      const email = profile.emails?.[0];
      return {
        subject: profile.id,
        email: email?.value?.toLowerCase() ?? null,
        emailVerified: (email as { verified?: boolean | string } | undefined)?.verified === true || json.email_verified === true,
        attributes: Object.fromEntries(
          Object.entries({
            given_name: profile.name?.givenName,
            family_name: profile.name?.familyName,
            name: profile.displayName,
            picture: profile.photos?.[0]?.value,
            locale: typeof json.locale === 'string' ? json.locale : undefined,
          }).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
        ),
      };
    },
  };
}
