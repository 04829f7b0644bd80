/** What Gerbang learns about a person from an external identity provider. */
export interface SocialProfile {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  /** Standard profile claims to provision into the user's attributes (given_name, picture...). */
  attributes: Record<string, string>;
}

/** One configured external identity provider (a "connection"). */
export interface SocialConnector {
  name: string;
  label: string;
  /** Where to send the browser: with state, nonce and a PKCE S256 challenge. */
  authorizationUrl(p: { redirectUri: string; state: string; nonce: string; codeChallenge: string }): Promise<string>;
  /** Exchanges the callback's code (checking state, nonce and PKCE) for the person's profile. */
  exchange(p: { redirectUri: string; callbackUrl: URL; state: string; nonce: string; codeVerifier: string }): Promise<SocialProfile>;
}

export interface ConnectionConfig {
  name: string;
  kind: 'google' | 'oidc' | 'oauth2';
  label: string;
  clientId: string;
  clientSecret: string;
  issuer?: string;
  authorizationUrl?: string;
  tokenUrl?: string;
  userinfoUrl?: string;
  scopes?: string[];
  /** oauth2: which userinfo fields hold the subject and email. */
  subjectField?: string;
  emailField?: string;
}

const PROFILE_CLAIMS = ['given_name', 'family_name', 'name', 'picture', 'locale'];

/** Keeps the standard profile claims that are plain strings. */
export function profileAttributes(claims: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(PROFILE_CLAIMS.filter((c) => typeof claims[c] === 'string' && claims[c]).map((c) => [c, String(claims[c])]));
}
